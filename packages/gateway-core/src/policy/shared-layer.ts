/**
 * What an app stack may touch of the shared layer, and how the lint recognises it.
 *
 * Trust flows one way (DESIGN principle 8): apps read `/frontdesk/<stage>/…`, the shared stack
 * writes it, and every app's authorizer is the one function the shared stack names
 * deterministically (`frontdesk-<stage>-authorizer`, see `authorizerFunctionName`) in the app's
 * own account and region. The templates are rendered with `render()`, so pseudo parameters read
 * `${AWS::Region}` / `${AWS::AccountId}`.
 */

import { authorizerFunctionName } from '../contract/names.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The stage's name pattern: the stage the lint runs for, or any stage name when it is not known. */
function stagePattern(stage: string | undefined): string {
  return stage === undefined ? '[a-z0-9-]+' : escapeRegExp(stage);
}

/** {@link authorizerFunctionName} as a regular expression source, with `stage` as a pattern. */
function authorizerNameSource(stage: string | undefined): string {
  const placeholder = '\u0000';
  return escapeRegExp(authorizerFunctionName(placeholder)).replace(placeholder, stagePattern(stage));
}

/** The shared authorizer's function name for `stage` (any stage when undefined). */
export function authorizerNamePattern(stage: string | undefined): RegExp {
  return new RegExp(`^${authorizerNameSource(stage)}$`);
}

/**
 * Whether `uri` (a rendered `AuthorizerUri`) invokes the shared authorizer: the deterministic
 * function name, in the stack's own account and region, unqualified. Anything else (a literal
 * ARN in another account, a template parameter's value, an alias or version) is not Frontdesk's.
 */
export function invokesFrontdeskAuthorizer(uri: string, stage: string | undefined): boolean {
  const fn = `arn:\\$\\{AWS::Partition\\}:lambda:\\$\\{AWS::Region\\}:\\$\\{AWS::AccountId\\}:function:${authorizerNameSource(stage)}`;
  return new RegExp(
    `^arn:(?:\\$\\{AWS::Partition\\}|aws[a-z-]*):apigateway:(?:\\$\\{AWS::Region\\}|[a-z0-9-]+):lambda:path/2015-03-31/functions/${fn}/invocations$`,
  ).test(uri);
}

/** An IAM resource glob (`*` and `?`) as a regular expression over whole ARNs. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char)))
      .join('')}$`,
    's',
  );
}

/** Samples of what the shared layer owns: if a resource glob matches one, the grant reaches the shared layer. */
function sharedSamples(stage: string | undefined): string[] {
  const name = stage ?? 'dev';
  return [
    `arn:aws:ssm:eu-west-1:111111111111:parameter/frontdesk/${name}/authorizer/function-arn`,
    `arn:aws:ssm:eu-west-1:111111111111:parameter/frontdesk/${name}/authorizer/dpop`,
    `arn:aws:secretsmanager:eu-west-1:111111111111:secret:frontdesk/${name}/shared-AbCdEf`,
    `arn:aws:lambda:eu-west-1:111111111111:function:frontdesk-${name}-authorizer`,
    `arn:aws:lambda:eu-west-1:111111111111:function:frontdesk-${name}-authorizer:live`,
  ];
}

/**
 * Whether a rendered IAM resource may reach what the shared layer owns: its parameters and
 * secrets outside the app's own `/frontdesk/<stage>/<app>/` (or `apps/<app>/`) namespace, or the
 * authorizer function. Pseudo parameters and other unresolved parts count as wildcards, so a
 * resource that could be the shared layer in some account or region is treated as if it were.
 * (Callers skip resources that reference the stack's own resources first.)
 */
export function reachesSharedLayer(resource: string, app: string, stage: string | undefined): boolean {
  const glob = resource.replace(/\$\{[^}]*\}/g, '*');
  const pattern = globToRegExp(glob);
  if (sharedSamples(stage).some((sample) => pattern.test(sample))) return true;
  // A literal path under /frontdesk/<stage>/ that is not the app's own namespace.
  const path = /(?:parameter|secret:)\/?frontdesk\/([^/]+)\/([^/]*)(?:\/([^/]*))?/.exec(glob);
  if (!path) return false;
  const [, pathStage, first, second] = path;
  if (stage !== undefined && pathStage !== stage && !pathStage?.includes('*')) return false;
  const owner = first === 'apps' ? second : first;
  return owner !== app;
}

/** The services whose resources make up the shared layer. */
const SHARED_SERVICES = new Set(['ssm', 'secretsmanager', 'lambda']);

/** Actions an app may perform on shared parameters and secrets: reading them, nothing else. */
const READ_ACTIONS = new Set(
  [
    'ssm:GetParameter',
    'ssm:GetParameters',
    'ssm:GetParametersByPath',
    'ssm:GetParameterHistory',
    'ssm:DescribeParameters',
    'secretsmanager:GetSecretValue',
    'secretsmanager:DescribeSecret',
    // Generates a random string; touches no secret (it has no resource-level permissions).
    'secretsmanager:GetRandomPassword',
  ].map((action) => action.toLowerCase()),
);

/** Actions that change the shared layer, used to decide whether an action glob (`ssm:Put*`, `*`) can write. */
const WRITE_SAMPLES = [
  'ssm:PutParameter',
  'ssm:DeleteParameter',
  'ssm:DeleteParameters',
  'ssm:LabelParameterVersion',
  'ssm:AddTagsToResource',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:DeleteSecret',
  'secretsmanager:RotateSecret',
  'secretsmanager:UpdateSecretVersionStage',
  'secretsmanager:PutResourcePolicy',
  'lambda:InvokeFunction',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:AddPermission',
  'lambda:UpdateAlias',
  'lambda:PublishVersion',
  'lambda:DeleteFunction',
];

/**
 * Whether `action` (an IAM action or action glob) does more than read shared values. An app has no
 * reason to call the authorizer function at all (API Gateway invokes it under its own resource
 * policy), so every `lambda:` action counts.
 */
export function isSharedLayerWrite(action: string): boolean {
  const lower = action.toLowerCase();
  if (!lower.includes('*') && !lower.includes('?')) return SHARED_SERVICES.has(lower.split(':')[0] as string) && !READ_ACTIONS.has(lower);
  const pattern = globToRegExp(lower);
  return WRITE_SAMPLES.some((sample) => pattern.test(sample.toLowerCase()));
}

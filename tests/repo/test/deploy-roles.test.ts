import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREVIEW_CDK_QUALIFIER, PREVIEW_PERMISSIONS_BOUNDARY, PREVIEW_TOOLKIT_STACK } from '@frontdesk/gateway-core/cdk';
import { bootstrapArguments } from '../../../infra/scripts/bootstrap.ts';
import { decide, type Request, type Statement } from './iam-policy.ts';
import { readYaml, repoRoot } from './repo.ts';

const templateFile = join(repoRoot, '.github/aws/deploy-roles.yml');
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const REPO = 'acme/frontdesk';

interface RawTemplate {
  Parameters: Record<string, { Default?: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Description: string; Condition?: string }>;
}

/**
 * The template's resources with every intrinsic resolved for one set of parameters, as
 * CloudFormation would: Ref, Fn::Sub, Fn::If, Fn::Equals; resources whose condition is false dropped.
 */
function resolveTemplate(overrides: Record<string, string> = {}): Record<string, { Type: string; Properties: Record<string, unknown> }> {
  const raw = readYaml<RawTemplate>('.github/aws/deploy-roles.yml');
  const params: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': ACCOUNT,
    'AWS::Region': REGION,
    GitHubRepository: REPO,
  };
  for (const [name, parameter] of Object.entries(raw.Parameters)) if (parameter.Default !== undefined) params[name] ??= parameter.Default;
  Object.assign(params, overrides);
  const conditions: Record<string, boolean> = {};
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node);
    if (entries.length === 1) {
      const [key, value] = entries[0]!;
      if (key === 'Ref') return params[value as string] ?? `ref:${value as string}`;
      if (key === 'Fn::Sub') return (value as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => params[name] ?? `\${${name}}`);
      if (key === 'Fn::Equals') return (value as unknown[]).map(resolve).reduce((a, b) => a === b);
      if (key === 'Fn::If') {
        const [condition, whenTrue, whenFalse] = value as [string, unknown, unknown];
        return resolve(conditions[condition] ? whenTrue : whenFalse);
      }
      if (key === 'Fn::GetAtt') return `getatt:${(value as string[]).join('.')}`;
    }
    return Object.fromEntries(entries.map(([key, value]) => [key, resolve(value)]));
  };
  for (const [name, expression] of Object.entries(raw.Conditions)) conditions[name] = resolve(expression) as boolean;
  return Object.fromEntries(
    Object.entries(raw.Resources)
      .filter(([, resource]) => resource.Condition === undefined || conditions[resource.Condition])
      .map(([id, resource]) => [id, resolve(resource) as { Type: string; Properties: Record<string, unknown> }]),
  );
}

type Resolved = ReturnType<typeof resolveTemplate>;
const trustOf = (resources: Resolved, role: string) =>
  (resources[role]!.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
const permissionsOf = (resources: Resolved, role: string) =>
  (resources[role]!.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );
const boundaryOf = (resources: Resolved) => (resources.PreviewBoundary!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;

/** Whether a GitHub OIDC token with this `sub` (and the right `aud`) may assume `role`. */
function trusts(resources: Resolved, role: string, sub: string, aud = 'sts.amazonaws.com'): boolean {
  const context = { 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': aud };
  return decide(trustOf(resources, role), { action: 'sts:AssumeRoleWithWebIdentity', resource: '*', context }) === 'allowed';
}

const arn = {
  role: (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`,
  stack: (name: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0b2f7f40-8c3e-11ee-b9d1-0242ac120002`,
  parameter: (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`,
  fn: (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
  table: (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`,
  secret: (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`,
  apigw: (path: string) => `arn:aws:apigateway:${REGION}::${path}`,
  alarm: (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
};
const bootstrapRole = (qualifier: string, kind: string) => arn.role(`cdk-${qualifier}-${kind}-${ACCOUNT}-${REGION}`);
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/${PREVIEW_PERMISSIONS_BOUNDARY}`;

interface Job {
  environment?: string | { name: string };
  steps: { uses?: string; with?: Record<string, string> }[];
}

/** The (environment, role variable) pairs of every workflow job that assumes an AWS role. */
function roleAssumingJobs(): { environment: string | undefined; roleVariable: string }[] {
  return ['preview.yml', 'deploy.yml', 'release.yml', 'ci.yml'].flatMap((name) =>
    Object.values(readYaml<{ jobs: Record<string, Job> }>(`.github/workflows/${name}`).jobs).flatMap((job) =>
      job.steps
        .filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))
        .map((step) => ({
          environment: typeof job.environment === 'string' ? job.environment : job.environment?.name,
          roleVariable: /vars\.(\w+)/.exec(step.with?.['role-to-assume'] ?? '')?.[1] ?? '',
        })),
    ),
  );
}

describe('.github/aws/deploy-roles.yml loads in CloudFormation terms', () => {
  // Importing aws-cdk-lib's cloudformation-include takes minutes when every workspace tests at once.
  it('is a template CDK can include, with the provider optional', { timeout: 600_000 }, () => {
    const synthesize = (parameters: Record<string, string>) => {
      const stack = new Stack(new App(), 'DeployRoles', { env: { account: ACCOUNT, region: REGION } });
      new CfnInclude(stack, 'Roles', { templateFile, parameters });
      return Template.fromStack(stack);
    };
    const all = synthesize({ GitHubRepository: REPO });
    all.resourceCountIs('AWS::IAM::Role', 3);
    all.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    all.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    const json = synthesize({ GitHubRepository: REPO, CreateOidcProvider: 'false' }).toJSON() as { Conditions: Record<string, unknown> };
    expect(json.Conditions.CreateProvider).toEqual({ 'Fn::Equals': ['false', 'true'] });
  });
});

describe('trust: each role answers one workflow environment of one repository', () => {
  const resources = resolveTemplate();

  it('binds every role-assuming job to its environment and that environment’s AWS_ROLE_ARN', () => {
    const jobs = roleAssumingJobs();
    expect(jobs.map((job) => job.environment).sort()).toEqual(['dev', 'preview', 'preview', 'production']);
    for (const job of jobs) expect(job.roleVariable).toBe('AWS_ROLE_ARN');
    const outputs = readYaml<RawTemplate>('.github/aws/deploy-roles.yml').Outputs;
    for (const environment of ['preview', 'dev', 'production']) {
      expect(Object.values(outputs).map((output) => output.Description)).toContain(
        `set as the ${environment} environment's variable AWS_ROLE_ARN`,
      );
    }
  });

  it.each([
    ['PreviewDeployRole', 'preview'],
    ['DevDeployRole', 'dev'],
    ['ProductionDeployRole', 'production'],
  ])('%s trusts repo:%s only in its own environment', (role, environment) => {
    expect(trusts(resources, role, `repo:${REPO}:environment:${environment}`)).toBe(true);
    for (const other of ['preview', 'dev', 'production'].filter((name) => name !== environment)) {
      expect(trusts(resources, role, `repo:${REPO}:environment:${other}`), other).toBe(false);
    }
    expect(trusts(resources, role, `repo:${REPO}:ref:refs/heads/main`)).toBe(false); // a job without an environment
    expect(trusts(resources, role, `repo:${REPO}:pull_request`)).toBe(false);
    expect(trusts(resources, role, `repo:acme/other:environment:${environment}`)).toBe(false);
    expect(trusts(resources, role, `repo:${REPO}:environment:${environment}`, 'https://github.com/acme')).toBe(false);
  });

  it('with the ref in the subject, production and dev trust main only, previews pull request merge refs only', () => {
    const withRef = resolveTemplate({ OidcSubjectIncludesRef: 'true' });
    for (const [role, environment] of [
      ['ProductionDeployRole', 'production'],
      ['DevDeployRole', 'dev'],
    ] as const) {
      expect(trusts(withRef, role, `repo:${REPO}:environment:${environment}:ref:refs/heads/main`)).toBe(true);
      expect(trusts(withRef, role, `repo:${REPO}:environment:${environment}:ref:refs/heads/feature`)).toBe(false);
      expect(trusts(withRef, role, `repo:${REPO}:environment:${environment}:ref:refs/pull/7/merge`)).toBe(false);
      expect(trusts(withRef, role, `repo:${REPO}:environment:${environment}`)).toBe(false);
    }
    expect(trusts(withRef, 'PreviewDeployRole', `repo:${REPO}:environment:preview:ref:refs/pull/7/merge`)).toBe(true);
    expect(trusts(withRef, 'PreviewDeployRole', `repo:${REPO}:environment:preview:ref:refs/heads/main`)).toBe(false);
  });

  it('supports a separate preview account: each account gets only the roles it should hold', () => {
    expect(Object.keys(resolveTemplate({ DevRole: 'false', ProductionRole: 'false' })).sort()).toEqual([
      'GitHubOidcProvider',
      'PreviewBoundary',
      'PreviewDeployRole',
    ]);
    expect(Object.keys(resolveTemplate({ PreviewRole: 'false' })).sort()).toEqual([
      'DevDeployRole',
      'GitHubOidcProvider',
      'ProductionDeployRole',
    ]);
  });
});

describe('the preview role cannot act on another stage', () => {
  const resources = resolveTemplate();
  const preview = permissionsOf(resources, 'PreviewDeployRole');
  const may = (request: Request) => decide(preview, request) === 'allowed';
  const execRole = bootstrapRole(PREVIEW_CDK_QUALIFIER, 'cfn-exec-role');

  it('assumes no CDK deploy or execution role, of any qualifier; only the preview publishing role', () => {
    for (const qualifier of ['hnb659fds', PREVIEW_CDK_QUALIFIER]) {
      for (const kind of ['deploy-role', 'cfn-exec-role'])
        expect(decide(preview, { action: 'sts:AssumeRole', resource: bootstrapRole(qualifier, kind) }), `${qualifier} ${kind}`).toBe(
          'denied',
        );
    }
    expect(may({ action: 'sts:AssumeRole', resource: bootstrapRole('hnb659fds', 'file-publishing-role') })).toBe(false);
    expect(may({ action: 'sts:AssumeRole', resource: bootstrapRole(PREVIEW_CDK_QUALIFIER, 'file-publishing-role') })).toBe(true);
  });

  it('changes frontdesk-pr-* stacks only, and only through the bounded preview execution role', () => {
    const roleArn = (role: string) => ({ 'cloudformation:RoleArn': role });
    expect(
      may({ action: 'cloudformation:CreateChangeSet', resource: arn.stack('frontdesk-pr-7-gateway'), context: roleArn(execRole) }),
    ).toBe(true);
    expect(
      may({
        action: 'cloudformation:CreateChangeSet',
        resource: arn.stack('frontdesk-pr-7-gateway'),
        context: roleArn(bootstrapRole('hnb659fds', 'cfn-exec-role')),
      }),
    ).toBe(false);
    expect(may({ action: 'cloudformation:CreateChangeSet', resource: arn.stack('frontdesk-pr-7-gateway') })).toBe(false); // the stack's old role
    for (const stack of ['frontdesk-prod-gateway', 'frontdesk-dev-app-orders', 'CDKToolkit', 'frontdesk-github-deploy-roles']) {
      for (const action of [
        'cloudformation:CreateChangeSet',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:UpdateStack',
        'cloudformation:DeleteStack',
      ]) {
        expect(decide(preview, { action, resource: arn.stack(stack), context: roleArn(execRole) }), `${action} ${stack}`).toBe('denied');
      }
    }
    expect(may({ action: 'cloudformation:ExecuteChangeSet', resource: arn.stack('frontdesk-pr-7-app-orders') })).toBe(true);
    expect(may({ action: 'cloudformation:DeleteStack', resource: arn.stack('frontdesk-pr-7-app-orders') })).toBe(true);
  });

  it('passes only the preview execution role, to CloudFormation only, and touches no resource itself', () => {
    const toCfn = { 'iam:PassedToService': 'cloudformation.amazonaws.com' };
    expect(may({ action: 'iam:PassRole', resource: execRole, context: toCfn })).toBe(true);
    expect(may({ action: 'iam:PassRole', resource: execRole, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })).toBe(false);
    expect(may({ action: 'iam:PassRole', resource: bootstrapRole('hnb659fds', 'cfn-exec-role'), context: toCfn })).toBe(false);
    expect(may({ action: 'ssm:PutParameter', resource: arn.parameter('/frontdesk/prod/authorizer/function-arn') })).toBe(false);
    // CreateChangeSet resolves an app template's SSM-typed parameters with the caller's credentials.
    expect(may({ action: 'ssm:GetParameters', resource: arn.parameter('/frontdesk/pr-7/authorizer/function-arn') })).toBe(true);
    expect(may({ action: 'ssm:GetParameters', resource: arn.parameter('/frontdesk/prod/authorizer/function-arn') })).toBe(false);
    expect(may({ action: 'ssm:GetParameter', resource: arn.parameter(`/cdk-bootstrap/${PREVIEW_CDK_QUALIFIER}/version`) })).toBe(true);
    expect(may({ action: 'lambda:UpdateFunctionCode', resource: arn.fn('frontdesk-prod-authorizer') })).toBe(false);
  });

  it('leaves dev and production on the default bootstrap: deploy roles yes, execution role no', () => {
    for (const role of ['DevDeployRole', 'ProductionDeployRole']) {
      const statements = permissionsOf(resources, role);
      expect(decide(statements, { action: 'sts:AssumeRole', resource: bootstrapRole('hnb659fds', 'deploy-role') })).toBe('allowed');
      expect(decide(statements, { action: 'sts:AssumeRole', resource: bootstrapRole('hnb659fds', 'cfn-exec-role') })).not.toBe('allowed');
      expect(decide(statements, { action: 'sts:AssumeRole', resource: bootstrapRole(PREVIEW_CDK_QUALIFIER, 'deploy-role') })).not.toBe(
        'allowed',
      );
    }
  });
});

describe('the preview permissions boundary keeps the execution role and preview roles to pr-* resources', () => {
  const resources = resolveTemplate();
  const boundary = boundaryOf(resources);
  const capped = (request: Request) => decide(boundary, request);

  it('is the boundary the preview stacks and the preview bootstrap name', () => {
    expect(resources.PreviewBoundary!.Properties.ManagedPolicyName).toBe(PREVIEW_PERMISSIONS_BOUNDARY);
    expect(bootstrapArguments('preview')).toEqual([
      'bootstrap',
      '--no-notices',
      '--qualifier',
      PREVIEW_CDK_QUALIFIER,
      '--toolkit-stack-name',
      PREVIEW_TOOLKIT_STACK,
      '--custom-permissions-boundary',
      PREVIEW_PERMISSIONS_BOUNDARY,
      '--apply-permissions-boundary-to-all-roles',
    ]);
    expect(bootstrapArguments('pr-12')).toEqual(bootstrapArguments('preview'));
    expect(bootstrapArguments('prod')).not.toContain('--qualifier');
    expect(() => bootstrapArguments('qa')).toThrow(/STAGE="qa" is not a stage/);
  });

  it.each([
    ['ssm:PutParameter', arn.parameter('/frontdesk/{stage}/authorizer/function-arn')],
    ['cloudformation:UpdateStack', arn.stack('frontdesk-{stage}-gateway')],
    ['lambda:UpdateFunctionCode', arn.fn('frontdesk-{stage}-authorizer')],
    ['lambda:AddPermission', arn.fn('frontdesk-{stage}-authorizer')],
    ['dynamodb:PutItem', arn.table('frontdesk-{stage}-gateway-GatewayReplayTable1A2B3C')],
    ['secretsmanager:GetSecretValue', arn.secret('frontdesk/{stage}/orders/db')],
    ['cloudwatch:DeleteAlarms', arn.alarm('frontdesk-{stage}-orders-5xx-rate')],
    ['iam:PassRole', arn.role('frontdesk-{stage}-app-orders-OrdersFunctionRole')],
    ['iam:PutRolePolicy', arn.role('frontdesk-{stage}-app-orders-OrdersFunctionRole')],
  ])('%s on %s: pr-7 yes; dev and prod never', (action, template) => {
    expect(capped({ action, resource: template.replace('{stage}', 'pr-7') })).toBe('allowed');
    for (const stage of ['dev', 'prod']) expect(capped({ action, resource: template.replace('{stage}', stage) }), stage).toBe('denied');
  });

  it('creates roles only inside the boundary, and never lets it go', () => {
    const withBoundary = { 'iam:PermissionsBoundary': BOUNDARY_ARN };
    expect(capped({ action: 'iam:CreateRole', resource: arn.role('frontdesk-pr-7-app-orders-Role'), context: withBoundary })).toBe(
      'allowed',
    );
    expect(capped({ action: 'iam:CreateRole', resource: arn.role('frontdesk-pr-7-app-orders-Role') })).toBe('denied');
    expect(capped({ action: 'iam:CreateRole', resource: arn.role('frontdesk-prod-app-orders-Role'), context: withBoundary })).toBe(
      'denied',
    );
    expect(capped({ action: 'iam:DeleteRolePermissionsBoundary', resource: arn.role('frontdesk-pr-7-app-orders-Role') })).toBe('denied');
    expect(capped({ action: 'iam:CreatePolicyVersion', resource: BOUNDARY_ARN })).toBe('denied');
    expect(capped({ action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${ACCOUNT}:user/admin` })).toBe('denied');
    expect(capped({ action: 'iam:PassRole', resource: bootstrapRole(PREVIEW_CDK_QUALIFIER, 'cfn-exec-role') })).toBe('allowed');
  });

  it('keeps to its own APIs, domains and DNS names', () => {
    const tagged = (stage: string) => ({ 'aws:ResourceTag/frontdesk:stage': stage });
    expect(capped({ action: 'apigateway:POST', resource: arn.apigw('/apis') })).toBe('allowed');
    expect(capped({ action: 'apigateway:PATCH', resource: arn.apigw('/apis/a1b2c3'), context: tagged('pr-7') })).toBe('allowed');
    expect(capped({ action: 'apigateway:PATCH', resource: arn.apigw('/apis/a1b2c3'), context: tagged('prod') })).toBe('denied');
    expect(capped({ action: 'apigateway:DELETE', resource: arn.apigw('/apis/a1b2c3/routes/r1'), context: tagged('dev') })).toBe('denied');
    expect(capped({ action: 'apigateway:POST', resource: arn.apigw('/domainnames/pr-7.preview.acme.com/apimappings') })).toBe('allowed');
    expect(capped({ action: 'apigateway:POST', resource: arn.apigw('/domainnames/api.acme.com/apimappings') })).toBe('denied');
    expect(
      capped({ action: 'apigateway:POST', resource: arn.apigw('/tags/arn%3Aaws%3Aapigateway%3Aeu-west-1%3A%3A%2Fapis%2Fa1b2c3') }),
    ).toBe('denied');
    const records = (names: string[]) => ({ 'route53:ChangeResourceRecordSetsNormalizedRecordNames': names });
    expect(
      capped({
        action: 'route53:ChangeResourceRecordSets',
        resource: 'arn:aws:route53:::hostedzone/Z1',
        context: records(['pr-7.preview.acme.com', '_x1.pr-7.preview.acme.com']),
      }),
    ).toBe('allowed');
    expect(
      capped({
        action: 'route53:ChangeResourceRecordSets',
        resource: 'arn:aws:route53:::hostedzone/Z1',
        context: records(['api.acme.com']),
      }),
    ).toBe('denied');
    expect(
      capped({
        action: 'route53:ChangeResourceRecordSets',
        resource: 'arn:aws:route53:::hostedzone/Z1',
        context: records(['pr-7.preview.acme.com', 'api.acme.com']),
      }),
    ).toBe('denied');
    expect(
      capped({
        action: 'route53:ChangeResourceRecordSets',
        resource: 'arn:aws:route53:::hostedzone/Z1',
        context: records(['_x1.api.acme.com']),
      }),
    ).toBe('denied');
  });

  it('grants no bare "*" action anywhere', () => {
    for (const resource of Object.values(resources)) {
      expect(JSON.stringify(resource.Properties)).not.toMatch(/"Action":"\*"|"Action":\["\*"\]/);
    }
  });
});

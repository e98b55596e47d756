import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The context the CDK CLI (2.1x) passes every app it runs, beside `cdk.json`'s own context and
 * `cdk.context.json`: observed as `CDK_CONTEXT_JSON` under `cdk synth`. Path and asset metadata
 * and version reporting are on, every stack is bundled, and validation errors are reported rather
 * than thrown by the app.
 */
export const CLI_DEFAULT_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
  '@aws-cdk/core:failSynthOnValidationErrors': false,
} as const;

/** Where an AWS account or region could come from that only the CLI (with the AWS SDK) resolves. */
const CREDENTIAL_VARIABLES = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

export type SynthPlan =
  | { readonly direct: true; readonly env: Readonly<Record<string, string>> }
  | { readonly direct: false; readonly reason: string };

/**
 * How to synthesize the app in `appDir` exactly as `cdk synth` would, without the CLI's process:
 * the environment variables the CLI would set for it, or why only the CLI can tell.
 *
 * The CLI sets `CDK_DEFAULT_ACCOUNT` from the caller's credentials (STS) and `CDK_DEFAULT_REGION`
 * from the AWS configuration (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's config, else
 * us-east-1). Without any credential or config source it sets the region to us-east-1 and no account;
 * with one, and no `CDK_DEFAULT_ACCOUNT` given, the CLI must resolve them (`direct: false`).
 */
export function synthPlan(appDir: string, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): SynthPlan {
  const configured = CREDENTIAL_VARIABLES.filter((name) => env[name]);
  const files = [
    env.AWS_CONFIG_FILE ?? join(home, '.aws/config'),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws/credentials'),
  ].filter((file) => existsSync(file));
  const region = env.CDK_DEFAULT_REGION || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!env.CDK_DEFAULT_ACCOUNT && (configured.length > 0 || files.length > 0)) {
    return {
      direct: false,
      reason: `AWS credentials or config (${[...configured, ...files].join(', ')}) may name an account only the CDK CLI resolves`,
    };
  }
  if (!region && files.length > 0) return { direct: false, reason: `the region may come from ${files.join(', ')}` };

  const context = {
    ...readContext(join(appDir, 'cdk.json'), true),
    ...readContext(join(appDir, 'cdk.context.json'), false),
    ...CLI_DEFAULT_CONTEXT,
  };
  return {
    direct: true,
    env: {
      CDK_OUTDIR: assemblyDir(appDir, env),
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_DEFAULT_REGION: region || 'us-east-1',
      ...(env.CDK_DEFAULT_ACCOUNT && { CDK_DEFAULT_ACCOUNT: env.CDK_DEFAULT_ACCOUNT }),
    },
  };
}

function readJson(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** `cdk.json` nests its context under `context`; `cdk.context.json` is the context itself. */
function readContext(file: string, nested: boolean): Record<string, unknown> {
  const json = readJson(file) ?? {};
  return ((nested ? json.context : json) ?? {}) as Record<string, unknown>;
}

/** Where the app's cloud assembly goes: `CDK_OUTDIR` when set (relative to the app), else `cdk.json`'s `output`, else `cdk.out`. */
export function assemblyDir(appDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.CDK_OUTDIR) return resolve(appDir, env.CDK_OUTDIR);
  const output = readJson(join(appDir, 'cdk.json'))?.output;
  return join(appDir, typeof output === 'string' && output !== '' ? output : 'cdk.out');
}

import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { resolveStage } from '@frontdesk/gateway-core';
import { appFunctionName, LIVE_ALIAS } from '@frontdesk/gateway-core/contract';
import { actorFrom, ciRunFrom, type RollbackAuditRecord } from './audit-line.ts';
import { rollbackAlias, type AliasState } from './rollback-alias.ts';
import { RollbackError } from './rollback-error.ts';

const APP_NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;

const USAGE = `Usage: pnpm rollback <app> --stage <stage> [--to <version>] [--endpoint <url>] [--region <region>]

Moves the app's "live" alias back to the previous published version (or to --to), in seconds.
  <app>              the app's manifest name, e.g. orders
  --stage <stage>    dev, prod or pr-<n>
  --to <version>     a published version number instead of the previous one
  --endpoint <url>   a Lambda API endpoint, e.g. the local one of pnpm dev (env FRONTDESK_LAMBDA_ENDPOINT)
  --region <region>  AWS region (env AWS_REGION)

Human-readable progress goes to stderr; one JSON audit line goes to stdout.
Exit codes: 0 rolled back, 1 failed, 2 refused (nothing to roll back to, unknown version, …), 64 usage.`;

export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

/** `pnpm rollback`: parses arguments, rolls `live` back, prints before/after, writes one audit line. Returns the exit code. */
export async function runRollback(argv: readonly string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        stage: { type: 'string' },
        to: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.err(USAGE);
    return 0;
  }
  const [app, ...extra] = positionals;
  if (!app) return usage(io, 'name the app to roll back, e.g. pnpm rollback orders --stage dev');
  if (extra.length > 0) return usage(io, `unexpected arguments: ${extra.join(' ')}`);
  if (!APP_NAME.test(app)) return usage(io, `"${app}" is not an app name (lower-case letters, digits and "-")`);
  if (!values.stage) return usage(io, '--stage is required (dev, prod or pr-<n>): a rollback names its stage explicitly');
  let stage: string;
  try {
    stage = resolveStage(values.stage).name;
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.to !== undefined && !/^[1-9]\d*$/.test(values.to))
    return usage(io, `--to must be a published version number, e.g. --to 3 (got "${values.to}")`);

  const endpoint = values.endpoint ?? (io.env.FRONTDESK_LAMBDA_ENDPOINT || undefined);
  const functionName = appFunctionName(stage, app);
  const audit = (fields: Partial<RollbackAuditRecord> & Pick<RollbackAuditRecord, 'outcome'>): void => {
    const ciRun = ciRunFrom(io.env);
    const record: RollbackAuditRecord = {
      audit: 'frontdesk.rollback',
      time: (io.now?.() ?? new Date()).toISOString(),
      ...actorFrom(io.env),
      action: 'lambda:UpdateAlias',
      app,
      stage,
      function: functionName,
      alias: LIVE_ALIAS,
      ...fields,
      ...(endpoint ? { endpoint } : {}),
      ...(ciRun ? { ciRun } : {}),
    };
    io.out(JSON.stringify(record));
  };

  io.err(`Rolling back ${functionName}:${LIVE_ALIAS}${endpoint ? ` at ${endpoint}` : ''}`);
  try {
    const client = createClient(endpoint, values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION, io.env);
    const result = await rollbackAlias({ client, functionName, alias: LIVE_ALIAS, ...(values.to ? { to: values.to } : {}) });
    io.err(`  before: ${describe(result.before)}`);
    io.err(`  after:  ${describe(result.after)}`);
    audit({ from: result.before.version, to: result.after.version, outcome: 'succeeded' });
    return 0;
  } catch (error) {
    if (error instanceof RollbackError) {
      io.err(`Refused: ${error.message}`);
      audit({ outcome: 'refused', code: error.code, reason: error.message, ...(values.to ? { to: values.to } : {}) });
      return 2;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(`Failed: ${message}`);
    audit({ outcome: 'failed', reason: message, ...(values.to ? { to: values.to } : {}) });
    return 1;
  }
}

function createClient(endpoint: string | undefined, region: string | undefined, env: NodeJS.ProcessEnv): LambdaClient {
  if (!endpoint) return new LambdaClient(region ? { region } : {});
  // The local Lambda API checks no signatures; the SDK still needs some credentials to sign with.
  const credentials = env.AWS_ACCESS_KEY_ID ? undefined : { accessKeyId: 'local', secretAccessKey: 'local' };
  return new LambdaClient({ endpoint, region: region ?? 'us-east-1', ...(credentials ? { credentials } : {}) });
}

function describe(state: AliasState): string {
  const split = Object.entries(state.weights).map(([version, weight]) => ` (+ ${Math.round(weight * 100)}% to version ${version})`);
  return `version ${state.version}${split.join('')}`;
}

function usage(io: CommandIo, problem: string): number {
  io.err(`pnpm rollback: ${problem}\n\n${USAGE}`);
  return 64;
}

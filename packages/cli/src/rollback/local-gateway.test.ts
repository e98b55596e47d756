import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startDevServer, type DevServer } from '@frontdesk/local-gateway';
import { appConfigSource, tempWorkspace, writeFiles } from '@frontdesk/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollbackAuditRecord } from './audit-line.ts';
import { runRollback } from './command.ts';

const cliDir = fileURLToPath(new URL('../..', import.meta.url));

/** A workspace with one app whose handler answers which build it is. */
function workspace(): string {
  const root = tempWorkspace('rollback', {
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
    'apps/ledger/app.config.ts': appConfigSource('@frontdesk/gateway-core', {
      name: 'ledger',
      owner: 'team-ledger',
      basePath: 'ledger',
      routes: { 'GET /build': { auth: 'public', reason: 'The rollback test reads which build is live.' } },
    }),
  });
  mkdirSync(join(root, 'node_modules', '@frontdesk'), { recursive: true });
  symlinkSync(join(cliDir, 'node_modules', '@frontdesk', 'gateway-core'), join(root, 'node_modules', '@frontdesk', 'gateway-core'));
  writeBuild(root, 'one');
  return root;
}

function writeBuild(root: string, build: string): void {
  writeFiles(root, {
    'apps/ledger/src/handler.ts': `import { withFrontdesk } from '@frontdesk/gateway-core/runtime';
export const handler = withFrontdesk({ app: 'ledger' }, async () => ({ statusCode: 200, body: JSON.stringify({ build: '${build}' }) }));
`,
  });
}

// Bundling on first request and a hot reload take seconds on a busy machine.
describe('pnpm rollback against the local Lambda API of pnpm dev', { timeout: 120_000 }, () => {
  let root: string;
  let server: DevServer;
  let lambda: LambdaClient;
  const build = async () => ((await (await fetch(`${server.url}/ledger/build`)).json()) as { build: string }).build;
  const live = async () => (await lambda.send(new GetAliasCommand({ FunctionName: 'frontdesk-dev-ledger', Name: 'live' }))).FunctionVersion;

  beforeAll(async () => {
    root = workspace();
    server = await startDevServer({
      root,
      port: 0,
      lambdaPort: 0,
      env: { STAGE: 'dev' },
      watch: true,
      warm: false,
      logSink: { write: () => undefined, pretty: false },
    });
    lambda = new LambdaClient({
      endpoint: server.lambdaUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }, 120_000);
  afterAll(async () => {
    lambda?.destroy();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('moves live back to the version before the last hot reload, and the gateway serves it', async () => {
    expect(await build()).toBe('one');
    writeBuild(root, 'two');
    await expect.poll(live, { timeout: 60_000 }).toBe('2');
    expect(await build()).toBe('two');

    const out: string[] = [];
    const err: string[] = [];
    const code = await runRollback(['ledger', '--stage', 'dev', '--endpoint', server.lambdaUrl], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { FRONTDESK_ACTOR: 'alice' },
    });

    expect(code).toBe(0);
    expect(err.join('\n')).toMatch(/before: version 2\n {2}after: {2}version 1/);
    expect(JSON.parse(out[0]!) as RollbackAuditRecord).toMatchObject({
      actor: 'alice',
      function: 'frontdesk-dev-ledger',
      from: '2',
      to: '1',
      outcome: 'succeeded',
    });
    expect(await live()).toBe('1');
    // The app's API invokes `live`: the gateway serves the previous build again.
    expect(await build()).toBe('one');
  });

  it('refuses through the real `pnpm rollback` entry point when live is the oldest version', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(cliDir, 'src', 'rollback', 'main.ts'), 'ledger', '--stage', 'dev'], {
      cwd: cliDir,
      env: { ...process.env, FRONTDESK_LAMBDA_ENDPOINT: server.lambdaUrl, FRONTDESK_ACTOR: 'bob', NODE_NO_WARNINGS: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(code).toBe(2);
    expect(stderr).toContain(
      'Refused: frontdesk-dev-ledger:live points at version 1, and no older published version exists (published: 1, 2): nothing to roll back to',
    );
    expect(JSON.parse(stdout.trim())).toMatchObject({
      audit: 'frontdesk.rollback',
      actor: 'bob',
      outcome: 'refused',
      code: 'ERR_NOTHING_TO_ROLL_BACK',
    });
    expect(await build()).toBe('one');
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWorkspace } from './helpers/fixture-workspace.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = `${packageDir}node_modules/.bin/tsx`;
const cli = (name: string) => `${packageDir}src/cli/${name}.ts`;

let root: string;
beforeAll(() => {
  root = fixtureWorkspace(['echo']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (name: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(tsx, [cli(name), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });

describe('pnpm token', () => {
  it('prints only the token — one line — and needs no running gateway', () => {
    const result = run('token', ['--sub', 'alice', '--scope', 'echo:read echo:write', '--ttl', '15m']);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual([expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), '']);
    const claims = decodeJwt(result.stdout.trim());
    expect(claims).toMatchObject({
      sub: 'alice',
      scope: 'echo:read echo:write',
      aud: 'frontdesk-local',
      iss: 'http://127.0.0.1:3000/_frontdesk/idp',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it('binds the token to the local DPoP key with --dpop and honours --aud and FRONTDESK_PORT', () => {
    const result = run('token', ['--sub', 'bob', '--dpop', '--aud', 'other-api'], { FRONTDESK_PORT: '4100' });
    const claims = decodeJwt(result.stdout.trim());
    expect(claims).toMatchObject({ aud: 'other-api', iss: 'http://127.0.0.1:4100/_frontdesk/idp', cnf: { jkt: expect.any(String) } });
  });

  it('prints its usage, naming the command that works (pnpm -s run token), on --help', () => {
    const result = run('token', ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: pnpm -s run token --sub <id>/);
  });

  it('fails with a usage message on stderr and nothing on stdout when --sub is missing', () => {
    const result = run('token', ['--scope', 'x']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--sub is required');
  });
});

describe('pnpm dev and pnpm call, as real processes', () => {
  it('starts, prints the app table and endpoints, serves a DPoP call made by pnpm call, and reloads an edited manifest', async () => {
    const dev = spawn(tsx, [cli('dev')], {
      cwd: root,
      env: { ...process.env, FRONTDESK_PORT: '0', FRONTDESK_LAMBDA_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        dev.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('ready in')) resolve();
        });
        dev.once('exit', (code) => reject(new Error(`pnpm dev exited with ${code}: ${output}`)));
      });
      expect(output).toMatch(/echo\s+\/echo\s+team-fixtures\s+GET \/items\/\{id\}\s+public/);
      expect(output).toMatch(/GET \/secure\/\{id\}\s+scopes: echo:read/);
      const gateway = /gateway\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(output).toMatch(/lambda api\s+http:\/\/127\.0\.0\.1:\d+\s+\(functions: frontdesk-dev-echo\)/);
      expect(output).toContain(`token  ${gateway}/_frontdesk/idp/token`);
      // Neither tool is told the port: call follows the URL, token the pnpm dev running in this workspace.
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FRONTDESK_')));
      const call = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = spawn(tsx, [cli('call'), 'GET', `${gateway}/echo/secure/5`, '--sub', 'carol', '--scope', 'echo:read'], {
          cwd: root,
          env,
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.on('exit', (status) => resolve({ status, stdout }));
      });
      expect(call.status).toBe(0);
      const { event } = JSON.parse(call.stdout) as { event: { requestContext: { authorizer: { lambda: Record<string, unknown> } } } };
      expect(event.requestContext.authorizer.lambda).toMatchObject({ sub: 'carol', tokenType: 'DPoP' });
      const token = spawnSync(tsx, [cli('token'), '--sub', 'dave', '--scope', 'echo:read'], {
        cwd: root,
        encoding: 'utf8',
        env,
      }).stdout.trim();
      expect(decodeJwt(token).iss).toBe(`${gateway}/_frontdesk/idp`);
      expect((await fetch(`${gateway}/echo/secure/6`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

      // Hot reload in the real process (tsx), not only under vitest: a manifest edit adds a route.
      const manifest = join(root, 'apps', 'echo', 'app.config.ts');
      writeFileSync(
        manifest,
        readFileSync(manifest, 'utf8').replace(
          'routes: {',
          "routes: { 'GET /added': { auth: 'public', reason: 'Added while pnpm dev runs.' },",
        ),
      );
      await expect
        .poll(async () => ((await (await fetch(`${gateway}/echo/added`)).json()) as { event?: { routeKey: string } }).event?.routeKey, {
          timeout: 20_000,
          interval: 200,
        })
        .toBe('GET /added');
    } finally {
      dev.kill('SIGTERM');
    }
  }, 90_000); // four real processes; a shared machine can take a while

  it('ends on Ctrl-C (SIGINT to the whole process group, as a terminal sends it) with status 0 and no ELIFECYCLE', async () => {
    const repoRoot = join(packageDir, '..', '..');
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FRONTDESK_'))),
      FRONTDESK_PORT: '0',
      FRONTDESK_LAMBDA_PORT: '0',
    };
    const dev = spawn('pnpm', ['dev'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => dev.on('exit', (code) => resolve(code)));
    await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain('ready in');
    const record = join(repoRoot, '.frontdesk', 'dev-server.json');
    const recordedPid = () => (existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as { pid: number }).pid : undefined);
    expect(recordedPid()).toBeGreaterThan(0); // pnpm dev tells the token tools where it runs
    process.kill(-dev.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    expect(output).not.toContain('ELIFECYCLE');
    // And takes its record away when it ends. Another test's pnpm dev on this workspace may have
    // written the record since, so the check is the one token tools rely on: no record of a dead server.
    const left = recordedPid();
    if (left !== undefined) expect(isRunning(left)).toBe(true);
  }, 90_000);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../../packages/cli/src/verify/report-types.ts';
import { repoRoot } from './repo.ts';

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

/** The developer's shell may configure another issuer or DPoP mode: the tests run on the defaults. */
const withoutFrontdeskVariables = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FRONTDESK_')));

/** `pnpm dev` of this repository as its own process, on free ports; resolves with its URL. */
function startDev(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(tsx, [join(repoRoot, 'packages/local-gateway/src/cli/dev.ts')], {
    cwd: repoRoot,
    env: { ...withoutFrontdeskVariables(), FRONTDESK_PORT: '0', FRONTDESK_LAMBDA_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /gateway\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url && output.includes('ready in')) resolve({ url, process: child });
    });
    child.once('exit', (code) => reject(new Error(`pnpm dev exited with ${code}: ${output}`)));
  });
}

/** `pnpm verify` as a real process; FRONTDESK_* from the developer's shell must not leak in. */
function runVerify(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(tsx, [join(repoRoot, 'packages/cli/src/verify/main.ts'), ...args], {
    cwd: repoRoot,
    env: { ...withoutFrontdeskVariables(), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

/**
 * A deliberately wrong front door: it proxies to pnpm dev, but lets requests without a token
 * through to a stub that answers 200, and drops one field and retypes another in the event
 * users hands back — the two classes of fault `pnpm verify` exists to catch.
 */
function wrongServer(upstream: string): Promise<Server> {
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (!request.headers.authorization && !request.url!.endsWith('/health')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"orders":[]}');
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'connection'),
      ) as Record<string, string>;
      const answer = await fetch(`${upstream}${request.url}`, {
        method: request.method!,
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      let body = await answer.text();
      if (request.url === '/users/me/request' && answer.ok) {
        const event = JSON.parse(body) as { requestContext: { routeKey?: string; authorizer: { lambda: { scopes: unknown } } } };
        delete event.requestContext.routeKey;
        event.requestContext.authorizer.lambda.scopes = (event.requestContext.authorizer.lambda.scopes as string[]).join(' ');
        body = JSON.stringify(event);
      }
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(body);
    })();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Two real processes, bundling on first request, an in-process reference per run: slow on a shared machine.
describe('pnpm verify', { timeout: 180_000 }, () => {
  let dev: { url: string; process: ChildProcess };
  let wrong: Server;
  beforeAll(async () => {
    dev = await startDev();
    wrong = await wrongServer(dev.url);
  }, 120_000);
  afterAll(async () => {
    dev?.process.kill('SIGTERM');
    await new Promise((resolve) => wrong?.close(resolve));
  }, 30_000);

  it('passes against a real pnpm dev, every check, and reports the path shape', async () => {
    const result = await runVerify([dev.url, '--format', 'json']);
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['public-route', 'pass'],
      ['no-token', 'pass'],
      ['invalid-token', 'pass'],
      ['missing-scope', 'pass'],
      ['valid-token', 'pass'],
      ['dpop-proof', 'pass'],
      ['dpop-token-as-bearer', 'pass'],
      ['dpop-replay', 'pass'],
      ['request-shape', 'pass'],
    ]);
    expect(result.status).toBe(0);
    expect(report.routes).toMatchObject({
      public: { path: '/users/health' },
      protected: { path: '/orders/', scopes: ['orders:read'] },
      shape: { path: '/users/me/request' },
    });
    expect(report.pathShape?.stage).toEqual({
      rawPath: { value: '/me/request', shape: 'mapping key stripped' },
      httpPath: { value: '/users/me/request', shape: 'mapping key kept' },
    });
  });

  it('fails against a wrong server, naming each broken check, what was sent and received, and every differing field', async () => {
    const port = (wrong.address() as AddressInfo).port;
    // Tokens come straight from pnpm dev's IdP, configured as for a real issuer. DPoP off: a
    // proof's htu names the proxy, which pnpm dev behind it rightly refuses.
    const tokens = {
      FRONTDESK_VERIFY_TOKEN_URL: `${dev.url}/_frontdesk/idp/token`,
      FRONTDESK_VERIFY_CLIENT_ID: 'frontdesk-dev',
      FRONTDESK_VERIFY_CLIENT_SECRET: 'frontdesk-dev-secret',
    };
    const result = await runVerify([`http://127.0.0.1:${port}`, '--dpop', 'off'], tokens);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL  protected route without a token → 401  [no-token]');
    expect(result.stdout).toMatch(
      /sent {6}GET \/orders\/ \(no Authorization\)\n {6}expected {2}401 \{"message":"Unauthorized"\}\n {6}received {2}200 \{"orders":\[\]\}/,
    );
    expect(result.stdout).toContain("FAIL  the request users receives matches pnpm dev's  [request-shape]");
    expect(result.stdout).toContain('differs requestContext.routeKey: stage (absent), pnpm dev "GET /me/request" (only pnpm dev has it)');
    expect(result.stdout).toContain(
      'differs requestContext.authorizer.lambda.scopes: stage "orders:read users:inspect", pnpm dev ["orders:read","users:inspect"] (JSON type differs: string on the stage, array under pnpm dev)',
    );
    expect(result.stdout).toMatch(/\d+ passed, 2 failed, 0 skipped: the stage breaks the contract/);

    expect(result.stdout).toContain(`tokens from ${dev.url}/_frontdesk/idp/token (FRONTDESK_VERIFY_TOKEN_URL, client frontdesk-dev)`);

    const json = JSON.parse(
      (await runVerify([`http://127.0.0.1:${port}`, '--dpop', 'off', '--format', 'json'], tokens)).stdout,
    ) as VerifyReport;
    expect(json.ok).toBe(false);
    expect(json.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['no-token', 'request-shape']);
  });

  it('fails usefully when nothing listens at the URL', async () => {
    const closed = await new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runVerify([`http://127.0.0.1:${port}`, '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.checks.find((check) => check.id === 'public-route')?.detail).toMatch(
      new RegExp(`http://127.0.0.1:${port} did not answer: .*ECONNREFUSED`),
    );
    expect(report.checks.find((check) => check.id === 'valid-token')?.detail).toContain(
      `token endpoint http://127.0.0.1:${port}/_frontdesk/idp/token (dev identity provider) did not answer`,
    );
  });

  it('explains usage errors with exit 2, and --help with exit 0', async () => {
    const bad = await runVerify(['not a url']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"not a url" is not a URL');
    const format = await runVerify(['http://127.0.0.1:1', '--format', 'yaml']);
    expect(format.stderr).toContain('--format "yaml": use text, json or markdown');
    const help = await runVerify(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: pnpm verify <url>');
  });
});

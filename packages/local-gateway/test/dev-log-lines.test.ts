import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../src/cli/dev-token.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

/** What pnpm dev prints for its operator: app log lines and the gateway's own events. */
let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['telemetry', 'telemetry-debug'], { watch: true });
});
afterAll(() => fixture.stop());

const appLines = (app: string) =>
  fixture.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.app === app && line.component !== 'authorizer');
const completed = (app: string) => appLines(app).filter((line) => line.message === 'request completed');

describe('pnpm dev log lines', () => {
  it('logs cold_start: true on the first request of a worker and false after, and no EMF metrics lines at INFO', async () => {
    expect((await fixture.get('/telemetry/ping')).status).toBe(200);
    expect((await fixture.get('/telemetry/ping')).status).toBe(200);
    await expect.poll(() => completed('telemetry').length).toBe(2);
    expect(completed('telemetry').map((line) => line.cold_start)).toEqual([true, false]);
    expect(appLines('telemetry').filter((line) => '_aws' in line || line.message === 'metrics')).toEqual([]);
  });

  it('shows the metrics as one debug line per request at POWERTOOLS_LOG_LEVEL=DEBUG, still not as EMF', async () => {
    expect((await fixture.get('/telemetry-debug/ping')).status).toBe(200);
    await expect.poll(() => appLines('telemetry-debug').filter((line) => line.message === 'metrics').length).toBe(1);
    const [metrics] = appLines('telemetry-debug').filter((line) => line.message === 'metrics');
    expect(metrics).toMatchObject({ level: 'DEBUG', metrics: { Requests: 1, Latency: expect.any(Number) } });
    expect(appLines('telemetry-debug').filter((line) => '_aws' in line)).toEqual([]);
  });

  it('prints a line for a 401 (the authorizer never ran) and for a 413', async () => {
    const unauthorized = await fixture.get('/telemetry/secure');
    expect(unauthorized.status).toBe(401);
    expect(fixture.events).toContainEqual({
      level: 'warning',
      app: 'telemetry',
      message: `GET /telemetry/secure (GET /secure) → 401: no Authorization header: answered without invoking the authorizer (request ${unauthorized.headers.get('apigw-requestid')})`,
    });
    const tooLarge = await fixture.get('/telemetry/ping', { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) });
    expect(tooLarge.status).toBe(413);
    expect(fixture.events).toContainEqual({
      level: 'warning',
      message: `POST /telemetry/ping → 413: content-length 10485761 is above the 10485760-byte (10 MB) payload quota (request ${tooLarge.headers.get('apigw-requestid')})`,
    });
  });

  it('prints a line when live is rolled back through the Lambda API, and the first request after it is a cold start', async () => {
    const handler = join(fixture.root, 'apps', 'telemetry', 'src', 'handler.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace('build: 1', 'build: 2'));
    await expect
      .poll(async () => ((await (await fixture.get('/telemetry/ping')).json()) as { build: number }).build, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(2);
    expect(completed('telemetry').at(-1)?.cold_start).toBe(true); // a reload starts a new worker

    // What `pnpm rollback` sends: the real SDK against the local Lambda API.
    const lambda = new LambdaClient({
      endpoint: fixture.server.lambdaUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      expect(
        (await lambda.send(new UpdateAliasCommand({ FunctionName: 'frontdesk-dev-telemetry', Name: 'live', FunctionVersion: '1' })))
          .FunctionVersion,
      ).toBe('1');
    } finally {
      lambda.destroy();
    }
    expect(fixture.events).toContainEqual({
      level: 'info',
      app: 'telemetry',
      message: 'live moved from version 2 to version 1 (UpdateAlias: rolled back); the gateway serves version 1',
    });
    expect(await (await fixture.get('/telemetry/ping')).json()).toEqual({ build: 1 });
    await expect.poll(() => completed('telemetry').at(-1)?.cold_start).toBe(true);
  });
});

describe('a jwks_unavailable denial under pnpm dev', () => {
  it('names the JWKS URL and the cause in the authorizer line', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const jwks = `http://127.0.0.1:${closed}/jwks.json`;
    const other = await startFixture(['telemetry'], { env: { STAGE: 'dev', FRONTDESK_JWKS_URI: jwks } });
    try {
      const token = await mintDevToken({
        root: other.root,
        env: { FRONTDESK_PORT: new URL(other.server.url).port },
        sub: 'alice',
        scopes: [],
        ttlSeconds: 60,
        dpop: false,
      });
      expect((await other.get('/telemetry/secure', { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
      const line = other.logs
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .find((record) => record.code === 'jwks_unavailable');
      expect(line).toMatchObject({ component: 'authorizer', level: 'WARN', detail: `GET ${jwks} failed: fetch failed (ECONNREFUSED)` });
    } finally {
      await other.stop();
    }
  });
});

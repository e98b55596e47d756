import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../src/cli/dev-token.ts';
import { formatStartupTable } from '../src/cli/print-table.ts';
import type { RequestSummary } from '../src/console/request-log.ts';
import { readEvents, type StreamEvent } from './helpers/event-stream.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

/** curl runs in its own process, asynchronously: the gateway answering it lives in this one. */
const shell = async (command: string) => (await promisify(execFile)('sh', ['-c', command], { encoding: 'utf8' })).stdout;

let fixture: Fixture;
let consoleUrl: string;
beforeAll(async () => {
  fixture = await startFixture(['chatty', 'echo']);
  consoleUrl = fixture.server.consoleUrl as string;
});
afterAll(() => fixture.stop());

const token = (scopes: string[], dpop = false) =>
  mintDevToken({
    root: fixture.root,
    env: { FRONTDESK_PORT: new URL(fixture.server.url).port },
    sub: 'alice',
    scopes,
    ttlSeconds: 300,
    dpop,
  });
const consoleApi = (path: string, init?: RequestInit) => fetch(`${consoleUrl}api${path}`, init);
const post = (path: string, body: unknown) =>
  consoleApi(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: fixture.server.url },
    body: JSON.stringify(body),
  });
const summaryOf = async (requestId: string | null): Promise<RequestSummary | undefined> =>
  ((await (await consoleApi('/requests')).json()) as RequestSummary[]).find((summary) => summary.id === requestId);

describe('the dev console records every request with the authorizer decision', () => {
  it('prints its URL at start-up, beside the gateway', () => {
    expect(consoleUrl).toBe(`${fixture.server.url}/_frontdesk/console/`);
    expect(formatStartupTable(fixture.server)).toContain(`console        ${consoleUrl}`);
  });

  it('names each decision: allow, deny with its denial code, unauthorized (401), public, none (404)', async () => {
    const cases: Array<[string, RequestInit, Partial<RequestSummary>]> = [
      [
        '/chatty/secret/a',
        { headers: { authorization: `Bearer ${await token(['chatty:read'])}` } },
        { status: 200, decision: 'allow', sub: 'alice', routeKey: 'GET /secret/{word}', app: 'chatty' },
      ],
      [
        '/chatty/secret/b',
        { headers: { authorization: `Bearer ${await token(['other'])}` } },
        { status: 403, decision: 'deny', code: 'insufficient_scope', sub: 'alice' },
      ],
      [
        '/chatty/secret/c',
        { headers: { authorization: `Bearer ${await token(['chatty:read'], true)}` } },
        { status: 403, decision: 'deny', code: 'dpop_bound_token_as_bearer' },
      ],
      ['/chatty/secret/d', { headers: { authorization: 'Basic abc' } }, { status: 403, decision: 'deny', code: 'unsupported_scheme' }],
      ['/chatty/secret/e', {}, { status: 401, decision: 'unauthorized' }],
      ['/chatty/say/hi?pause=0', {}, { status: 200, decision: 'public', path: '/chatty/say/hi?pause=0', version: '1' }],
      ['/nowhere', {}, { status: 404, decision: 'none' }],
    ];
    for (const [path, init, expected] of cases) {
      const response = await fixture.get(path, init);
      expect(await summaryOf(response.headers.get('apigw-requestid')), path).toMatchObject({ method: 'GET', ...expected });
    }
  });

  it('joins each log line to the request that wrote it, even when requests overlap in one worker', async () => {
    const [slow, fast] = await Promise.all([fixture.get('/chatty/say/slow?pause=150'), fixture.get('/chatty/say/fast?pause=0')]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the "after" lines follow the responses
    for (const [response, word] of [
      [slow, 'slow'],
      [fast, 'fast'],
    ] as const) {
      const detail = (await (
        await consoleApi(`/requests/${encodeURIComponent(response.headers.get('apigw-requestid') as string)}`)
      ).json()) as { logs: Array<{ stream: string; text: string }> };
      expect(detail.logs.map((line) => [line.stream, line.text])).toEqual([
        ['stdout', JSON.stringify({ level: 'INFO', message: `start ${word}` })],
        ['stderr', `end ${word}`],
        ['stdout', `after ${word}`],
      ]);
    }
  });

  it('shows the event, the authorizer context and the response, with credentials redacted; copy as curl hands them back', async () => {
    const bearer = await token(['chatty:read']);
    const response = await fixture.get('/chatty/secret/xyz', { headers: { authorization: `Bearer ${bearer}`, cookie: 'session=s3cret' } });
    const id = encodeURIComponent(response.headers.get('apigw-requestid') as string);
    const text = await (await consoleApi(`/requests/${id}`)).text();
    expect(text).not.toContain(bearer.split('.')[2]);
    expect(text).not.toContain('s3cret');
    const detail = JSON.parse(text);
    expect(detail.event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /secret/{word}',
      pathParameters: { word: 'xyz' },
      headers: { authorization: expect.stringMatching(/^Bearer ‹redacted/) },
    });
    expect(detail.authorizer).toMatchObject({
      decision: 'allow',
      context: { sub: 'alice', scopes: ['chatty:read'] },
      audit: { decision: 'allow', client: 'frontdesk-cli' },
    });
    expect(detail.request.token.claims).toMatchObject({ sub: 'alice', scope: 'chatty:read' });
    expect(detail.function.payload).toEqual({ word: 'xyz' });
    expect(detail.response).toMatchObject({ statusCode: 200, body: { text: '{"word":"xyz"}' } });
    const { curl } = (await (await post(`/requests/${id}/curl`, {})).json()) as { curl: string };
    expect(curl).toContain(`authorization: Bearer ${bearer}`);
    expect(await shell(`${curl} -s -o /dev/null -w '%{http_code}'`)).toBe('200');
  });

  it('shows the apps: base path, owner, routes with their requirement, worker state and restarts', async () => {
    const chatty = () =>
      consoleApi('/apps').then(async (response) =>
        (
          (await response.json()) as Array<{
            name: string;
            worker: { worker: string; restarts: number; live: string; workers: { idle: number } };
          }>
        ).find((app) => app.name === 'chatty'),
      );
    await fixture.get('/chatty/say/warm');
    expect(await chatty()).toMatchObject({
      basePath: '/chatty',
      owner: 'team-fixtures',
      worker: { worker: 'warm', live: '1', restarts: 0 },
    });
    // Earlier tests' overlapping requests started several workers: /exit ends one of them only.
    const idleBefore = (await chatty())?.worker.workers.idle ?? 0;
    expect((await fixture.get('/chatty/exit')).status).toBe(500);
    expect((await chatty())?.worker).toMatchObject({ restarts: 1, workers: { idle: idleBefore - 1 } });
    await fixture.get('/chatty/say/again');
    expect(await chatty()).toMatchObject({ worker: { worker: 'warm', restarts: 1 } });
    const apps = (await (await consoleApi('/apps')).json()) as Array<{ name: string; routes: unknown[] }>;
    expect(apps.find((app) => app.name === 'chatty')?.routes).toContainEqual({
      key: 'GET /secret/{word}',
      method: 'GET',
      path: '/chatty/secret/{word}',
      auth: { public: false, scopes: ['chatty:read'] },
    });
  });

  it('mints Bearer and DPoP-bound tokens the gateway accepts; a DPoP curl carries a fresh proof', async () => {
    const bearer = (await (await post('/token', { sub: 'carol', scopes: 'chatty:read' })).json()) as { token: string; tokenType: string };
    expect(bearer.tokenType).toBe('Bearer');
    const allowed = await fixture.get('/chatty/secret/t', { headers: { authorization: `Bearer ${bearer.token}` } });
    expect(await summaryOf(allowed.headers.get('apigw-requestid'))).toMatchObject({ decision: 'allow', sub: 'carol' });
    const dpop = (await (await post('/token', { sub: 'dave', scopes: ['chatty:read'], dpop: true, ttlSeconds: 120 })).json()) as {
      token: string;
      tokenType: string;
      claims: { cnf?: unknown };
    };
    expect(dpop).toMatchObject({ tokenType: 'DPoP', claims: { cnf: { jkt: expect.any(String) } } });
    const { curl } = (await (
      await post('/curl', { method: 'GET', path: '/chatty/secret/d', token: dpop.token, tokenType: 'DPoP' })
    ).json()) as { curl: string };
    expect(await shell(`${curl} -s`)).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\{"word":"d"\}$/);
    expect((await post('/token', { scopes: [] })).status).toBe(400);
    expect(await (await post('/token', { sub: 'x', ttlSeconds: -1 })).json()).toEqual({
      message: 'ttlSeconds: a whole number of seconds from 1 to 86400',
    });
  });

  it('answers loopback hosts only, and refuses cross-origin or non-JSON writes', async () => {
    const raw = (headers: Record<string, string>, method = 'GET', body?: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${consoleUrl}api/${method === 'GET' ? 'apps' : 'token'}`);
        import('node:http').then(({ request }) => {
          const req = request({ host: '127.0.0.1', port: url.port, path: url.pathname, method, headers }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end(body);
        }, reject);
      });
    const host = new URL(fixture.server.url).host;
    expect(await raw({ host: `rebound.example:${new URL(fixture.server.url).port}` })).toBe(403);
    expect(await raw({ host })).toBe(200);
    expect(await raw({ host, origin: 'http://evil.example', 'content-type': 'application/json' }, 'POST', '{"sub":"x"}')).toBe(403);
    expect(await raw({ host, origin: `http://${host}`, 'content-type': 'text/plain' }, 'POST', '{"sub":"x"}')).toBe(403);
    expect(await raw({ host, origin: `http://${host}`, 'content-type': 'application/json' }, 'POST', '{"sub":"x"}')).toBe(200);
  });

  it('keeps its own requests out of the list, and serves the page with a strict content security policy', async () => {
    const before = (await (await consoleApi('/requests')).json()) as RequestSummary[];
    const page = await fetch(consoleUrl);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/_frontdesk/console/main.js">');
    expect((await fetch(`${consoleUrl}main.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${consoleUrl}nothing.js`)).status).toBe(404);
    const after = (await (await consoleApi('/requests')).json()) as RequestSummary[];
    expect(after.length).toBe(before.length);
  });
});

describe('the console event stream', () => {
  const requestsIn = (events: StreamEvent[]) =>
    events.filter((event) => event.event === 'requests').flatMap((event) => event.data as RequestSummary[]);

  it('sends hello, the apps and the backlog on connect, then new requests as they happen; a reconnect resumes after Last-Event-ID', async () => {
    const first = await fixture.get('/chatty/say/one');
    const firstId = first.headers.get('apigw-requestid');
    const opened = readEvents(`${consoleUrl}api/events`, (events) =>
      requestsIn(events).some((summary) => summary.path === '/chatty/say/live'),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fixture.get('/chatty/say/live');
    const events = await opened;
    expect(events[0]).toMatchObject({
      event: 'hello',
      data: { stage: 'dev', gatewayUrl: fixture.server.url, devIdpTrusted: true, capacity: 5000 },
    });
    expect(events[1]?.event).toBe('apps');
    expect(requestsIn(events).map((summary) => summary.id)).toContain(firstId);
    const lastId = events.filter((event) => event.id).at(-1)?.id as string;

    await fixture.get('/chatty/say/missed');
    await fixture.get('/chatty/say/last');
    // Read until the newest request arrives: everything before it came in the backlog.
    const untilLast = (received: StreamEvent[]) => requestsIn(received).some((summary) => summary.path === '/chatty/say/last');
    const resumed = await readEvents(`${consoleUrl}api/events`, untilLast, { 'last-event-id': lastId });
    expect(requestsIn(resumed).map((summary) => summary.path)).toEqual(['/chatty/say/missed', '/chatty/say/last']);
    const everything = (await (await consoleApi('/requests')).json()) as RequestSummary[];
    const stranger = await readEvents(`${consoleUrl}api/events`, untilLast, { 'last-event-id': 'other-server:99999' });
    expect(requestsIn(stranger).map((summary) => summary.id)).toEqual(everything.map((summary) => summary.id));
  });
});

describe('FRONTDESK_CONSOLE=off', () => {
  it('serves no console and records nothing: the path is an ordinary (unmatched) gateway path', async () => {
    const off = await startFixture(['echo'], { env: { STAGE: 'dev', FRONTDESK_CONSOLE: 'off' } });
    try {
      expect(off.server.consoleUrl).toBeUndefined();
      expect(off.server.requestLog).toBeUndefined();
      const response = await off.get('/_frontdesk/console/');
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    } finally {
      await off.stop();
    }
  });
});

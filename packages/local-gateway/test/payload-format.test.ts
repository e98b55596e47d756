import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';
import { rawRequest } from './helpers/raw-request.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['echo']);
});
afterAll(() => fixture.stop());

async function echo(path: string, init?: RequestInit): Promise<Record<string, any>> {
  const response = await fixture.get(path, init);
  expect(response.status).toBe(200);
  return ((await response.json()) as { event: Record<string, any> }).event;
}

describe('payload format 2.0 events (AWS: "Working with AWS Lambda proxy integrations for HTTP APIs")', () => {
  it('carries every documented field, and nothing else, for a request with all parts', async () => {
    const event = await echo('/echo/items/a%20b?x=1&y=2', { headers: { 'User-Agent': 'fixture-agent/1.0', Cookie: 'c1=v1; c2=v2' } });
    expect(Object.keys(event).sort()).toEqual(
      [
        'version',
        'routeKey',
        'rawPath',
        'rawQueryString',
        'cookies',
        'headers',
        'queryStringParameters',
        'requestContext',
        'pathParameters',
        'isBase64Encoded',
        'stageVariables',
      ].sort(),
    );
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /items/{id}');
    expect(event.rawPath).toBe('/items/a%20b');
    expect(event.rawQueryString).toBe('x=1&y=2');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toEqual({
      accountId: expect.stringMatching(/^\d{12}$/),
      apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
      domainName: new URL(fixture.server.url).host,
      domainPrefix: '127',
      http: { method: 'GET', path: '/echo/items/a%20b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fixture-agent/1.0' },
      requestId: expect.any(String),
      routeKey: 'GET /items/{id}',
      stage: '$default',
      time: expect.any(String),
      timeEpoch: expect.any(Number),
    });
  });

  it('omits cookies, queryStringParameters, pathParameters and body when the request has none (absent, not null)', async () => {
    const event = await echo('/echo/things');
    for (const field of ['cookies', 'queryStringParameters', 'pathParameters', 'body']) expect(event).not.toHaveProperty(field);
    expect(event.rawQueryString).toBe('');
  });

  it('lower-cases header names and comma-joins repeated headers', async () => {
    const headers = new Headers();
    headers.append('X-Repeated', 'one');
    headers.append('X-Repeated', 'two');
    headers.append('X-Mixed-Case', 'Value');
    const event = await echo('/echo/things', { headers });
    expect(event.headers['x-repeated']).toBe('one, two'); // fetch joins before sending; the raw-socket test below sends two lines
    expect(event.headers['x-mixed-case']).toBe('Value');
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('comma-joins header lines repeated on the wire', async () => {
    const answer = await rawRequest(
      fixture.server.url,
      'GET /echo/things HTTP/1.1\nHost: 127.0.0.1\nX-Twice: a\nx-twice: b\nConnection: close\n\n',
    );
    const body = answer.body;
    expect((JSON.parse(body) as { event: { headers: Record<string, string> } }).event.headers['x-twice']).toBe('a,b');
  });

  it('decodes query parameters and comma-joins repeated keys', async () => {
    const event = await echo('/echo/things?a=1&b=x%20y&a=3');
    expect(event.queryStringParameters).toEqual({ a: '1,3', b: 'x y' });
    expect(event.rawQueryString).toBe('a=1&b=x%20y&a=3');
  });

  it('moves the Cookie header into cookies[] and out of headers', async () => {
    const event = await echo('/echo/things', { headers: { cookie: 'session=abc; theme=dark' } });
    expect(event.cookies).toEqual(['session=abc', 'theme=dark']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('URL-decodes path parameters before they reach the integration', async () => {
    const event = await echo('/echo/items/caf%C3%A9%2F1');
    expect(event.pathParameters).toEqual({ id: 'café/1' });
  });

  it('formats requestContext.time as dd/MMM/yyyy:HH:mm:ss +0000 and timeEpoch in milliseconds', async () => {
    const before = Date.now();
    const event = await echo('/echo/things');
    expect(event.requestContext.time).toMatch(/^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before - 5);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
    const fromTime = Date.parse(event.requestContext.time.replace(/^(\d+)\/(\w+)\/(\d+):(\d\d:\d\d:\d\d) \+0000$/, '$1 $2 $3 $4 UTC'));
    expect(Math.floor(event.requestContext.timeEpoch / 1000) * 1000).toBe(fromTime);
  });

  it('sends text bodies as text and every other content type base64-encoded', async () => {
    const json = await echo('/echo/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":1}',
    });
    expect(json.body).toBe('{"a":1}');
    expect(json.isBase64Encoded).toBe(false);
    const binary = await echo('/echo/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(binary.body).toBe(Buffer.from([1, 2, 3]).toString('base64'));
    expect(binary.isBase64Encoded).toBe(true);
  });

  it("carries the app API's stage variables (the route policy) in stageVariables", async () => {
    const event = await echo('/echo/things');
    expect(event.stageVariables).toMatchObject({ frontdesk_app: 'echo', frontdesk_base_path: 'echo' });
    expect(Object.keys(event.stageVariables).filter((name) => name.startsWith('frontdesk_route_'))).toHaveLength(1);
  });

  it('sends apigw-requestid on every response, equal to requestContext.requestId', async () => {
    const response = await fixture.get('/echo/things');
    const { event } = (await response.json()) as { event: Record<string, any> };
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
    expect((await fixture.get('/nowhere')).headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9+/]{14}==$/);
  });

  it("gives the function its manifest environment, Lambda's variables and the local secrets file — not the gateway's environment", async () => {
    process.env.FRONTDESK_TEST_LEAK = 'gateway-only';
    const response = await fixture.get('/echo/things');
    const { env, context } = (await response.json()) as { env: Record<string, string | undefined>; context: Record<string, string> };
    expect(env).toEqual({
      ECHO_GREETING: 'hello',
      FRONTDESK_SECRETS_FILE: `${fixture.root}/.frontdesk/secrets/echo.json`,
      AWS_LAMBDA_FUNCTION_NAME: 'frontdesk-dev-echo',
    });
    expect(context).toMatchObject({ functionName: 'frontdesk-dev-echo', functionVersion: '1' });
  });
});

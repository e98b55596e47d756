import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDP_PREFIX } from '../src/idp/paths.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';
import { rawRequest } from './helpers/raw-request.ts';

let fixture: Fixture;
let lambda: LambdaClient;
beforeAll(async () => {
  fixture = await startFixture(['echo'], { env: { STAGE: 'dev', FRONTDESK_ALLOWED_HOSTS: 'frontdesk.test, .tunnel.test' } });
  lambda = new LambdaClient({
    endpoint: fixture.server.lambdaUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  lambda.destroy();
  await fixture.stop();
});

/** One HTTP exchange with headers exactly as given (fetch would set Host and Origin itself). */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const port = (url: string) => new URL(url).port;
const gateway = (path: string, headers: Record<string, string>, method = 'GET', body = '') =>
  send(fixture.server.url, method, path, headers, body);
const tokenForm = (scope: string) =>
  new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'frontdesk-dev',
    client_secret: 'frontdesk-dev-secret',
    scope,
  }).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('Host names (issue 11 §6: DNS rebinding)', () => {
  it.each(['127.0.0.1', 'localhost', 'app.localhost', '[::1]', '127.1.2.3', 'frontdesk.test', 'a.tunnel.test', 'LOCALHOST'])(
    'the gateway answers Host %s',
    async (host) => {
      expect((await gateway('/echo/things', { host: `${host}:${port(fixture.server.url)}` })).status).toBe(200);
    },
  );

  it.each([
    'evil.example',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'tunnel.test',
    'frontdesk.test.evil.example',
    'localhost, evil.example',
    'user@localhost',
  ])('every local port refuses Host "%s" with 403 before serving anything', async (host) => {
    const app = await gateway('/echo/things', { host });
    expect(app.status).toBe(403);
    expect(JSON.parse(app.body)).toEqual({ message: expect.stringContaining('FRONTDESK_ALLOWED_HOSTS') });
    expect((await gateway(`${IDP_PREFIX}/jwks.json`, { host })).status).toBe(403);
    expect((await gateway(`${IDP_PREFIX}/token`, { host, ...FORM }, 'POST', tokenForm('echo:read'))).status).toBe(403);
    const direct = await send(fixture.server.lambdaUrl, 'GET', '/2015-03-31/functions/frontdesk-dev-echo/aliases/live', { host });
    expect(direct).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' } });
  });

  it('refuses a request without Host (HTTP/1.0)', async () => {
    expect((await rawRequest(fixture.server.url, 'GET /echo/things HTTP/1.0\n\n')).status).toBe(403);
    expect(
      (await rawRequest(fixture.server.lambdaUrl, 'GET /2015-03-31/functions/frontdesk-dev-echo/aliases/live HTTP/1.0\n\n')).status,
    ).toBe(403);
  });

  it('refuses a malformed FRONTDESK_ALLOWED_HOSTS by name at start-up', async () => {
    await expect(startFixture(['echo'], { env: { STAGE: 'dev', FRONTDESK_ALLOWED_HOSTS: '*' } })).rejects.toThrow(
      /FRONTDESK_ALLOWED_HOSTS: "\*" is not a host name/,
    );
  });
});

describe('cross-site browser requests to developer endpoints', () => {
  const host = () => `127.0.0.1:${port(fixture.server.url)}`;

  it('the dev IdP refuses a cross-site token request (a text/plain or form POST needs no preflight)', async () => {
    for (const headers of [
      { origin: 'https://evil.example' } as Record<string, string>,
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
      { origin: 'http://localhost:5173' },
    ]) {
      const response = await gateway(`${IDP_PREFIX}/token`, { host: host(), ...FORM, ...headers }, 'POST', tokenForm('echo:read'));
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.body).not.toContain('access_token');
    }
  });

  it('the dev IdP serves same-origin pages and tools that are not browsers', async () => {
    expect(
      (
        await gateway(
          `${IDP_PREFIX}/token`,
          { host: host(), ...FORM, origin: `http://${host()}`, 'sec-fetch-site': 'same-origin' },
          'POST',
          tokenForm('echo:read'),
        )
      ).status,
    ).toBe(200);
    expect((await gateway(`${IDP_PREFIX}/token`, { host: host(), ...FORM }, 'POST', tokenForm('echo:read'))).status).toBe(200);
    expect((await gateway(`${IDP_PREFIX}/.well-known/openid-configuration`, { host: host(), 'sec-fetch-site': 'none' })).status).toBe(200);
  });

  it('app routes still answer cross-origin requests, as API Gateway does (CORS is the app’s decision)', async () => {
    expect((await gateway('/echo/things', { host: host(), origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(
      200,
    );
  });
});

describe('the local Lambda API takes only what the AWS SDK sends', () => {
  const lambdaHost = () => `127.0.0.1:${port(fixture.server.lambdaUrl)}`;
  const invokePath = '/2015-03-31/functions/frontdesk-dev-echo/invocations';
  const forged = JSON.stringify({
    version: '2.0',
    routeKey: 'GET /secure/{id}',
    rawPath: '/secure/1',
    requestContext: { authorizer: { lambda: { sub: 'mallory', scopes: ['echo:read'] } } },
  });
  const signed = (date = '20261128T120000Z') => ({
    'x-amz-date': date,
    authorization: `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/us-east-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'a'.repeat(64)}`,
  });

  it('refuses the forged text/plain POST a web page can send without a preflight', async () => {
    const response = await send(
      fixture.server.lambdaUrl,
      'POST',
      invokePath,
      { host: lambdaHost(), 'content-type': 'text/plain', origin: 'https://evil.example' },
      forged,
    );
    expect(response.status).toBe(403);
    const unsigned = await send(fixture.server.lambdaUrl, 'POST', invokePath, { host: lambdaHost(), 'content-type': 'text/plain' }, forged);
    expect(unsigned).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': 'MissingAuthenticationTokenException' } });
  });

  it.each([
    ['Bearer x', 'IncompleteSignatureException'],
    [
      `AWS4-HMAC-SHA256 Credential=local/20261128/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
      'IncompleteSignatureException',
    ],
    [
      `AWS4-HMAC-SHA256 Credential=local/20261128/us-east-1/lambda/aws4_request, SignedHeaders=content-type, Signature=${'a'.repeat(64)}`,
      'IncompleteSignatureException',
    ],
    [
      'AWS4-HMAC-SHA256 Credential=local/20261128/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=short',
      'IncompleteSignatureException',
    ],
  ])('refuses Authorization "%s" (%s)', async (authorization, type) => {
    const response = await send(
      fixture.server.lambdaUrl,
      'POST',
      invokePath,
      { host: lambdaHost(), 'content-type': 'application/json', 'x-amz-date': '20261128T120000Z', authorization },
      '{}',
    );
    expect(response).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': type } });
  });

  it('refuses a signature shape whose date does not match X-Amz-Date', async () => {
    const response = await send(
      fixture.server.lambdaUrl,
      'POST',
      invokePath,
      { host: lambdaHost(), 'content-type': 'application/json', ...signed(), 'x-amz-date': '20261127T120000Z' },
      '{}',
    );
    expect(response).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': 'IncompleteSignatureException' } });
  });

  it('refuses content types a browser sends without a preflight (415 UnsupportedMediaTypeException)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await send(
        fixture.server.lambdaUrl,
        'POST',
        invokePath,
        { host: lambdaHost(), 'content-type': type, ...signed() },
        '{}',
      );
      expect(response, type).toMatchObject({ status: 415, headers: { 'x-amzn-errortype': 'UnsupportedMediaTypeException' } });
    }
    const alias = await send(
      fixture.server.lambdaUrl,
      'PUT',
      '/2015-03-31/functions/frontdesk-dev-echo/aliases/live',
      { host: lambdaHost(), 'content-type': 'text/plain', ...signed() },
      '{"FunctionVersion":"1"}',
    );
    expect(alias).toMatchObject({ status: 415, headers: { 'x-amzn-errortype': 'UnsupportedMediaTypeException' } });
  });

  it('never passes a caller’s authorizer context to a function, even from the real SDK', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-echo', Payload: forged }))).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining('requestContext.authorizer'),
    });
    const plain = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-echo', Payload: JSON.stringify({ rawPath: '/things', requestContext: {} }) }),
    );
    expect(plain.StatusCode).toBe(200);
  });
});

describe('dev IdP scopes: only what the manifests declare or a configured client lists, never *', () => {
  const token = (body: string) => fetch(`${fixture.server.url}${IDP_PREFIX}/token`, { method: 'POST', headers: FORM, body });

  it('the default client gets declared scopes and nothing else', async () => {
    expect(await (await token(tokenForm('echo:read'))).json()).toMatchObject({ scope: 'echo:read' });
    for (const scope of ['*', 'admin:all', 'echo:read *', 'orders:write']) {
      const refused = await token(tokenForm(scope));
      expect(refused.status, scope).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_scope' });
    }
  });

  it('refuses "*" in frontdesk.dev.json, naming the field', async () => {
    writeFileSync(
      join(fixture.root, 'frontdesk.dev.json'),
      JSON.stringify({ clients: { ci: { secret: 'ci-secret-123', scopes: ['*'] } } }),
    );
    try {
      const response = await token(
        new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'ci',
          client_secret: 'ci-secret-123',
          scope: 'echo:read',
        }).toString(),
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({
        error: 'server_error',
        error_description: expect.stringContaining('clients.ci.scopes may not contain "*"'),
      });
    } finally {
      rmSync(join(fixture.root, 'frontdesk.dev.json'));
    }
  });

  it('a configured client gets the scopes it lists, not every declared one', async () => {
    writeFileSync(
      join(fixture.root, 'frontdesk.dev.json'),
      JSON.stringify({ clients: { reports: { secret: 'reports-secret', scopes: ['reports:read'] } } }),
    );
    try {
      const form = (scope: string) =>
        new URLSearchParams({ grant_type: 'client_credentials', client_id: 'reports', client_secret: 'reports-secret', scope }).toString();
      expect((await token(form('reports:read'))).status).toBe(200);
      expect((await token(form('echo:read'))).status).toBe(400);
    } finally {
      rmSync(join(fixture.root, 'frontdesk.dev.json'));
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';
import { rawRequest } from './helpers/raw-request.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['storefront', 'echo']);
});
afterAll(() => fixture.stop());

/** The path goes on the wire byte for byte: `fetch` would resolve dot segments before sending. */
const get = (path: string, headers = '') =>
  rawRequest(fixture.server.url, `GET ${path} HTTP/1.1\nHost: 127.0.0.1\n${headers}Connection: close\n\n`);

describe('dot segments (issue 11 §1): refused before mapping and route matching', () => {
  it('serves the public greedy route and guards the protected route of a hono/aws-lambda app', async () => {
    expect(await get('/shop/assets/css/site.css')).toMatchObject({ status: 200, body: '{"asset":"/assets/css/site.css"}' });
    expect((await get('/shop/admin/report')).status).toBe(401);
  });

  it.each([
    '/shop/assets/../admin/report',
    '/shop/assets/%2e%2e/admin/report',
    '/shop/assets/%2E%2E/admin/report',
    '/shop/assets/.%2e/admin/report',
    '/shop/assets/%2e./admin/report',
    '/shop/assets/..%2fadmin%2freport',
    '/shop/assets/%252e%252e/admin/report',
    '/shop/assets/x/./../../admin/report',
    '/shop/assets\\..\\admin\\report',
  ])('answers 400 {"message":"Bad Request"} to %s, and the admin code never runs', async (path) => {
    const response = await get(path);
    expect(response.body).not.toContain('the admin report');
    expect(response.status).toBe(400);
    expect(response.body).toBe('{"message":"Bad Request"}');
    expect(response.headers).toMatch(/apigw-requestid: /i);
  });

  it('refuses a raw backslash, which hono/aws-lambda would read as a separator', async () => {
    expect((await get('/shop/assets\\admin/report')).status).toBe(400);
  });

  it('refuses dot segments before mapping: no app, route or the dev IdP sees them', async () => {
    expect((await get('/shop/../echo/things')).status).toBe(400);
    expect((await get('/../echo/things')).status).toBe(400);
    expect((await get('/_frontdesk/idp/../idp/jwks.json')).status).toBe(400);
    expect((await get('/echo/items/%2e%2e')).status).toBe(400);
  });

  it('keeps dots that are not segments, and encoded slashes in parameters', async () => {
    expect(await get('/shop/assets/v1.2/logo..png')).toMatchObject({ status: 200, body: '{"asset":"/assets/v1.2/logo..png"}' });
    expect((await get('/shop/assets/.well-known/x')).status).toBe(200);
    expect((await get('/echo/items/caf%C3%A9%2F1')).status).toBe(200);
  });
});

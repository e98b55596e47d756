import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../src/cli/dev-token.ts';
import { DPOP_KEY } from '../src/cli/dev-token.ts';
import { createDpopProof } from '../src/idp/dpop-proof.ts';
import { loadOrCreateKey } from '../src/idp/keys.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['echo', 'hono-app']);
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

describe('the shared authorizer module, in-process, trusting the dev identity provider', () => {
  it('allows a pnpm-token Bearer token that carries the route scope and hands the app its context', async () => {
    const response = await fixture.get('/echo/secure/1', { headers: { authorization: `Bearer ${await token(['echo:read'])}` } });
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as { event: { requestContext: { authorizer: { lambda: Record<string, unknown> } } } };
    expect(event.requestContext.authorizer.lambda).toMatchObject({
      sub: 'alice',
      scopes: ['echo:read'],
      tokenType: 'Bearer',
      app: 'echo',
      iss: fixture.server.devIdpIssuer,
    });
  });

  it('denies (403) a token without the route scope', async () => {
    const response = await fixture.get('/echo/secure/1', { headers: { authorization: `Bearer ${await token(['other:scope'])}` } });
    expect(response.status).toBe(403);
  });

  it('denies (403) a token signed by another key', async () => {
    const forged = (await token(['echo:read'])).replace(/\.[^.]+$/, '.AAAA');
    expect((await fixture.get('/echo/secure/1', { headers: { authorization: `Bearer ${forged}` } })).status).toBe(403);
  });

  it('allows a DPoP-bound token with a fresh proof, and refuses a replayed proof', async () => {
    const accessToken = await token(['echo:read'], true);
    const url = `${fixture.server.url}/echo/secure/2`;
    const proof = await createDpopProof(await loadOrCreateKey(fixture.root, DPOP_KEY), 'GET', url, accessToken);
    const headers = { authorization: `DPoP ${accessToken}`, dpop: proof };
    const first = await fetch(url, { headers });
    expect(first.status).toBe(200);
    const { event } = (await first.json()) as { event: { requestContext: { authorizer: { lambda: Record<string, unknown> } } } };
    expect(event.requestContext.authorizer.lambda).toMatchObject({ tokenType: 'DPoP', jkt: expect.any(String) });
    expect((await fetch(url, { headers })).status).toBe(403);
  });

  it('refuses a DPoP-bound token sent as Bearer', async () => {
    const accessToken = await token(['echo:read'], true);
    expect((await fixture.get('/echo/secure/1', { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(403);
  });
});

describe('a Hono app using hono/aws-lambda, served unmodified', () => {
  it('routes, reads path and query parameters, and sets cookies through the adapter', async () => {
    const response = await fixture.get('/hono/hello/world?q=1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'world', q: '1' });
    expect(response.headers.getSetCookie()).toEqual(['seen=yes; Path=/']);
  });

  it('reads a JSON body and answers with its own status', async () => {
    const response = await fixture.get('/hono/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ received: { n: 1 } });
  });

  it('sees the authorizer context on a protected route', async () => {
    const response = await fixture.get('/hono/me', { headers: { authorization: `Bearer ${await token(['hono:read'])}` } });
    expect(await response.json()).toEqual({ sub: 'alice' });
  });
});

import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDpopProof, thumbprint } from '../src/idp/dpop-proof.ts';
import { loadOrCreateKey } from '../src/idp/keys.ts';
import { IDP_PREFIX } from '../src/idp/paths.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['echo']);
});
afterAll(() => fixture.stop());

const tokenEndpoint = () => `${fixture.server.url}${IDP_PREFIX}/token`;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('the development identity provider', () => {
  it('publishes an OpenID discovery document and a JWKS under the reserved prefix', async () => {
    const discovery = (await (await fixture.get(`${IDP_PREFIX}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: fixture.server.devIdpIssuer,
      token_endpoint: tokenEndpoint(),
      grant_types_supported: ['client_credentials'],
    });
    const jwks = (await (await fetch(discovery.jwks_uri as string)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('keeps its signing key in the git-ignored .frontdesk folder, private to the user', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(join(fixture.root, '.frontdesk', 'idp', 'signing-key.json')).mode & 0o777).toBe(0o600);
  });

  it('issues client_credentials tokens the shared authorizer accepts', async () => {
    const response = await fetch(
      tokenEndpoint(),
      form({ grant_type: 'client_credentials', client_id: 'frontdesk-dev', client_secret: 'frontdesk-dev-secret', scope: 'echo:read' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'echo:read' });
    expect(decodeJwt(body.access_token)).toMatchObject({
      iss: fixture.server.devIdpIssuer,
      aud: 'frontdesk-local',
      sub: 'frontdesk-dev',
      scope: 'echo:read',
    });
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect((await fixture.get('/echo/secure/1', { headers: { authorization: `Bearer ${body.access_token}` } })).status).toBe(200);
  });

  it('accepts client_secret_basic and refuses a wrong secret with invalid_client', async () => {
    const basic = (secret: string) => ({
      ...form({ grant_type: 'client_credentials' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`frontdesk-dev:${secret}`).toString('base64')}`,
      },
    });
    expect((await fetch(tokenEndpoint(), basic('frontdesk-dev-secret'))).status).toBe(200);
    const refused = await fetch(tokenEndpoint(), basic('wrong-secret'));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('reads clients from frontdesk.dev.json and refuses scopes they may not request and other grant types', async () => {
    writeFileSync(
      join(fixture.root, 'frontdesk.dev.json'),
      JSON.stringify({ clients: { reports: { secret: 'reports-secret', scopes: ['reports:read'] } } }),
    );
    const refused = await fetch(
      tokenEndpoint(),
      form({ grant_type: 'client_credentials', client_id: 'reports', client_secret: 'reports-secret', scope: 'reports:read admin' }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_scope', error_description: expect.stringContaining('admin') });
    const granted = await fetch(
      tokenEndpoint(),
      form({ grant_type: 'client_credentials', client_id: 'reports', client_secret: 'reports-secret' }),
    );
    expect(await granted.json()).toMatchObject({ scope: 'reports:read' });
    expect(await (await fetch(tokenEndpoint(), form({ grant_type: 'password' }))).json()).toMatchObject({
      error: 'unsupported_grant_type',
    });
    rmSync(join(fixture.root, 'frontdesk.dev.json'));
  });

  it('binds a token to the DPoP key of the proof sent to the token endpoint (cnf.jkt)', async () => {
    const key = await loadOrCreateKey(fixture.root, 'idp/dpop-key');
    const proof = await createDpopProof(key, 'POST', tokenEndpoint());
    const response = await fetch(tokenEndpoint(), {
      ...form({ grant_type: 'client_credentials', client_id: 'frontdesk-dev', client_secret: 'frontdesk-dev-secret' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: proof },
    });
    const body = (await response.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: await thumbprint(key.publicJwk) });
  });

  it('refuses a DPoP proof made for another URL', async () => {
    const proof = await createDpopProof(await loadOrCreateKey(fixture.root, 'idp/dpop-key'), 'POST', 'http://127.0.0.1:1/elsewhere');
    const response = await fetch(tokenEndpoint(), {
      ...form({ grant_type: 'client_credentials', client_id: 'frontdesk-dev', client_secret: 'frontdesk-dev-secret' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: proof },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });
});

import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYMMETRIC_ALGORITHMS } from '@frontdesk/gateway-core/authorizer';
import { IDP_PREFIX } from '../src/idp/paths.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

// Issue 11 §8: what openid-client and oauth4webapi found. oauth4webapi (panva) is the independent
// client here: RFC 8414 discovery, client_secret_basic, a DPoP-bound token with an Ed25519 key,
// then a DPoP request through the gateway to a protected route.
const TRICKY_SECRET = 'a secret+with/odd chars';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['echo']);
  writeFileSync(
    join(fixture.root, 'frontdesk.dev.json'),
    JSON.stringify({ clients: { tricky: { secret: TRICKY_SECRET, scopes: ['echo:read'] } } }),
  );
});
afterAll(async () => {
  rmSync(join(fixture.root, 'frontdesk.dev.json'), { force: true });
  await fixture.stop();
});

const tokenEndpoint = () => `${fixture.server.url}${IDP_PREFIX}/token`;
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
const post = (headers: Record<string, string>, fields: Record<string, string> = { grant_type: 'client_credentials' }) =>
  fetch(tokenEndpoint(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

async function proofFor(alg: string, key: { privateKey: CryptoKey; publicJwk: JWK }, claims: Record<string, unknown> = {}) {
  const { iat, ...rest } = claims;
  return new SignJWT({ htm: 'POST', htu: tokenEndpoint(), jti: crypto.randomUUID(), ...rest })
    .setProtectedHeader({ typ: 'dpop+jwt', alg, jwk: key.publicJwk })
    .setIssuedAt(typeof iat === 'number' ? iat : undefined)
    .sign(key.privateKey);
}

async function keyFor(alg: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

describe('token endpoint client authentication (RFC 6749 §2.3.1, §5.2)', () => {
  it('answers a failed HTTP Basic authentication with 401 invalid_client and WWW-Authenticate: Basic', async () => {
    const response = await post({ authorization: basic('tricky', 'wrong-secret') });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('form-urlencodes client_secret_basic credentials before base64: a secret with a space, + and / works', async () => {
    const response = await post({ authorization: basic('tricky', TRICKY_SECRET) });
    expect(response.status).toBe(200);
    // Unencoded, "+" means a space: the raw secret is a different secret.
    const raw = await post({ authorization: `Basic ${Buffer.from(`tricky:${TRICKY_SECRET}`).toString('base64')}` });
    expect(raw.status).toBe(401);
  });

  it('refuses a malformed percent-encoding in Basic credentials as invalid_client, not a crash', async () => {
    const response = await post({ authorization: `Basic ${Buffer.from('tricky:%zz').toString('base64')}` });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('token endpoint DPoP (RFC 9449)', () => {
  const credentials = { grant_type: 'client_credentials', client_id: 'tricky', client_secret: TRICKY_SECRET };

  it('refuses a replayed proof (§11.1)', async () => {
    const proof = await proofFor('ES256', await keyFor('ES256'));
    expect((await post({ dpop: proof }, credentials)).status).toBe(200);
    const replay = await post({ dpop: proof }, credentials);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({
      error: 'invalid_dpop_proof',
      error_description: expect.stringMatching(/already used|replay/i),
    });
  });

  it('refuses a proof issued in the future', async () => {
    const proof = await proofFor('ES256', await keyFor('ES256'), { iat: Math.floor(Date.now() / 1000) + 3600 });
    expect((await post({ dpop: proof }, credentials)).status).toBe(400);
  });

  it.each(['Ed25519', 'EdDSA', 'ES256', 'ES384', 'ES512', 'RS256', 'PS384'])('accepts a %s proof, as the authorizer does', async (alg) => {
    expect(ASYMMETRIC_ALGORITHMS).toContain(alg);
    const key = await keyFor(alg === 'EdDSA' ? 'Ed25519' : alg);
    const response = await post({ dpop: await proofFor(alg, key) }, credentials);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string };
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: await calculateJwkThumbprint(key.publicJwk) });
  });
});

describe('metadata', () => {
  it('serves RFC 8414 authorization server metadata at the well-known URI for an issuer with a path (§3)', async () => {
    const response = await fixture.get(`/.well-known/oauth-authorization-server${IDP_PREFIX}`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: fixture.server.devIdpIssuer,
      token_endpoint: tokenEndpoint(),
      response_types_supported: expect.any(Array),
    });
    expect(metadata.dpop_signing_alg_values_supported).toEqual([...ASYMMETRIC_ALGORITHMS]);
  });

  it('serves every field OpenID Connect Discovery 1.0 §3 marks REQUIRED', async () => {
    const discovery = (await (await fixture.get(`${IDP_PREFIX}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    for (const field of [
      'issuer',
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'response_types_supported',
      'subject_types_supported',
      'id_token_signing_alg_values_supported',
    ]) {
      expect(discovery, field).toHaveProperty(field);
    }
    expect(discovery.id_token_signing_alg_values_supported).toContain('RS256');
  });
});

describe('an independent client: oauth4webapi', () => {
  it('discovers (RFC 8414), authenticates with client_secret_basic, gets a DPoP-bound token with an Ed25519 key, and calls a protected route', async () => {
    const issuer = new URL(fixture.server.devIdpIssuer);
    const insecure = { [oauth.allowInsecureRequests]: true };
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
    const client: oauth.Client = { client_id: 'tricky' };
    const keyPair = await oauth.generateKeyPair('Ed25519');
    const DPoP = oauth.DPoP(client, keyPair);
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(TRICKY_SECRET),
      new URLSearchParams({ scope: 'echo:read' }),
      { DPoP, ...insecure },
    );
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    expect(token.token_type).toBe('dpop');
    const call = await oauth.protectedResourceRequest(
      token.access_token,
      'GET',
      new URL(`${fixture.server.url}/echo/secure/1`),
      undefined,
      undefined,
      { DPoP, ...insecure },
    );
    expect(call.status).toBe(200);
  });
});

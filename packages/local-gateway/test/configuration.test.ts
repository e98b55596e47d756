import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../src/cli/dev-token.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

/** Another OpenID provider on an ephemeral port: discovery document and JWKS. */
let issuerServer: Server;
let issuer: string;
let signingKey: CryptoKey;
let fixture: Fixture;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  signingKey = privateKey as CryptoKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'other-1', alg: 'RS256', use: 'sig' };
  issuerServer = createServer((req, res) => {
    const body =
      req.url === '/.well-known/openid-configuration'
        ? { issuer, jwks_uri: `${issuer}/jwks` }
        : req.url === '/jwks'
          ? { keys: [jwk] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  fixture = await startFixture(['echo'], {
    env: { STAGE: 'dev', FRONTDESK_ISSUER: issuer, FRONTDESK_AUDIENCE: 'orders-api', FRONTDESK_ALLOW_UNTYPED_TOKENS: 'true' },
  });
});
afterAll(async () => {
  await fixture.stop();
  issuerServer.close();
});

describe('configuration through FRONTDESK_* variables', () => {
  it('trusts another issuer when FRONTDESK_ISSUER/FRONTDESK_AUDIENCE name it (keys found through its discovery document; its tokens carry no typ, so FRONTDESK_ALLOW_UNTYPED_TOKENS=true)', async () => {
    const token = await new SignJWT({ scope: 'echo:read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'other-1' })
      .setIssuer(issuer)
      .setAudience('orders-api')
      .setSubject('dave')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey);
    const response = await fixture.get('/echo/secure/1', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(fixture.server.issuer).toBe(issuer);
  });

  it('then no longer trusts the dev identity provider', async () => {
    const devToken = await mintDevToken({
      root: fixture.root,
      env: { FRONTDESK_PORT: new URL(fixture.server.url).port },
      sub: 'alice',
      scopes: ['echo:read'],
      ttlSeconds: 60,
      dpop: false,
    });
    expect((await fixture.get('/echo/secure/1', { headers: { authorization: `Bearer ${devToken}` } })).status).toBe(403);
  });

  it('refuses to start with an invalid setting, naming the variable', async () => {
    await expect(startFixture(['echo'], { env: { FRONTDESK_ISSUER: 'not a url' } })).rejects.toThrow(/FRONTDESK_ISSUER/);
  });

  it('refuses a port that is not a number, naming the variable', async () => {
    await expect(startFixture(['echo'], { port: undefined, env: { FRONTDESK_PORT: 'eighty' } })).rejects.toThrow(
      /FRONTDESK_PORT="eighty" is not a port number/,
    );
  });
});

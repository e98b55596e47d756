import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthorizerDenial } from './denial-codes.ts';
import { jwkThumbprint } from './jwk-thumbprint.ts';

describe('jwkThumbprint (RFC 7638, SHA-256)', () => {
  it('matches the RFC 7638 §3.1 example', () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it.each([
    ['ES256', {}],
    ['ES384', {}],
    ['ES512', {}],
    ['RS256', {}],
    ['PS256', {}],
    ['EdDSA', { crv: 'Ed25519' }],
  ] as const)('equals jose calculateJwkThumbprint for a %s key, whatever other members it carries', async (alg, options) => {
    for (let n = 0; n < 3; n += 1) {
      const { publicKey } = await generateKeyPair(alg, options);
      const jwk = { ...(await exportJWK(publicKey)), alg, kid: `k${n}`, use: 'sig' };
      expect(jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
    }
  });

  it.each([
    [{ kty: 'oct', k: 'c2VjcmV0' }, '"kty" missing or unsupported'],
    [{ x: 'AAAA', y: 'AAAA', crv: 'P-256' }, '"kty" missing or unsupported'],
    [{ kty: 'EC', crv: 'P-256', x: 'AAAA' }, '"y" missing'],
    [{ kty: 'RSA', n: 'AAAA', e: 7 }, '"e" missing'],
    [{ kty: 'OKP', crv: 'Ed25519', x: '' }, '"x" missing'],
    [{ kty: 'toString', x: 'AAAA' }, '"kty" missing or unsupported'],
  ])('denies a proof key it cannot hash: %o', (jwk, message) => {
    expect(() => jwkThumbprint(jwk as never)).toThrow(AuthorizerDenial);
    expect(() => jwkThumbprint(jwk as never)).toThrow(message);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { EmbeddedJWK, SignJWT, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import type { KeyPair } from './keys.ts';

/** A fresh DPoP proof (RFC 9449 §4.2) for one request; `accessToken` adds `ath`. */
export async function createDpopProof(key: KeyPair, method: string, url: string, accessToken?: string): Promise<string> {
  const target = new URL(url);
  const { kid: _kid, alg: _alg, use: _use, ...jwk } = key.publicJwk;
  return new SignJWT({
    htm: method.toUpperCase(),
    htu: `${target.origin}${target.pathname}`,
    ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}),
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk })
    .setIssuedAt()
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** The RFC 7638 thumbprint a token's `cnf.jkt` carries for `jwk`. */
export function thumbprint(jwk: JWK): Promise<string> {
  const { kty, crv, x, y, e, n } = jwk;
  return calculateJwkThumbprint({ kty, crv, x, y, e, n } as JWK);
}

/**
 * Checks a proof sent to the token endpoint (typ, asymmetric alg, signature by its own public
 * key, htm, htu, iat within 5 minutes) and returns the key's thumbprint to bind the token to.
 */
export async function verifyTokenRequestProof(proof: string, method: string, url: string): Promise<string> {
  const { payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'], maxTokenAge: '300s' });
  if (payload.htm !== method) throw new Error('DPoP proof htm does not match the request method');
  const target = new URL(url);
  if (typeof payload.htu !== 'string' || payload.htu.replace(/[?#].*$/, '') !== `${target.origin}${target.pathname}`) {
    throw new Error('DPoP proof htu does not match the token endpoint');
  }
  if (typeof payload.jti !== 'string') throw new Error('DPoP proof has no jti');
  const { jwk } = decodeProtectedHeader(proof);
  return thumbprint(jwk as JWK);
}

import { createHash, randomUUID } from 'node:crypto';
import { EmbeddedJWK, SignJWT, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import type { KeyPair } from './keys.ts';
import { PROOF_ALGORITHMS } from './metadata.ts';

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

/** A proof's `iat` may be this far from now, either way (the authorizer's window too). */
export const PROOF_WINDOW_SECONDS = 300;

/**
 * Checks a proof sent to the token endpoint (typ, an algorithm the authorizer accepts, signature
 * by its own public key, htm, htu, jti, iat within ±5 minutes) and returns the key's thumbprint
 * to bind the token to, with the `jti` and `iat` the caller records against replay.
 */
export async function verifyTokenRequestProof(
  proof: string,
  method: string,
  url: string,
): Promise<{ jkt: string; jti: string; iat: number }> {
  const { payload } = await jwtVerify(proof, EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: [...PROOF_ALGORITHMS],
    maxTokenAge: `${PROOF_WINDOW_SECONDS}s`,
  });
  const iat = payload.iat as number;
  if (iat > Date.now() / 1000 + PROOF_WINDOW_SECONDS) throw new Error('DPoP proof iat is in the future');
  if (payload.htm !== method) throw new Error('DPoP proof htm does not match the request method');
  const target = new URL(url);
  if (typeof payload.htu !== 'string' || payload.htu.replace(/[?#].*$/, '') !== `${target.origin}${target.pathname}`) {
    throw new Error('DPoP proof htu does not match the token endpoint');
  }
  if (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > 256)
    throw new Error('DPoP proof needs a jti of 1-256 characters');
  const { jwk } = decodeProtectedHeader(proof);
  return { jkt: await thumbprint(jwk as JWK), jti: payload.jti, iat };
}

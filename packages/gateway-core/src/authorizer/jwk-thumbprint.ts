import { sha256 } from '../contract/sha256.ts';
import type { JWK } from 'jose';
import { AuthorizerDenial } from './denial-codes.ts';

/** The members RFC 7638 §3.2 hashes per key type, already in lexicographic order (§3.3). */
const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

/**
 * The SHA-256 JWK thumbprint (RFC 7638) of a public key, base64url: the JSON object of the key
 * type's required members, in lexicographic order with no whitespace, hashed. A DPoP proof's key
 * is bound to its token by this value (`cnf.jkt`, RFC 9449 §6.1).
 *
 * Written here rather than imported from `jose` (whose `calculateJwkThumbprint` also handles
 * `CryptoKey` input and other digests, and pulled 1.7 KB of key export into a 40 KB bundle);
 * `jwk-thumbprint.test.ts` holds it equal to `jose`'s for every key type DPoP admits.
 * The members are written with `JSON.stringify`, as the RFC's §3.3 requires for member values.
 */
export function jwkThumbprint(jwk: JWK): string {
  // Own keys only: a kty of "toString" must not find Object.prototype's.
  const members = typeof jwk.kty === 'string' && Object.hasOwn(REQUIRED_MEMBERS, jwk.kty) ? REQUIRED_MEMBERS[jwk.kty] : undefined;
  const json = (members ?? ['kty']).map((name) => {
    const value = (jwk as Record<string, unknown>)[name];
    if (members === undefined || typeof value !== 'string' || value === '')
      throw new AuthorizerDenial('dpop_invalid_proof', `proof key: "${name}" missing or unsupported`);
    return `${JSON.stringify(name)}:${JSON.stringify(value)}`;
  });
  return sha256(`{${json.join(',')}}`);
}

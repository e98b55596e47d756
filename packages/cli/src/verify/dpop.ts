import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** An ephemeral DPoP key: created per run, never written anywhere. */
export interface ProofKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** RFC 7638 thumbprint: what a bound token's `cnf.jkt` must equal. */
  readonly thumbprint: string;
}

export async function createProofKey(): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk) };
}

/**
 * A fresh proof (RFC 9449 §4.2) for one request: `htu` is the URL without query and fragment
 * (§4.2), `ath` the hash of the access token when one is presented (§4.3).
 */
export function createProof(key: ProofKey, method: string, url: string, accessToken?: string): Promise<string> {
  const target = new URL(url);
  return new SignJWT({
    htm: method.toUpperCase(),
    htu: `${target.origin}${target.pathname}`,
    ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}),
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk })
    .setIssuedAt()
    .setJti(randomUUID())
    .sign(key.privateKey);
}

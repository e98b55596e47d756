import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { KeyPair } from './keys.ts';

export interface TokenRequest {
  readonly issuer: string;
  readonly audience: string | readonly string[];
  readonly sub: string;
  readonly scopes: readonly string[];
  readonly ttlSeconds: number;
  readonly clientId?: string;
  /** The RFC 7638 thumbprint of the client's DPoP key: binds the token (`cnf.jkt`). */
  readonly jkt?: string;
}

/**
 * Signs a development access token (RFC 9068 shape: `typ: at+jwt`, `iss`, `aud`, `sub`,
 * `scope`, `iat`, `exp`, `jti`, `client_id`; `cnf.jkt` when DPoP-bound).
 */
export async function issueToken(key: KeyPair, request: TokenRequest): Promise<string> {
  return new SignJWT({
    scope: request.scopes.join(' '),
    client_id: request.clientId ?? 'frontdesk-dev',
    ...(request.jkt ? { cnf: { jkt: request.jkt } } : {}),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(request.issuer)
    .setAudience(request.audience as string | string[])
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

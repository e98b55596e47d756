import { decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { AuthorizerConfig } from './config.ts';
import { AuthorizerDenial } from './denial-codes.ts';
import { accessTokenDenial, COMPACT_JWS, MAX_TOKEN_LENGTH } from './jwt-errors.ts';

/** A verified access token's claims. */
export type AccessTokenClaims = JWTPayload & { sub: string; exp: number; iss: string };

/**
 * Builds the access-token check once per authorizer (options object and key getter reused by
 * every request). The check: at most 8 KiB, compact JWS, no `crit`, not typed as a DPoP proof,
 * algorithm allow-listed, signature by an issuer key, `iss`, `aud`, `exp`, `sub` present and valid,
 * `nbf`/`iat` not in the future — all with the configured clock tolerance.
 *
 * `jose` enforces the algorithm allow-list and `crit` before it asks for a key, so such tokens
 * never cause a JWKS fetch; the header is decoded again only on failure, to name the reason.
 *
 * @returns a function resolving to the claims, or rejecting with {@link AuthorizerDenial}
 *   (any other rejection is an internal error).
 */
export function accessTokenVerifier(
  config: AuthorizerConfig,
  getKey: JWTVerifyGetKey,
  now: (() => number) | undefined,
): (token: string) => Promise<AccessTokenClaims> {
  const options: JWTVerifyOptions = {
    algorithms: [...config.algorithms],
    issuer: config.issuer,
    audience: [...config.audience],
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };
  const tolerance = config.clockToleranceSeconds;

  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthorizerDenial('token_too_large');
    if (!COMPACT_JWS.test(token)) throw new AuthorizerDenial('malformed_token');
    let verified: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      verified = await jwtVerify(token, getKey, now === undefined ? options : { ...options, currentDate: new Date(now()) });
    } catch (error) {
      throw headerDenial(token) ?? accessTokenDenial(error) ?? error;
    }
    const { payload, protectedHeader } = verified;
    if (isDpopProofType(protectedHeader.typ)) throw new AuthorizerDenial('wrong_token_type');
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthorizerDenial('missing_claim', 'sub must be a non-empty string');
    const nowSeconds = (now ?? Date.now)() / 1000;
    if (payload.iat !== undefined && payload.iat > nowSeconds + tolerance) throw new AuthorizerDenial('not_yet_valid', 'iat is in the future');
    return payload as AccessTokenClaims;
  };
}

function isDpopProofType(typ: unknown): boolean {
  return typeof typ === 'string' && /^(application\/)?dpop\+jwt$/i.test(typ);
}

/** The denial a failed token's header explains on its own (crit, typ), if any. */
function headerDenial(token: string): AuthorizerDenial | undefined {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return new AuthorizerDenial('malformed_token');
  }
  if (header.crit !== undefined) return new AuthorizerDenial('unknown_crit');
  if (isDpopProofType(header.typ)) return new AuthorizerDenial('wrong_token_type');
  return undefined;
}

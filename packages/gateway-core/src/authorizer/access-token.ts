import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions, ProtectedHeaderParameters } from 'jose';
import { jwtVerify } from 'jose/jwt/verify';
import type { AuthorizerConfig } from './config.ts';
import { AuthorizerDenial } from './denial-codes.ts';
import { accessTokenDenial, COMPACT_JWS, MAX_TOKEN_LENGTH } from './jwt-errors.ts';
import { assertAccessTokenType, assertNotIdToken, confirmedKeyThumbprint } from './token-type.ts';

/** A verified access token's claims; `cnf`, when present, is exactly `{ jkt: string }`. */
export type AccessTokenClaims = JWTPayload & { sub: string; exp: number; iss: string; cnf?: { jkt: string } };

/**
 * Builds the access-token check once per authorizer (options object and key getter reused by
 * every request). The check: at most 8 KiB, compact JWS, no `crit`, algorithm allow-listed,
 * typed `at+jwt` (or untyped, when configured — see {@link assertAccessTokenType}), signature by an issuer key, `iss`, `aud`, `exp`, `sub` present and valid,
 * `nbf`/`iat` not in the future — all with the configured clock tolerance; then not shaped like
 * an ID token, and `cnf`, if any, holding exactly a `jkt`.
 *
 * `jose` enforces the algorithm allow-list and `crit` before it asks for a key, and the `typ`
 * check runs as the key is asked for, so such tokens never cause a JWKS fetch; the header is decoded again only on failure, to name the reason.
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
  const allowUntyped = config.allowUntypedTokens;
  const typedGetKey: JWTVerifyGetKey = (header, token) => {
    assertAccessTokenType(header.typ, allowUntyped);
    return getKey(header, token);
  };

  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthorizerDenial('token_too_large');
    if (!COMPACT_JWS.test(token)) throw new AuthorizerDenial('malformed_token');
    let verified: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      verified = await jwtVerify(token, typedGetKey, now === undefined ? options : { ...options, currentDate: new Date(now()) });
    } catch (error) {
      throw headerDenial(token) ?? accessTokenDenial(error) ?? error;
    }
    const { payload } = verified;
    if (typeof payload.sub !== 'string' || payload.sub === '')
      throw new AuthorizerDenial('missing_claim', 'sub must be a non-empty string');
    const nowSeconds = (now ?? Date.now)() / 1000;
    if (payload.iat !== undefined && payload.iat > nowSeconds + tolerance)
      throw new AuthorizerDenial('not_yet_valid', 'iat is in the future');
    assertNotIdToken(payload);
    confirmedKeyThumbprint(payload.cnf);
    return payload as AccessTokenClaims;
  };
}

/** The denial a failed token's header explains on its own (crit, a typ that is no access token's), if any. */
function headerDenial(token: string): AuthorizerDenial | undefined {
  // Only names the reason of a token jose already refused (the token is denied either way); the
  // segment passed COMPACT_JWS, so it is base64url.
  let header: ProtectedHeaderParameters;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'));
  } catch {
    return new AuthorizerDenial('malformed_token');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return new AuthorizerDenial('malformed_token');
  if (header.crit !== undefined) return new AuthorizerDenial('unknown_crit');
  try {
    assertAccessTokenType(header.typ, true);
  } catch (denial) {
    return denial as AuthorizerDenial;
  }
  return undefined;
}

import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions, ProtectedHeaderParameters } from 'jose';
import { jwtVerify } from 'jose/jwt/verify';
import type { AuthorizerConfig } from './config.ts';
import { AuthorizerDenial } from './denial-codes.ts';
import { accessTokenDenial, COMPACT_JWS, MAX_TOKEN_LENGTH } from './jwt-errors.ts';
import { assertAccessTokenType, assertNotIdToken, confirmedKeyThumbprint } from './token-type.ts';

type SelectedKey = Awaited<ReturnType<JWTVerifyGetKey>>;

/** The issuer's keys as the check uses them (`IssuerKeys`). */
export interface TokenKeys {
  /** Selects the key for a token's header (jose key getter); throws `AuthorizerDenial` with a key-related code. */
  readonly getKey: JWTVerifyGetKey;
  /** The loaded key set's generation, `undefined` when keys are missing or due for a refresh. */
  freshGeneration(nowMs: number): number | undefined;
}

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
 * Once a raw protected header has passed the `typ` check and had its key selected, later tokens
 * with the same header bytes are verified with that key directly while the key set is fresh and
 * unchanged (same generation): jose still checks `alg`, `crit`, the key's algorithm, the signature and the claims.
 *
 * @returns a function resolving to the claims, or rejecting with {@link AuthorizerDenial}
 *   (any other rejection is an internal error).
 */
export function accessTokenVerifier(
  config: AuthorizerConfig,
  keys: TokenKeys,
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
  const clock = now ?? Date.now;
  // The key jose selected for a raw protected header whose `typ` passed, and the key set
  // generation it was selected under. Same header bytes (alg, kid, typ, crit) under the same key
  // set select the same key, so a later token with that header is verified with the key itself:
  // jose then skips the getter call, its await and the result copy it makes for a getter.
  const headerKeys = new Map<string, { readonly key: SelectedKey; readonly generation: number }>();
  const typedGetKey: JWTVerifyGetKey = async (header, token) => {
    assertAccessTokenType(header.typ, allowUntyped);
    const generation = keys.freshGeneration(clock());
    const key = await keys.getKey(header, token);
    // Only when the keys were fresh and unchanged across the selection (a refresh may have run meanwhile).
    if (generation !== undefined && token?.protected !== undefined && keys.freshGeneration(clock()) === generation) {
      if (headerKeys.size >= 256) headerKeys.clear(); // bounded: headers are the caller's choice
      headerKeys.set(token.protected, { key, generation });
    }
    return key;
  };

  // The claim checks jose leaves to us, built once: a `then` handler, not a second async frame per token.
  const checked = ({ payload }: Awaited<ReturnType<typeof jwtVerify>>): AccessTokenClaims => {
    // Denial codes only: the audit line carries the code, and no output reads a message.
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthorizerDenial('missing_claim'); // sub: a non-empty string
    if (payload.iat !== undefined && payload.iat > clock() / 1000 + tolerance) throw new AuthorizerDenial('not_yet_valid'); // iat in the future
    assertNotIdToken(payload);
    confirmedKeyThumbprint(payload.cnf);
    return payload as AccessTokenClaims;
  };

  return (token) => {
    if (token.length > MAX_TOKEN_LENGTH) return Promise.reject(new AuthorizerDenial('token_too_large'));
    if (!COMPACT_JWS.test(token)) return Promise.reject(new AuthorizerDenial('malformed_token'));
    const known = headerKeys.get(token.slice(0, token.indexOf('.')));
    const key = known !== undefined && known.generation === keys.freshGeneration(clock()) ? known.key : typedGetKey;
    return jwtVerify(token, key, now === undefined ? options : { ...options, currentDate: new Date(now()) }).then(checked, (error) => {
      throw headerDenial(token) ?? accessTokenDenial(error) ?? error;
    });
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

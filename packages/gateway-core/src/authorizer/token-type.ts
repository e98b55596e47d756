import { AuthorizerDenial } from './denial-codes.ts';

// Denials carry their code only: the audit line records the code, and nothing reads a message (a comment says why instead).

/** `at+jwt`, with or without `application/`, in any case (RFC 7515 §4.1.9: media types are case-insensitive). */
const ACCESS_TOKEN_TYPE = /^(application\/)?at\+jwt$/i;
/** The generic type many issuers still put on access tokens (or omit): accepted only when configured. */
const GENERIC_TYPE = /^(application\/)?jwt$/i;

/**
 * Checks the token's `typ` header before any key is fetched (RFC 9068 §4, RFC 8725 §3.11):
 * `at+jwt` passes; an absent or generic `JWT` type passes only when `allowUntyped`
 * (`FRONTDESK_ALLOW_UNTYPED_TOKENS`), else `untyped_token`; anything else — a DPoP proof, an
 * `id+jwt`, a type with parameters — is `wrong_token_type`.
 */
export function assertAccessTokenType(typ: unknown, allowUntyped: boolean): void {
  if (typeof typ === 'string' && ACCESS_TOKEN_TYPE.test(typ)) return;
  if (typ === undefined || (typeof typ === 'string' && GENERIC_TYPE.test(typ))) {
    if (allowUntyped) return;
    throw new AuthorizerDenial('untyped_token'); // typ absent or generic; at+jwt expected
  }
  throw new AuthorizerDenial('wrong_token_type'); // typ names another kind of token
}

/**
 * Denies a verified token that is shaped like an ID token whatever its `typ` says: it carries
 * `nonce`, `at_hash`, `c_hash` or `s_hash`, or Cognito's `token_use` is not `access`. With untyped
 * tokens allowed this is what keeps an issuer's ID tokens (same `iss`, keys and often `aud`) out.
 */
export function assertNotIdToken(claims: Readonly<Record<string, unknown>>): void {
  // Claims only an OpenID Connect ID token carries (OIDC Core §2, §3.1.3.6, §3.3.2.11; FAPI `s_hash`),
  // read by name: a loop over the names made each read a keyed lookup on every token.
  if (claims.nonce !== undefined || claims.at_hash !== undefined || claims.c_hash !== undefined || claims.s_hash !== undefined)
    throw new AuthorizerDenial('id_token');
  if (claims.token_use !== undefined && claims.token_use !== 'access') throw new AuthorizerDenial('id_token'); // token_use is not access
}

/**
 * The token's confirmation (RFC 7800 `cnf`): `undefined` for a bearer token, else the RFC 9449
 * `jkt` it is bound to. Any other shape — another confirmation method such as mTLS `x5t#S256`
 * (RFC 8705), `jwk`, `jku`, an extra member beside `jkt`, a non-object — is
 * `unsupported_confirmation`: a token bound to something this authorizer cannot check must not
 * be accepted as a bearer token.
 */
export function confirmedKeyThumbprint(cnf: unknown): string | undefined {
  if (cnf === undefined) return undefined;
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) throw new AuthorizerDenial('unsupported_confirmation'); // not an object
  const jkt = (cnf as Record<string, unknown>).jkt;
  // Exactly one member, a non-empty string jkt: anything beside it is a confirmation this authorizer cannot check.
  if (Object.keys(cnf).length !== 1 || typeof jkt !== 'string' || jkt === '') throw new AuthorizerDenial('unsupported_confirmation');
  return jkt;
}

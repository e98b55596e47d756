/**
 * Every reason the authorizer can deny a request. The set is stable: audit lines, metrics and
 * tests carry these codes, and callers branch on them — never on message text. The response
 * itself never reveals the code (API Gateway answers 403 `{"message":"Forbidden"}`). The README's
 * table gives each code's meaning; the meanings live in comments here so they cost no bundle bytes.
 */
export const DENIAL_CODES = [
  /** No Authorization header, or it carries no credentials. */
  'missing_token',
  /** The Authorization scheme is neither Bearer nor DPoP (or DPoP while FRONTDESK_DPOP=off). */
  'unsupported_scheme',
  /** The access token is not a compact JWS with a JSON claims set (JWE, nested JWT, bad encoding). */
  'malformed_token',
  /** The access token (or DPoP proof) is over 8 KiB; refused before parsing. */
  'token_too_large',
  /** The token algorithm is none, symmetric, or outside FRONTDESK_ALGORITHMS. */
  'unsupported_alg',
  /** The token header lists critical extensions the authorizer does not understand. */
  'unknown_crit',
  /** The token typ names something other than an access token (not at+jwt / application/at+jwt; e.g. a DPoP proof or id+jwt). */
  'wrong_token_type',
  /** The token typ is absent or the generic JWT while FRONTDESK_ALLOW_UNTYPED_TOKENS is false (RFC 9068 §4, RFC 8725 §3.11). */
  'untyped_token',
  /** The token carries ID-token claims (nonce, at_hash, c_hash, s_hash, or token_use other than access): an ID token is not an access token. */
  'id_token',
  /** The token cnf is not an object holding exactly one non-empty string jkt (another confirmation method, e.g. x5t#S256, must not become a bearer token). */
  'unsupported_confirmation',
  /** The signature does not verify with the issuer key named by kid. */
  'bad_signature',
  /** A required claim (exp, sub) is absent or has the wrong JSON type. */
  'missing_claim',
  /** exp is in the past (beyond the clock tolerance). */
  'expired',
  /** nbf or iat is in the future (beyond the clock tolerance). */
  'not_yet_valid',
  /** iss is not FRONTDESK_ISSUER. */
  'wrong_issuer',
  /** aud names none of FRONTDESK_AUDIENCE. */
  'wrong_audience',
  /** No key in the issuer JWKS matches the token kid (after at most one refetch per cooldown). */
  'unknown_kid',
  /** Several keys in the issuer JWKS match the token header; the authorizer will not guess. */
  'ambiguous_kid',
  /** The issuer discovery document or JWKS could not be fetched and no cached key matches. */
  'jwks_unavailable',
  /** The path (rawPath, requestContext.http.path) or a path parameter has a `.`/`..` segment (any encoding) or the path a backslash. */
  'path_dot_segment',
  /** The API publishes no scope requirement for this route (stage variables); fail closed. */
  'route_policy_missing',
  /** The token lacks at least one scope the route requires. */
  'insufficient_scope',
  /** FRONTDESK_DPOP=required and the request used the Bearer scheme. */
  'dpop_required',
  /** A DPoP-bound token (cnf.jkt) was presented with the Bearer scheme (RFC 9449 §7.2). */
  'dpop_bound_token_as_bearer',
  /** The DPoP scheme was used without a DPoP header. */
  'dpop_missing_proof',
  /** The DPoP proof is not one well-formed, correctly typed, validly signed JWT with a public jwk and the required claims. */
  'dpop_invalid_proof',
  /** The proof htm is not the request method. */
  'dpop_htm_mismatch',
  /** The proof htu is not the request URI (normalised, query and fragment ignored). */
  'dpop_htu_mismatch',
  /** The proof iat is more than 300 s from now. */
  'dpop_iat_out_of_window',
  /** The proof jti was already used for this URI within the window. */
  'dpop_replay',
  /** The proof ath is not the SHA-256 hash of the presented access token. */
  'dpop_ath_mismatch',
  /** The token cnf.jkt is not the thumbprint of the proof key, or the token is not DPoP-bound. */
  'dpop_key_mismatch',
  /** The DPoP replay store could not be written; fail closed. */
  'replay_store_unavailable',
  /** An unexpected error inside the authorizer; fail closed (also logged at error level). */
  'internal_error',
] as const;

/** One reason for a denial. */
export type DenialCode = (typeof DENIAL_CODES)[number];

/** A denial raised inside the authorizer; `createAuthorizer` turns it into `isAuthorized: false`. */
export class AuthorizerDenial extends Error {
  readonly code: DenialCode;
  constructor(code: DenialCode, detail?: string) {
    super(detail ?? code);
    this.name = 'AuthorizerDenial';
    this.code = code;
  }
}

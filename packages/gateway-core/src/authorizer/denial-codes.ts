/**
 * Every reason the authorizer can deny a request. The set is stable: audit lines, metrics and
 * tests carry these codes, and callers branch on them — never on message text. The response
 * itself never reveals the code (API Gateway answers 403 `{"message":"Forbidden"}`).
 */
export const DENIAL_CODES = {
  missing_token: 'No Authorization header, or it carries no credentials.',
  unsupported_scheme: 'The Authorization scheme is neither Bearer nor DPoP (or DPoP while FRONTDESK_DPOP=off).',
  malformed_token: 'The access token is not a compact JWS with a JSON claims set (JWE, nested JWT, bad encoding).',
  token_too_large: 'The access token (or DPoP proof) is over 8 KiB; refused before parsing.',
  unsupported_alg: 'The token algorithm is none, symmetric, or outside FRONTDESK_ALGORITHMS.',
  unknown_crit: 'The token header lists critical extensions the authorizer does not understand.',
  wrong_token_type: 'The token is typed as something other than an access token (e.g. a DPoP proof).',
  bad_signature: 'The signature does not verify with the issuer key named by kid.',
  missing_claim: 'A required claim (exp, sub) is absent or has the wrong JSON type.',
  expired: 'exp is in the past (beyond the clock tolerance).',
  not_yet_valid: 'nbf or iat is in the future (beyond the clock tolerance).',
  wrong_issuer: 'iss is not FRONTDESK_ISSUER.',
  wrong_audience: 'aud names none of FRONTDESK_AUDIENCE.',
  unknown_kid: 'No key in the issuer JWKS matches the token kid (after at most one refetch per cooldown).',
  ambiguous_kid: 'Several keys in the issuer JWKS match the token header; the authorizer will not guess.',
  jwks_unavailable: 'The issuer discovery document or JWKS could not be fetched and no cached key matches.',
  route_policy_missing: 'The API publishes no scope requirement for this route (stage variables); fail closed.',
  insufficient_scope: 'The token lacks at least one scope the route requires.',
  dpop_required: 'FRONTDESK_DPOP=required and the request used the Bearer scheme.',
  dpop_bound_token_as_bearer: 'A DPoP-bound token (cnf.jkt) was presented with the Bearer scheme (RFC 9449 §7.2).',
  dpop_missing_proof: 'The DPoP scheme was used without a DPoP header.',
  dpop_invalid_proof: 'The DPoP proof is not one well-formed, correctly typed, validly signed JWT with a public jwk and the required claims.',
  dpop_htm_mismatch: 'The proof htm is not the request method.',
  dpop_htu_mismatch: 'The proof htu is not the request URI (normalised, query and fragment ignored).',
  dpop_iat_out_of_window: 'The proof iat is more than 300 s from now.',
  dpop_replay: 'The proof jti was already used for this URI within the window.',
  dpop_ath_mismatch: 'The proof ath is not the SHA-256 hash of the presented access token.',
  dpop_key_mismatch: 'The token cnf.jkt is not the thumbprint of the proof key, or the token is not DPoP-bound.',
  replay_store_unavailable: 'The DPoP replay store could not be written; fail closed.',
  internal_error: 'An unexpected error inside the authorizer; fail closed (also logged at error level).',
} as const;

/** One reason for a denial. */
export type DenialCode = keyof typeof DENIAL_CODES;

/** A denial raised inside the authorizer; `createAuthorizer` turns it into `isAuthorized: false`. */
export class AuthorizerDenial extends Error {
  readonly code: DenialCode;
  constructor(code: DenialCode, detail?: string) {
    super(detail ?? DENIAL_CODES[code]);
    this.name = 'AuthorizerDenial';
    this.code = code;
  }
}

/**
 * What the authorizer accepts of a token, read by the authorizer itself and by infra's stage
 * settings, so a stage is refused at deploy for exactly what the authorizer would refuse at cold start.
 */

/** Asymmetric JWS algorithms `jose` verifies: a shared secret or `none` must never verify a token. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** The largest clock skew (`FRONTDESK_CLOCK_TOLERANCE`, seconds) tolerated on `exp`, `nbf` and `iat`. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;

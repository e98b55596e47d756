// Subpath imports: the bundle takes only the error classes named here (the `errors` namespace kept them all).
import {
  JOSEAlgNotAllowed,
  JOSEError,
  JOSENotSupported,
  JWSSignatureVerificationFailed,
  JWTClaimValidationFailed,
  JWTExpired,
} from 'jose/errors';
import { AuthorizerDenial, type DenialCode } from './denial-codes.ts';

/** Compact JWS: three base64url segments (an empty signature is let through so `alg: none` is named as such). JWE (five segments) and JSON serialisations fail it. */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Tokens and proofs longer than this are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;

/** Names the denial for an error `jose` raised while verifying an access token. */
export function accessTokenDenial(error: unknown): AuthorizerDenial | undefined {
  if (error instanceof AuthorizerDenial) return error;
  if (!(error instanceof JOSEError)) return undefined;
  return new AuthorizerDenial(codeFor(error), error.message);
}

function codeFor(error: JOSEError): DenialCode {
  if (error instanceof JWTExpired) return 'expired';
  if (error instanceof JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
      case 'iat':
        return error.reason === 'check_failed' ? 'not_yet_valid' : 'malformed_token';
      case 'iss':
        return 'wrong_issuer';
      case 'aud':
        return 'wrong_audience';
      default:
        return 'missing_claim';
    }
  }
  if (error instanceof JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof JOSEAlgNotAllowed || error instanceof JOSENotSupported) return 'unsupported_alg';
  return 'malformed_token';
}

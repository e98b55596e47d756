import { ASYMMETRIC_ALGORITHMS } from '@frontdesk/gateway-core/authorizer';
import { IDP_PREFIX } from './paths.ts';

/**
 * Where RFC 8414 §3 puts authorization server metadata for an issuer with a path: the well-known
 * segment goes between the host and the issuer's path (`/.well-known/oauth-authorization-server/_frontdesk/idp`).
 * oauth4webapi's `discoveryRequest(issuer, { algorithm: 'oauth2' })` asks exactly there.
 */
export const AS_METADATA_PATH = `/.well-known/oauth-authorization-server${IDP_PREFIX}`;

/** The DPoP proof algorithms the token endpoint accepts: the authorizer's own list, so a key that works at one works at the other. */
export const PROOF_ALGORITHMS: readonly string[] = ASYMMETRIC_ALGORITHMS;

/**
 * RFC 8414 metadata and the OpenID Connect Discovery 1.0 document of the dev identity provider.
 * It issues access tokens by `client_credentials` only: `response_types_supported` is empty (no
 * authorization endpoint flow is served), and the OIDC fields marked REQUIRED that describe ID
 * tokens and the authorization endpoint are present for clients that insist on them — the
 * endpoint answers `unsupported_response_type`, and no ID token is ever issued.
 */
export function idpMetadata(issuer: string, signingAlgorithm: string) {
  const oauth = {
    issuer,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks.json`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    response_types_supported: [] as string[],
    dpop_signing_alg_values_supported: [...PROOF_ALGORITHMS],
  };
  const openid = {
    ...oauth,
    authorization_endpoint: `${issuer}/authorize`,
    subject_types_supported: ['public'],
    // Discovery §3: "The algorithm RS256 MUST be included." Nominal here: no ID token is issued.
    id_token_signing_alg_values_supported: [...new Set(['RS256', signingAlgorithm])],
  };
  return { oauth, openid };
}

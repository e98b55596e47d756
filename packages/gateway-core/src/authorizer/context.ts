/**
 * What a successful decision hands to the app as `requestContext.authorizer.lambda`.
 * Values keep their JSON types (API Gateway HTTP API simple responses pass them through).
 */
export interface AuthorizerContext {
  /** The token subject. */
  readonly sub: string;
  /** Every scope the token carries (`scope` split on spaces, or `scp`). */
  readonly scopes: string[];
  /** `client_id`, else `azp`, else `cid`; absent when the token names no client. */
  readonly clientId?: string;
  /** The scheme the token was presented with. */
  readonly tokenType: 'Bearer' | 'DPoP';
  /** The app whose API asked (stage variable `frontdesk_app`). */
  readonly app?: string;
  /** The token issuer. */
  readonly iss: string;
  /** The token expiry (epoch seconds). */
  readonly exp: number;
  /** The token identifier, when it has one. */
  readonly jti?: string;
  /** The JWK thumbprint the token is bound to (DPoP only). */
  readonly jkt?: string;
  /** The `email` claim, only when the token carries a string one and `email_verified: true`. */
  readonly email?: string;
}

/** The simple-response shape an HTTP API Lambda authorizer returns. */
export interface AuthorizerResult {
  readonly isAuthorized: boolean;
  readonly context?: AuthorizerContext;
}

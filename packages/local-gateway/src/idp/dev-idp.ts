import { timingSafeEqual } from 'node:crypto';
import type { GatewayRequest, GatewayResponse } from '../gateway/request.ts';
import { eventHeaders } from '../gateway/build-event.ts';
import type { DevClient } from './clients.ts';
import { verifyTokenRequestProof } from './dpop-proof.ts';
import { issueToken } from './issue-token.ts';
import { allowedScopes } from './scope-policy.ts';
import type { KeyPair } from './keys.ts';
import { IDP_PREFIX } from './paths.ts';

export interface DevIdpOptions {
  /** The gateway origin, e.g. `http://127.0.0.1:3000`. */
  readonly origin: string;
  readonly key: KeyPair;
  readonly audience: string;
  /** Read per token request, so edits to frontdesk.dev.json apply without a restart. */
  readonly clients: () => Readonly<Record<string, DevClient>>;
  /** The scopes the manifests declare (read per token request): what the default client may request. */
  readonly declaredScopes: () => ReadonlySet<string>;
  /** @default 3600 */
  readonly tokenTtlSeconds?: number;
}

/**
 * The development identity provider, served under {@link IDP_PREFIX}: the OpenID discovery
 * document, the JWKS, and a token endpoint for `client_credentials` (client_secret_basic or
 * client_secret_post; a `DPoP` proof header yields a DPoP-bound token).
 * Returns `undefined` for paths outside its prefix.
 */
export function createDevIdp(options: DevIdpOptions): (request: GatewayRequest) => Promise<GatewayResponse | undefined> {
  const issuer = `${options.origin}${IDP_PREFIX}`;
  const tokenEndpoint = `${issuer}/token`;
  const discovery = {
    issuer,
    jwks_uri: `${issuer}/jwks.json`,
    token_endpoint: tokenEndpoint,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    response_types_supported: ['token'],
    dpop_signing_alg_values_supported: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'],
  };
  return async (request) => {
    if (request.path !== IDP_PREFIX && !request.path.startsWith(`${IDP_PREFIX}/`)) return undefined;
    const path = request.path.slice(IDP_PREFIX.length);
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') return json(200, discovery);
    if (request.method === 'GET' && path === '/jwks.json') return json(200, { keys: [options.key.publicJwk] });
    if (path === '/token') {
      if (request.method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'use POST' });
      return token(request);
    }
    return json(404, { error: 'not_found', error_description: `the dev identity provider serves ${IDP_PREFIX}/.well-known/openid-configuration, /jwks.json and /token` });
  };

  async function token(request: GatewayRequest): Promise<GatewayResponse> {
    const { headers } = eventHeaders(request.rawHeaders);
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') {
      return json(400, { error: 'unsupported_grant_type', error_description: 'only client_credentials is supported' });
    }
    const [clientId, secret] = clientCredentials(headers.authorization, form);
    let clients: Readonly<Record<string, DevClient>>;
    try {
      clients = options.clients();
    } catch (error) {
      return json(500, { error: 'server_error', error_description: (error as Error).message });
    }
    const client = clientId === undefined ? undefined : clients[clientId];
    if (!client || secret === undefined || !sameSecret(secret, client.secret)) {
      return json(401, { error: 'invalid_client', error_description: 'unknown client or wrong secret (clients are declared in frontdesk.dev.json)' });
    }
    const requested = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
    const allowed = allowedScopes(client, options.declaredScopes());
    const scopes = requested.length > 0 ? requested : [...client.scopes];
    const refused = scopes.filter((scope) => !allowed.has(scope));
    if (refused.length > 0) {
      const source = client.anyDeclaredScope ? 'scopes the app manifests declare or frontdesk.dev.json lists' : 'the scopes frontdesk.dev.json lists for it';
      return json(400, { error: 'invalid_scope', error_description: `client ${clientId} may not request: ${refused.join(' ')} (it may request ${source})` });
    }
    let jkt: string | undefined;
    if (headers.dpop !== undefined) {
      try {
        jkt = await verifyTokenRequestProof(headers.dpop, 'POST', tokenEndpoint);
      } catch (error) {
        return json(400, { error: 'invalid_dpop_proof', error_description: (error as Error).message });
      }
    }
    const ttlSeconds = options.tokenTtlSeconds ?? 3600;
    const accessToken = await issueToken(options.key, {
      issuer,
      audience: form.get('audience') ?? options.audience,
      sub: client.sub ?? (clientId as string),
      scopes,
      ttlSeconds,
      clientId: clientId as string,
      ...(jkt ? { jkt } : {}),
    });
    return json(200, { access_token: accessToken, token_type: jkt ? 'DPoP' : 'Bearer', expires_in: ttlSeconds, scope: scopes.join(' ') });
  }
}

function clientCredentials(authorization: string | undefined, form: URLSearchParams): [string | undefined, string | undefined] {
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
  }
  return [form.get('client_id') ?? undefined, form.get('client_secret') ?? undefined];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function json(statusCode: number, body: unknown): GatewayResponse {
  return { statusCode, headers: [['content-type', 'application/json'], ['cache-control', 'no-store']], body: Buffer.from(JSON.stringify(body)) };
}

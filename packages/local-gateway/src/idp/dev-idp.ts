import { hash, timingSafeEqual } from 'node:crypto';
import { InMemoryReplayStore } from '@frontdesk/gateway-core/authorizer';
import type { GatewayRequest, GatewayResponse } from '../gateway/request.ts';
import { eventHeaders } from '../gateway/build-event.ts';
import { clientCredentials } from './client-auth.ts';
import type { DevClient } from './clients.ts';
import { PROOF_WINDOW_SECONDS, verifyTokenRequestProof } from './dpop-proof.ts';
import { issueToken } from './issue-token.ts';
import { allowedScopes } from './scope-policy.ts';
import type { KeyPair } from './keys.ts';
import { AS_METADATA_PATH, idpMetadata } from './metadata.ts';
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
 * document, RFC 8414 metadata (also at {@link AS_METADATA_PATH}), the JWKS, and a token endpoint
 * for `client_credentials` (client_secret_basic or client_secret_post; a `DPoP` proof header —
 * any algorithm the authorizer accepts, never the same proof twice — yields a DPoP-bound token).
 * Returns `undefined` for paths it does not serve.
 */
export function createDevIdp(options: DevIdpOptions): (request: GatewayRequest) => Promise<GatewayResponse | undefined> {
  const issuer = `${options.origin}${IDP_PREFIX}`;
  const tokenEndpoint = `${issuer}/token`;
  const metadata = idpMetadata(issuer, options.key.alg);
  // RFC 9449 §11.1: a proof is accepted once. Keyed by jti and htu, kept until its iat window closes.
  const usedProofs = new InMemoryReplayStore();
  return async (request) => {
    if (request.method === 'GET' && request.path === AS_METADATA_PATH) return json(200, metadata.oauth);
    if (request.path !== IDP_PREFIX && !request.path.startsWith(`${IDP_PREFIX}/`)) return undefined;
    const path = request.path.slice(IDP_PREFIX.length);
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') return json(200, metadata.openid);
    if (request.method === 'GET' && path === '/.well-known/oauth-authorization-server') return json(200, metadata.oauth);
    if (path === '/authorize') {
      return json(400, {
        error: 'unsupported_response_type',
        error_description: 'the dev identity provider issues tokens by client_credentials at /token only',
      });
    }
    if (request.method === 'GET' && path === '/jwks.json') return json(200, { keys: [options.key.publicJwk] });
    if (path === '/token') {
      if (request.method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'use POST' });
      return token(request);
    }
    return json(404, {
      error: 'not_found',
      error_description: `the dev identity provider serves ${IDP_PREFIX}/.well-known/openid-configuration, /jwks.json and /token`,
    });
  };

  async function token(request: GatewayRequest): Promise<GatewayResponse> {
    const { headers } = eventHeaders(request.rawHeaders);
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') {
      return json(400, { error: 'unsupported_grant_type', error_description: 'only client_credentials is supported' });
    }
    const { method, clientId, secret } = clientCredentials(headers.authorization, form);
    let clients: Readonly<Record<string, DevClient>>;
    try {
      clients = options.clients();
    } catch (error) {
      return json(500, { error: 'server_error', error_description: (error as Error).message });
    }
    const client = clientId === undefined ? undefined : clients[clientId];
    if (!client || secret === undefined || !sameSecret(secret, client.secret)) {
      const refusal = json(401, {
        error: 'invalid_client',
        error_description: 'unknown client or wrong secret (clients are declared in frontdesk.dev.json)',
      });
      // RFC 6749 §5.2: after HTTP authentication, 401 names the scheme the client used.
      return method === 'basic'
        ? { ...refusal, headers: [...refusal.headers, ['www-authenticate', 'Basic realm="frontdesk-dev-idp", charset="UTF-8"']] }
        : refusal;
    }
    const requested = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
    const allowed = allowedScopes(client, options.declaredScopes());
    const scopes = requested.length > 0 ? requested : [...client.scopes];
    const refused = scopes.filter((scope) => !allowed.has(scope));
    if (refused.length > 0) {
      const source = client.anyDeclaredScope
        ? 'scopes the app manifests declare or frontdesk.dev.json lists'
        : 'the scopes frontdesk.dev.json lists for it';
      return json(400, {
        error: 'invalid_scope',
        error_description: `client ${clientId} may not request: ${refused.join(' ')} (it may request ${source})`,
      });
    }
    let jkt: string | undefined;
    if (headers.dpop !== undefined) {
      try {
        const proof = await verifyTokenRequestProof(headers.dpop, 'POST', tokenEndpoint);
        const fresh = await usedProofs.putIfAbsent(
          hash('sha256', `${proof.jti}\n${tokenEndpoint}`, 'base64url'),
          proof.iat + PROOF_WINDOW_SECONDS,
        );
        if (!fresh) throw new Error('DPoP proof already used (jti replay)');
        jkt = proof.jkt;
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

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function json(statusCode: number, body: unknown): GatewayResponse {
  return {
    statusCode,
    headers: [
      ['content-type', 'application/json'],
      ['cache-control', 'no-store'],
    ],
    body: Buffer.from(JSON.stringify(body)),
  };
}

import { decodeJwt, type JWTPayload } from 'jose';
import { createProof, type ProofKey } from './dpop.ts';
import { VerifyError } from './verify-error.ts';

/** Where `pnpm verify` gets its tokens: a `client_credentials` client of the configured issuer. */
export interface TokenSource {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Sent as `audience` (Auth0-style issuers need it); omitted when unset. */
  readonly audience?: string;
  /** How the token endpoint was found, for the report. */
  readonly from: 'FRONTDESK_VERIFY_TOKEN_URL' | 'FRONTDESK_ISSUER discovery' | 'dev identity provider';
}

/** The development identity provider's default client (packages/local-gateway, `frontdesk.dev.json`). */
const DEV_CLIENT = { id: 'frontdesk-dev', secret: 'frontdesk-dev-secret' } as const;
const DEV_TOKEN_PATH = '/_frontdesk/idp/token';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The token endpoint and client, from the environment:
 * `FRONTDESK_VERIFY_TOKEN_URL`, else the `token_endpoint` of `FRONTDESK_ISSUER`'s discovery
 * document, else the dev IdP of the target itself (`<target>/_frontdesk/idp/token`, as `pnpm dev`
 * serves it). The client is `FRONTDESK_VERIFY_CLIENT_ID` / `FRONTDESK_VERIFY_CLIENT_SECRET`; only
 * the dev IdP has a default client.
 */
export async function resolveTokenSource(target: URL, env: Env, fetchImpl: typeof fetch = fetch): Promise<TokenSource> {
  const audience = env.FRONTDESK_VERIFY_AUDIENCE?.trim() || undefined;
  let tokenUrl: string;
  let from: TokenSource['from'];
  if (env.FRONTDESK_VERIFY_TOKEN_URL?.trim()) {
    tokenUrl = env.FRONTDESK_VERIFY_TOKEN_URL.trim();
    from = 'FRONTDESK_VERIFY_TOKEN_URL';
  } else if (env.FRONTDESK_ISSUER?.trim()) {
    tokenUrl = await discoverTokenEndpoint(env.FRONTDESK_ISSUER.trim(), fetchImpl);
    from = 'FRONTDESK_ISSUER discovery';
  } else {
    tokenUrl = `${target.origin}${DEV_TOKEN_PATH}`;
    from = 'dev identity provider';
  }
  const clientId = env.FRONTDESK_VERIFY_CLIENT_ID?.trim() || (from === 'dev identity provider' ? DEV_CLIENT.id : undefined);
  const clientSecret = env.FRONTDESK_VERIFY_CLIENT_SECRET || (from === 'dev identity provider' ? DEV_CLIENT.secret : undefined);
  if (!clientId || !clientSecret) {
    throw new VerifyError(
      `FRONTDESK_VERIFY_CLIENT_ID and FRONTDESK_VERIFY_CLIENT_SECRET must name a client_credentials client of ${tokenUrl} (found through ${from}); ` +
        'only the dev identity provider of pnpm dev has a default client',
    );
  }
  return { tokenUrl, clientId, clientSecret, ...(audience ? { audience } : {}), from };
}

async function discoverTokenEndpoint(issuer: string, fetchImpl: typeof fetch): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: { token_endpoint?: unknown };
  try {
    const response = await fetchImpl(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as { token_endpoint?: unknown };
  } catch (error) {
    throw new VerifyError(`FRONTDESK_ISSUER: could not read ${url}: ${(error as Error).message}; set FRONTDESK_VERIFY_TOKEN_URL instead`);
  }
  if (typeof document.token_endpoint !== 'string') throw new VerifyError(`${url} names no token_endpoint; set FRONTDESK_VERIFY_TOKEN_URL`);
  return document.token_endpoint;
}

/** An access token and what it claims (decoded, not verified: the stage under test verifies it). */
export interface IssuedToken {
  readonly accessToken: string;
  readonly claims: JWTPayload;
}

/**
 * `client_credentials` (RFC 6749 §4.4) with `client_secret_basic`; with `dpopKey`, a DPoP proof
 * for the token endpoint asks for a token bound to that key (RFC 9449 §5).
 */
export async function requestToken(
  source: TokenSource,
  scopes: readonly string[],
  dpopKey?: ProofKey,
  fetchImpl: typeof fetch = fetch,
): Promise<IssuedToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scopes.length > 0) form.set('scope', scopes.join(' '));
  if (source.audience) form.set('audience', source.audience);
  // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
  const basic = Buffer.from(`${encodeURIComponent(source.clientId)}:${encodeURIComponent(source.clientSecret)}`).toString('base64');
  const headers: Record<string, string> = {
    authorization: `Basic ${basic}`,
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (dpopKey) headers.dpop = await createProof(dpopKey, 'POST', source.tokenUrl);
  let response: Response;
  try {
    response = await fetchImpl(source.tokenUrl, {
      method: 'POST',
      headers,
      body: form,
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new VerifyError(
      `token endpoint ${source.tokenUrl} (${source.from}) did not answer: ${(error as Error).cause ?? (error as Error).message}`,
    );
  }
  const text = await response.text();
  let body: { access_token?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below with the status
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    const reason =
      typeof body.error === 'string'
        ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`
        : text.slice(0, 200);
    throw new VerifyError(
      `token endpoint ${source.tokenUrl} (${source.from}) answered ${response.status} for client ${source.clientId}, scope "${scopes.join(' ')}": ${reason}`,
    );
  }
  let claims: JWTPayload;
  try {
    claims = decodeJwt(body.access_token);
  } catch {
    throw new VerifyError(
      `token endpoint ${source.tokenUrl} issued an access token that is not a JWT; the Frontdesk authorizer verifies JWT access tokens only`,
    );
  }
  return { accessToken: body.access_token, claims };
}

/** The scopes a token carries (`scope` string or `scp` array, as the authorizer reads them). */
export function tokenScopes(claims: JWTPayload): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.filter((scope): scope is string => typeof scope === 'string');
  return [];
}

import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { appNameFrom, routeRequirementFrom, routeStageVariableName, type RouteRequirement } from '../manifest/route-policy.ts';
import { accessTokenVerifier, type AccessTokenClaims } from './access-token.ts';
import type { AuditLogger, DecisionRecord } from './audit.ts';
import { jsonAuditLogger } from './audit-line.ts';
import { JWKS_LOAD_BUDGET_MS } from './budgets.ts';
import type { AuthorizerConfig } from './config.ts';
import type { AuthorizerContext, AuthorizerResult } from './context.ts';
import { AuthorizerDenial, type DenialCode } from './denial-codes.ts';
import { dpopProofVerifier } from './dpop-proof.ts';
import { InMemoryReplayStore } from './in-memory-replay-store.ts';
import { IssuerKeys } from './issuer-keys.ts';
import { MAX_TOKEN_LENGTH } from './jwt-errors.ts';
import { assertUnambiguousPath } from './request-path.ts';
import type { ReplayStore } from './replay-store.ts';
import { isRecord, requestHtu, stageVariables } from './request-uri.ts';
import { cachingAccessTokenVerifier, VerifiedTokenCache, type TokenCacheOutcome } from './verified-token-cache.ts';

/** Decides one request. Never throws, whatever the event holds. */
export type Authorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<AuthorizerResult>;

/** Everything {@link createAuthorizer} can be given instead of its defaults. */
export interface AuthorizerDeps {
  /** Remembers DPoP proof ids. @default a new InMemoryReplayStore() */
  readonly replayStore?: ReplayStore;
  /** Receives one audit line per decision. @default {@link jsonAuditLogger}: Powertools-shaped JSON lines that are also EMF metrics */
  readonly logger?: AuditLogger;
  /** Fetches the discovery document and the JWKS. @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** Epoch milliseconds, for tests. @default Date.now */
  readonly now?: () => number;
  /** One deadline for discovery + JWKS together. @default {@link JWKS_LOAD_BUDGET_MS} */
  readonly jwksTimeoutMs?: number;
  /** Minimum time between JWKS fetch attempts. @default 30000 */
  readonly jwksCooldownMs?: number;
  /** Age after which cached keys are refreshed in the background. @default 600000 */
  readonly jwksMaxAgeMs?: number;
  /** Told whether each decision's access token came from the verified-token cache, for tests and metrics. @default none */
  readonly onTokenCache?: (outcome: TokenCacheOutcome) => void;
}

/**
 * Builds the authorizer once (key getter, verifier options, replay store) and returns the
 * per-request decision function: the deployed Lambda wraps it, the local gateway calls it in-process.
 *
 * Order of checks: request path (dot segments) → Authorization header (scheme, size) → the route's published scope requirement
 * (stage variables; missing → `route_policy_missing`) → access token (remembered once verified,
 * `verified-token-cache.ts`; time claims re-checked) → Bearer/DPoP binding → scopes
 * → DPoP proof (replay recorded last). Every failure is a denial with a {@link DenialCode}; an
 * unexpected error is logged and denied as `internal_error` — the function never throws, so
 * API Gateway answers 403, never 500, for anything the caller sends.
 *
 * @example
 * const authorize = createAuthorizer(loadAuthorizerConfig(process.env));
 * const { isAuthorized, context } = await authorize(event);
 */
export function createAuthorizer(config: AuthorizerConfig, deps: AuthorizerDeps = {}): Authorizer {
  return authorizerWith(config, { ...deps, replayStore: deps.replayStore ?? new InMemoryReplayStore({ now: deps.now }) });
}

/**
 * {@link createAuthorizer} without its in-memory replay store default, for the deployed handler:
 * it passes its DynamoDB store, or none when DPoP is off (a DPoP request is then denied before
 * any proof is read), and its bundle leaves the in-memory store out.
 *
 * @throws {Error} when DPoP is not off and no replay store is given.
 */
export function authorizerWith(config: AuthorizerConfig, deps: AuthorizerDeps): Authorizer {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? jsonAuditLogger();
  const keys = new IssuerKeys({
    issuer: config.issuer,
    jwksUri: config.jwksUri,
    fetch: deps.fetch ?? globalThis.fetch,
    timeoutMs: deps.jwksTimeoutMs ?? JWKS_LOAD_BUDGET_MS,
    cooldownMs: deps.jwksCooldownMs ?? 30_000,
    maxAgeMs: deps.jwksMaxAgeMs ?? 600_000,
    maxStaleMs: config.jwksMaxStaleSeconds * 1000,
    now,
  });
  // Module-level in the Lambda (handler.ts builds this once), so it survives warm invocations.
  const verifyAccessToken = cachingAccessTokenVerifier({
    verify: accessTokenVerifier(config, keys, deps.now),
    cache: config.tokenCacheSize === 0 ? undefined : new VerifiedTokenCache(config.tokenCacheSize),
    keyGeneration: (nowMs) => keys.freshGeneration(nowMs),
    now,
    clockToleranceSeconds: config.clockToleranceSeconds,
    observe: deps.onTokenCache,
  });
  const routeRequirement = routeRequirementCache();
  if (config.dpop !== 'off' && deps.replayStore === undefined) throw new Error('DPoP needs a replay store');
  const verifyProof = deps.replayStore === undefined ? undefined : dpopProofVerifier(deps.replayStore, now);

  async function decide(event: Partial<APIGatewayRequestAuthorizerEventV2>, record: Mutable<DecisionRecord>): Promise<AuthorizerContext> {
    assertUnambiguousPath(event);
    const headers = isRecord(event.headers) ? event.headers : undefined;
    const authorization = header(headers, 'authorization');
    if (authorization === undefined || authorization.trim() === '') throw new AuthorizerDenial('missing_token');
    if (authorization.length > MAX_TOKEN_LENGTH + 16) throw new AuthorizerDenial('token_too_large');
    const { scheme, token } = splitAuthorization(authorization);
    record.tokenType = scheme;
    if (scheme === 'DPoP' && config.dpop === 'off') throw new AuthorizerDenial('unsupported_scheme'); // DPoP is off
    if (scheme === 'Bearer' && config.dpop === 'required') throw new AuthorizerDenial('dpop_required');

    const requirement = typeof event.routeKey === 'string' ? routeRequirement(stageVariables(event), event.routeKey) : undefined;
    if (requirement === undefined) throw new AuthorizerDenial('route_policy_missing');

    const { claims, idHash } = await verifyAccessToken(token);
    record.sub = claims.sub;
    record.client = clientIdOf(claims);
    record.tokenIdHash = idHash; // remembered with the token: a repeated token is not hashed again
    const boundJkt = claims.cnf?.jkt; // the verifier admits no other confirmation shape
    if (scheme === 'Bearer' && boundJkt !== undefined) throw new AuthorizerDenial('dpop_bound_token_as_bearer');

    const scopes = scopesOf(claims);
    for (const scope of requirement.scopes) {
      if (!scopes.includes(scope)) throw new AuthorizerDenial('insufficient_scope');
    }

    let jkt: string | undefined;
    if (scheme === 'DPoP') {
      const proof = singleHeader(headers, 'dpop');
      if (proof === undefined) throw new AuthorizerDenial('dpop_missing_proof');
      const method = isRecord(event.requestContext?.http) ? event.requestContext.http.method : undefined;
      const expectedHtu = requestHtu(event, config);
      if (typeof method !== 'string' || expectedHtu === undefined) throw new AuthorizerDenial('dpop_htu_mismatch'); // request URI unknown
      jkt = await (verifyProof as NonNullable<typeof verifyProof>)({ proof, accessToken: token, boundJkt, method, expectedHtu }); // DPoP is on: checked above
    }

    const context: Mutable<AuthorizerContext> = { sub: claims.sub, scopes, tokenType: scheme, iss: claims.iss, exp: claims.exp };
    if (record.client !== undefined) context.clientId = record.client;
    if (record.app !== undefined) context.app = record.app;
    if (typeof claims.jti === 'string') context.jti = claims.jti;
    if (jkt !== undefined) context.jkt = jkt;
    // Only a verified address (OIDC Core §5.1): an unverified one is whatever the user typed in.
    if (typeof claims.email === 'string' && claims.email_verified === true) context.email = claims.email;
    return context;
  }

  function audit(record: DecisionRecord): void {
    try {
      if (record.decision === 'allow') logger.info('authorizer decision', record);
      else logger.warn('authorizer decision', record);
    } catch {
      // Auditing must not change the decision.
    }
  }

  return function authorize(event) {
    const safeEvent: Partial<APIGatewayRequestAuthorizerEventV2> = isRecord(event) ? event : {};
    const record: Mutable<DecisionRecord> = {
      decision: 'deny',
      route: typeof safeEvent.routeKey === 'string' ? safeEvent.routeKey : '',
      app: appNameFrom(stageVariables(safeEvent)),
      stage: config.stage,
      requestId: typeof safeEvent.requestContext?.requestId === 'string' ? safeEvent.requestContext.requestId : undefined,
      // Declared now, in the order decide fills them (undefined is left out of the audit line): one object shape, no growth per decision.
      tokenType: undefined,
      sub: undefined,
      client: undefined,
      tokenIdHash: undefined,
    };
    // Handlers on decide's promise, not an async function awaiting it: one async frame less per decision.
    return decide(safeEvent, record).then(
      (context): AuthorizerResult => {
        record.decision = 'allow';
        audit(record);
        return { isAuthorized: true, context };
      },
      (error: unknown): AuthorizerResult => {
        let code: DenialCode;
        if (error instanceof AuthorizerDenial) {
          code = error.code;
          if (code === 'jwks_unavailable' && error.message !== code) record.detail = error.message;
        } else {
          code = 'internal_error';
          try {
            logger.error('authorizer internal error', error instanceof Error ? error : new Error(String(error)));
          } catch {
            // Fall through to the denial.
          }
        }
        record.code = code;
        audit(record);
        return { isAuthorized: false };
      },
    );
  };
}

/**
 * `routeRequirementFrom` hashes the route key on every call; remember each key's stage variable
 * name and the requirement parsed from its last value (bounded: route keys are attacker-chosen
 * only when the caller is not API Gateway).
 */
function routeRequirementCache(): (
  variables: Record<string, string | undefined> | undefined,
  routeKey: string,
) => RouteRequirement | undefined {
  const entries = new Map<string, { name: string; value?: string; requirement?: RouteRequirement }>();
  return (variables, routeKey) => {
    let entry = entries.get(routeKey);
    if (entry === undefined) {
      if (entries.size >= 1024) entries.clear();
      entry = { name: routeStageVariableName(routeKey) };
      entries.set(routeKey, entry);
    }
    const value = variables?.[entry.name];
    if (typeof value !== 'string') return undefined;
    if (entry.value !== value) {
      entry.value = value;
      entry.requirement = routeRequirementFrom(variables, routeKey);
    }
    return entry.requirement;
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A header value by lower-case name. API Gateway lower-cases names (and comma-joins repeats);
 * other callers may not, so a case-insensitive scan follows the fast path. Names that differ only
 * in case are joined with a comma, as API Gateway would.
 */
function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  let found: string | undefined = typeof headers[name] === 'string' ? headers[name] : undefined;
  for (const key in headers) {
    if (key !== name && key.length === name.length && key.toLowerCase() === name && typeof headers[key] === 'string') {
      found = found === undefined ? headers[key] : `${found},${headers[key]}`;
    }
  }
  return found;
}

/** One header value, or `undefined`; several (comma-joined) are a malformed DPoP request. */
function singleHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = header(headers, name);
  if (value === undefined) return undefined;
  if (value.includes(',')) throw new AuthorizerDenial('dpop_invalid_proof'); // more than one DPoP header
  return value.trim();
}

/** `<scheme> <token68>`; the scheme is case-insensitive (RFC 9110 §11.1). */
function splitAuthorization(value: string): { scheme: 'Bearer' | 'DPoP'; token: string } {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  if (space === -1) throw new AuthorizerDenial(/^(bearer|dpop)$/i.test(trimmed) ? 'missing_token' : 'unsupported_scheme');
  const schemeText = trimmed.slice(0, space).toLowerCase();
  const token = trimmed.slice(space + 1).trim();
  const scheme = schemeText === 'bearer' ? 'Bearer' : schemeText === 'dpop' ? 'DPoP' : undefined;
  if (scheme === undefined) throw new AuthorizerDenial('unsupported_scheme');
  if (token === '') throw new AuthorizerDenial('missing_token');
  return { scheme, token };
}

/** `scope` (RFC 9068, space-separated) when it is a string, else `scp` (a list, or space-separated). */
function scopesOf(claims: AccessTokenClaims): string[] {
  const granted = typeof claims.scope === 'string' ? claims.scope : claims.scp;
  if (typeof granted === 'string') {
    const scopes = granted.split(' ');
    return scopes.includes('') ? scopes.filter((scope) => scope !== '') : scopes; // filtered only when spaces repeat or pad it
  }
  return Array.isArray(granted) ? granted.filter((scope): scope is string => typeof scope === 'string') : [];
}

function clientIdOf(claims: AccessTokenClaims): string | undefined {
  // Read by name, not through a list of names built per decision.
  if (isClientId(claims.client_id)) return claims.client_id;
  if (isClientId(claims.azp)) return claims.azp;
  return isClientId(claims.cid) ? claims.cid : undefined;
}

const isClientId = (value: unknown): value is string => typeof value === 'string' && value !== '';

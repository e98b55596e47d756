import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { buildAuthorizerEvent, eventHeaders, type MatchedRequest } from './build-event.ts';
import { FORBIDDEN, INTERNAL_SERVER_ERROR, UNAUTHORIZED, type GatewayResponse } from './request.ts';

/** A Lambda authorizer with simple responses (payload 2.0), run in-process. */
export type AuthorizerFunction = (event: APIGatewayRequestAuthorizerEventV2) => Promise<{ isAuthorized: boolean; context?: unknown }>;

/** API Gateway gives a Lambda authorizer 10 seconds. */
const AUTHORIZER_TIMEOUT_MS = 10_000;

/** One API's authorizer resource: the shared function, with the app's cache TTL. */
export interface ApiAuthorizer {
  readonly authorize: AuthorizerFunction;
  readonly cacheTtlSeconds: number;
  /** Decisions cached for this API only (each HTTP API has its own authorizer resource). */
  readonly cache: Map<string, { readonly expiresAt: number; readonly context: unknown; readonly isAuthorized: boolean }>;
  readonly timeoutMs?: number;
}

/**
 * The decision and how it was reached, for the response and for the dev console: `cached` when
 * the API's decision cache answered; a refusal says whether the identity source was missing
 * (401), the authorizer said no (403) or failed (500, with what went wrong).
 */
export type AuthorizeOutcome =
  | { readonly allowed: true; readonly context: unknown; readonly cached: boolean }
  | {
      readonly allowed: false;
      readonly response: GatewayResponse;
      readonly refusal: 'unauthorized' | 'forbidden';
      readonly cached: boolean;
    }
  | {
      readonly allowed: false;
      readonly response: GatewayResponse;
      readonly refusal: 'error';
      readonly cached: false;
      readonly error: string;
    };

/**
 * Step 3 of the data path. Identity source: `$request.header.Authorization`, plus
 * `$context.routeKey` when caching is on (as the AppApi construct configures it), so a decision
 * never serves another route.
 * - identity source missing or empty → 401 `{"message":"Unauthorized"}`, authorizer not invoked;
 * - `isAuthorized: false` → 403 `{"message":"Forbidden"}`;
 * - throw, timeout or a response without boolean `isAuthorized` → 500.
 */
export async function authorize(authorizer: ApiAuthorizer, matched: MatchedRequest, now = Date.now()): Promise<AuthorizeOutcome> {
  const { headers } = eventHeaders(matched.request.rawHeaders);
  const authorization = headers.authorization;
  if (authorization === undefined || authorization.trim() === '')
    return { allowed: false, response: UNAUTHORIZED(), refusal: 'unauthorized', cached: false };
  const caching = authorizer.cacheTtlSeconds > 0;
  const identitySource = caching ? [authorization, matched.routeKey] : [authorization];
  // pnpm dev refuses caching apps while DPoP is on; this keeps it so whatever the mode: a
  // decision made with a single-use proof never serves a later request (one without a proof).
  const proofBound = isDpopRequest(authorization, headers);
  const cacheKey = JSON.stringify(identitySource);
  let decision = caching && !proofBound ? authorizer.cache.get(cacheKey) : undefined;
  if (decision && decision.expiresAt <= now) {
    authorizer.cache.delete(cacheKey);
    decision = undefined;
  }
  const cached = decision !== undefined;
  if (!decision) {
    let result: unknown;
    try {
      result = await withTimeout(
        authorizer.authorize(buildAuthorizerEvent(matched, identitySource)),
        authorizer.timeoutMs ?? AUTHORIZER_TIMEOUT_MS,
      );
    } catch (error) {
      return {
        allowed: false,
        response: INTERNAL_SERVER_ERROR(),
        refusal: 'error',
        cached: false,
        error: `the authorizer failed: ${(error as Error)?.message ?? String(error)}`,
      };
    }
    if (typeof result !== 'object' || result === null || typeof (result as { isAuthorized?: unknown }).isAuthorized !== 'boolean') {
      return {
        allowed: false,
        response: INTERNAL_SERVER_ERROR(),
        refusal: 'error',
        cached: false,
        error: 'the authorizer returned no boolean isAuthorized (simple responses)',
      };
    }
    const { isAuthorized, context } = result as { isAuthorized: boolean; context?: unknown };
    decision = { isAuthorized, context, expiresAt: now + authorizer.cacheTtlSeconds * 1000 };
    if (caching && !proofBound && !isProofBoundContext(context)) authorizer.cache.set(cacheKey, decision);
  }
  return decision.isAuthorized
    ? { allowed: true, context: decision.context, cached }
    : { allowed: false, response: FORBIDDEN(), refusal: 'forbidden', cached };
}

/** The `DPoP` scheme, or a `DPoP` proof header: the decision depends on a single-use proof. */
function isDpopRequest(authorization: string, headers: Readonly<Record<string, string | undefined>>): boolean {
  return /^\s*dpop(\s|$)/i.test(authorization) || headers.dpop !== undefined;
}

/** A context that names a proof-bound token (`jkt`, or `tokenType: "DPoP"`, as the shared authorizer returns). */
function isProofBoundContext(context: unknown): boolean {
  if (typeof context !== 'object' || context === null) return false;
  const record = context as Record<string, unknown>;
  return record.jkt !== undefined || record.tokenType === 'DPoP';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`authorizer timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { basePathFrom } from '../manifest/route-policy.ts';
import { mappingKeyShape } from '../paths/mapping-key.ts';
import type { AuthorizerConfig } from './config.ts';
import { hasDotSegment, normalisePath } from './htu.ts';

/** API Gateway's default endpoint: requests there carry no API mapping (base path). */
const DEFAULT_ENDPOINT = /\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * The request URI the client addressed — what a DPoP proof's `htu` must name (RFC 9449 §4.3) —
 * built from configuration (`FRONTDESK_PUBLIC_URL`, else the API Gateway domain that received the
 * request), never from `Host` or `X-Forwarded-*`, normalised like {@link normaliseHtu}.
 *
 * `undefined` (so no proof matches) when the path is not a plain absolute path or has a `.`/`..`
 * segment in any encoding: API Gateway chose the app and the route from the path as sent, while
 * the URL it names resolves elsewhere — a proof minted for `/users/me` must never pass at
 * `/orders/../users/me`, which the orders API receives.
 *
 * On a custom domain the public path is the API mapping key (the app's base path) + the path the
 * routes matched. AWS may or may not keep the key in `rawPath` (see `paths/mapping-key.ts` for the
 * sources); the event's own route decides which, so both shapes give the same URI — this app's,
 * never a nested app's — and an event whose shape cannot be told has no URI (fail closed).
 */
export function requestHtu(
  event: Partial<APIGatewayRequestAuthorizerEventV2>,
  config: Pick<AuthorizerConfig, 'publicUrl'>,
): string | undefined {
  const rawPath = event.rawPath;
  if (typeof rawPath !== 'string') return undefined;
  const path = normalisePath(rawPath);
  if (path === undefined || hasDotSegment(path)) return undefined;
  const basePath = basePathFrom(stageVariables(event));
  const prefix = basePath === undefined || basePath === '' ? '' : normalisePath(`/${basePath}`);
  if (prefix === undefined || hasDotSegment(prefix)) return undefined;
  let origin = config.publicUrl;
  let mapped = true;
  if (origin === undefined) {
    // No custom domain configured: the API Gateway domain that received the request. On the
    // default execute-api endpoint no API mapping applies, so no base path either.
    const domainName = event.requestContext?.domainName;
    if (typeof domainName !== 'string' || !/^[a-z0-9.-]+$/i.test(domainName)) return undefined;
    origin = `https://${domainName.toLowerCase()}`;
    mapped = !DEFAULT_ENDPOINT.test(domainName);
  }
  if (!mapped || prefix === '') return origin + path;
  const shape = mappingKeyShape(event, basePath);
  if (shape === undefined) return undefined;
  return origin + (shape === 'kept' ? path : prefix + path);
}

/** Any object (or array): what a field of an event from an unknown caller may be read as. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The event's stage variables, when they are an object. */
export function stageVariables(event: Partial<APIGatewayRequestAuthorizerEventV2>): Record<string, string | undefined> | undefined {
  return isRecord(event.stageVariables) ? event.stageVariables : undefined;
}

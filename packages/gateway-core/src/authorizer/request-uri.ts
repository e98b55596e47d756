import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { basePathFrom } from '../manifest/route-policy.ts';
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
 */
export function requestHtu(event: Partial<APIGatewayRequestAuthorizerEventV2>, config: Pick<AuthorizerConfig, 'publicUrl'>): string | undefined {
  const rawPath = event.rawPath;
  if (typeof rawPath !== 'string') return undefined;
  const path = normalisePath(rawPath);
  if (path === undefined || hasDotSegment(path)) return undefined;
  const basePath = basePathFrom(isRecord(event.stageVariables) ? event.stageVariables : undefined);
  const prefix = basePath === undefined || basePath === '' ? '' : normalisePath(`/${basePath}`);
  if (prefix === undefined || hasDotSegment(prefix)) return undefined;
  if (config.publicUrl !== undefined) return config.publicUrl + prefix + path;
  // No custom domain configured: the API Gateway domain that received the request. On the
  // default execute-api endpoint no API mapping applies, so no base path either.
  const domainName = event.requestContext?.domainName;
  if (typeof domainName !== 'string' || !/^[a-z0-9.-]+$/i.test(domainName)) return undefined;
  return `https://${domainName.toLowerCase()}${DEFAULT_ENDPOINT.test(domainName) ? '' : prefix}${path}`;
}

function isRecord(value: unknown): value is Record<string, string | undefined> {
  return typeof value === 'object' && value !== null;
}

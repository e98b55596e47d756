import type { FrontdeskEvent } from './with-frontdesk.ts';

/** Headers whose values are credentials: their names are kept, their values never echoed. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'dpop', 'cookie', 'proxy-authorization', 'x-api-key']);

export const REDACTED = '[redacted]';

/**
 * The request exactly as this app received it — the payload format 2.0 event — with every
 * credential replaced by `[redacted]` (the `Authorization`, `DPoP` and cookie values) and the
 * body replaced by its length. An app serves it on a protected route so `pnpm verify` can
 * compare what a deployed stage hands to apps with what `pnpm dev` hands them, field by field
 * (users' `GET /me/request` does).
 *
 * @example
 * case 'GET /me/request':
 *   return { statusCode: 200, body: JSON.stringify(describeRequest(event)) };
 */
export function describeRequest(event: FrontdeskEvent): Record<string, unknown> {
  const { headers, cookies, body, ...rest } = event as FrontdeskEvent & { cookies?: string[] };
  return {
    ...rest,
    headers: Object.fromEntries(
      Object.entries(headers ?? {}).map(([name, value]) => [name, CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : value]),
    ),
    ...(cookies ? { cookies: cookies.map(() => REDACTED) } : {}),
    ...(body !== undefined ? { bodyLength: body.length } : {}),
  };
}

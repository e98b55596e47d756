import { pathAmbiguity } from '@frontdesk/gateway-core';
import { BAD_REQUEST, type GatewayRequest, type GatewayResponse } from './request.ts';

/**
 * Step 0 of the data path, before any mapping, route or the dev IdP sees the path: a path with a
 * `.`/`..` segment — raw, percent-encoded in any case mix or more than once — or a raw backslash
 * is refused with `400 {"message":"Bad Request"}`.
 *
 * Why refuse instead of resolving: AWS documents no dot-segment handling for HTTP APIs (neither
 * "Working with routes for HTTP APIs" nor the payload format page mentions it), and routes are
 * matched on the path as sent, while `hono/aws-lambda` and other WHATWG-URL-based frameworks
 * resolve it inside the function — so a public `GET /assets/{proxy+}` would hand
 * `/assets/../admin/report` to the protected `GET /admin/report` code with no authorizer call.
 * Resolving here would make local routing differ from AWS's; passing it on would let the bypass
 * through. Refusing is correct under either behaviour of the deployed gateway.
 *
 * Why 400: the request names no resource unambiguously (RFC 9110 §15.5.1, a client error that
 * should not be repeated unmodified); 404 would claim a route lookup happened. The body has the
 * `{"message": …}` shape of API Gateway's own errors.
 */
export function checkPath(request: GatewayRequest): GatewayResponse | undefined {
  return pathAmbiguity(request.path) === undefined ? undefined : BAD_REQUEST();
}

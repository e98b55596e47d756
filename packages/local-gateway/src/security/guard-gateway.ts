import { eventHeaders } from '../gateway/build-event.ts';
import type { RequestHandler } from '../gateway/http-server.ts';
import { messageResponse } from '../gateway/request.ts';
import { hostProblem, type HostPolicy } from './allowed-hosts.ts';
import { crossSiteProblem } from './cross-site.ts';

/** Frontdesk's own endpoints on the gateway port (dev IdP, pages); apps never live here. */
const DEVELOPER_PREFIX = '/_frontdesk/';

/**
 * Wraps everything the gateway port serves: a `Host` outside the policy is refused with 403 before
 * any app, the dev IdP or another Frontdesk page sees the request, and a cross-site browser
 * request to a Frontdesk endpoint (`/_frontdesk/…`) is refused too. App routes keep serving
 * cross-origin requests, as API Gateway does: CORS is the app's decision, and no credential is
 * ambient (tokens travel in `Authorization`, never in cookies the browser would add).
 */
export function guardGateway(policy: HostPolicy, handle: RequestHandler): RequestHandler {
  return async (request) => {
    const { headers } = eventHeaders(request.rawHeaders);
    const problem =
      hostProblem(headers.host, policy) ?? (request.path.startsWith(DEVELOPER_PREFIX) ? crossSiteProblem(headers) : undefined);
    if (problem !== undefined) return messageResponse(403, `Forbidden: ${problem}`);
    return handle(request);
  };
}

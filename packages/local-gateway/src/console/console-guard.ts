import type { IncomingHttpHeaders } from 'node:http';
import { hostProblem, type HostPolicy } from '../security/allowed-hosts.ts';
import { crossSiteProblem } from '../security/cross-site.ts';

/**
 * The console's gate against other web pages, on top of the checks every local server makes
 * (src/security): `Host` must be loopback or listed (DNS rebinding), and a browser request must
 * come from the console's own origin (`Origin`, `Sec-Fetch-Site`). Requests that mint a token or
 * hand out credentials (copy as curl) must also be `application/json` POSTs: a cross-origin page
 * cannot send that without a CORS preflight, which the console never answers.
 * Returns why a request is refused, or `undefined` to let it through.
 */
export function consoleRefusal(method: string, headers: IncomingHttpHeaders, policy: HostPolicy): string | undefined {
  const host = headers.host;
  const problem =
    hostProblem(host, policy) ??
    crossSiteProblem({
      ...(host !== undefined ? { host } : {}),
      ...(headers.origin !== undefined ? { origin: headers.origin } : {}),
      ...(typeof headers['sec-fetch-site'] === 'string' ? { 'sec-fetch-site': headers['sec-fetch-site'] } : {}),
    });
  if (problem !== undefined) return problem;
  if (method !== 'GET' && method !== 'HEAD') {
    const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return 'send JSON (content-type: application/json)';
  }
  return undefined;
}

/**
 * Developer endpoints (the dev IdP, the Lambda API, Frontdesk's own pages) answer only requests a
 * browser marks as same-origin or user-initiated, and requests from tools that are not browsers.
 * A cross-site page can otherwise send "simple" requests without a preflight (a `text/plain`
 * POST, a form post) and mint tokens or invoke functions.
 *
 * The signals browsers send: `Sec-Fetch-Site` (Fetch Metadata, every current browser) and
 * `Origin` (on every cross-origin request but a GET/HEAD navigation). Node's fetch, curl and the
 * AWS SDK send neither.
 */
export interface BrowserHeaders {
  readonly host?: string;
  readonly origin?: string;
  readonly 'sec-fetch-site'?: string;
}

/**
 * Why a request to a developer endpoint is refused as cross-site, or `undefined`. The server's own
 * origin is its `Host` (already checked against the host policy) over http, or over https when a
 * TLS-terminating tunnel (FRONTDESK_PUBLIC_URL) fronts it.
 */
export function crossSiteProblem(headers: BrowserHeaders): string | undefined {
  const site = headers['sec-fetch-site']?.trim().toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `a ${site} browser request (Sec-Fetch-Site) may not use a local developer endpoint`;
  }
  const origin = headers.origin?.trim().toLowerCase();
  const host = (headers.host ?? '').trim().toLowerCase();
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
    return `a request from origin "${origin}" may not use a local developer endpoint; only its own origin may`;
  }
  return undefined;
}

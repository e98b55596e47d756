const PERCENT_ENCODED = /%[0-9A-Fa-f]{2}/g;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * The form of a DPoP `htu` (or of the request URI) that is compared, per RFC 9449 §4.3: query
 * and fragment dropped; scheme and host lower-cased, default port removed, empty path made `/`,
 * dot segments removed (RFC 3986 §6.2.2-6.2.3, done by WHATWG URL parsing); percent-encodings
 * upper-cased and unreserved characters decoded (§6.2.2.1-6.2.2.2).
 *
 * @returns `undefined` when `value` is not an absolute http(s) URL.
 * @example normaliseHtu('HTTPS://API.Example.com:443/orders/%7euser?x=1#f') // 'https://api.example.com/orders/~user'
 */
export function normaliseHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const path = url.pathname.includes('%') ? url.pathname.replace(PERCENT_ENCODED, normalisePercentEncoding) : url.pathname;
  return `${url.protocol}//${url.host}${path}`;
}

function normalisePercentEncoding(encoded: string): string {
  const character = String.fromCharCode(Number.parseInt(encoded.slice(1), 16));
  return UNRESERVED.test(character) ? character : encoded.toUpperCase();
}

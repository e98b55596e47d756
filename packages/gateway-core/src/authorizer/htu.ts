/** RFC 3986 Appendix B, anchored: scheme, authority, path (query and fragment dropped). */
const URI_REFERENCE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?[^#]*)?(?:#.*)?$/;
/** An absolute path of `pchar`s (RFC 3986 §3.3): no spaces, backslashes, controls or stray `%`. */
const ABSOLUTE_PATH = /^(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*$/;
/** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing a URL parser would rewrite. */
const AUTHORITY = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{0,5})?$/;
const PERCENT_ENCODED = /%[0-9A-Fa-f]{2}/g;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * The form of a DPoP proof's `htu` that is compared, per RFC 9449 §4.3: query and fragment
 * dropped; scheme and host lower-cased, default port removed, empty path made `/` (RFC 3986
 * §6.2.3); percent-encodings upper-cased and unreserved characters decoded (§6.2.2.1-6.2.2.2);
 * then dot segments removed (§6.2.2.3, §5.2.4) — so `%2E%2E` counts as `..`, and `..%2F` does not.
 *
 * Parsed by RFC 3986's grammar, not WHATWG URL: a browser-style parser also turns `\` into `/`,
 * strips tabs and spaces, and accepts `https:host/path`, none of which a URI means.
 *
 * @returns `undefined` when `value` is not an absolute http(s) URI without user information.
 * @example normaliseHtu('HTTPS://API.Example.com:443/orders/%7euser?x=1#f') // 'https://api.example.com/orders/~user'
 */
export function normaliseHtu(value: string): string | undefined {
  const match = URI_REFERENCE.exec(value);
  if (!match) return undefined;
  const [, scheme, authority, path] = match as unknown as [string, string, string, string];
  const origin = normaliseOrigin(scheme, authority);
  const normalisedPath = origin === undefined ? undefined : normalisePath(path === '' ? '/' : path);
  return normalisedPath === undefined ? undefined : origin + removeDotSegments(normalisedPath);
}

/** `scheme://host[:port]`, lower-cased and without a default port; `undefined` unless http(s) without user information. */
function normaliseOrigin(scheme: string, authority: string): string | undefined {
  const lowerScheme = scheme.toLowerCase();
  if ((lowerScheme !== 'https' && lowerScheme !== 'http') || !AUTHORITY.test(authority)) return undefined;
  try {
    const url = new URL(`${lowerScheme}://${authority}/`);
    return `${url.protocol}//${url.host}`;
  } catch {
    return undefined;
  }
}

/**
 * An absolute path with percent-encodings normalised (RFC 3986 §6.2.2.1-6.2.2.2); `undefined`
 * when it holds anything but `pchar`s and `/`. Dot segments are left in place.
 */
export function normalisePath(path: string): string | undefined {
  if (!path.startsWith('/') || !ABSOLUTE_PATH.test(path)) return undefined;
  return path.includes('%') ? path.replace(PERCENT_ENCODED, normalisePercentEncoding) : path;
}

/** Whether a normalised path has a `.` or `..` segment (after {@link normalisePath}, `%2E` is `.`). */
export function hasDotSegment(normalisedPath: string): boolean {
  return normalisedPath.split('/').some((segment) => segment === '.' || segment === '..');
}

/** RFC 3986 §5.2.4 on an absolute path. */
function removeDotSegments(path: string): string {
  if (!hasDotSegment(path)) return path;
  const output: string[] = [];
  const segments = path.slice(1).split('/');
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '..') output.pop();
    if (segment === '.' || segment === '..') {
      if (last) output.push('');
    } else {
      output.push(segment);
    }
  });
  return `/${output.join('/')}`;
}

function normalisePercentEncoding(encoded: string): string {
  const character = String.fromCharCode(Number.parseInt(encoded.slice(1), 16));
  return UNRESERVED.test(character) ? character : encoded.toUpperCase();
}

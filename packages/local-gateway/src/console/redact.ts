import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';

/**
 * What the console shows of credentials. The gateway keeps each request's headers as received
 * (in memory only, for "copy as curl"); every view it sends to the browser — the list, a
 * request's detail, the event the function received — shows credentials redacted, with enough
 * to tell them apart: the scheme, the length and a short hash. A token's claims are shown
 * decoded (they are readable by anyone holding it, and are what a developer debugs); its
 * signature, which makes it a credential, never is.
 */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'dpop',
  'cookie',
  'x-api-key',
  'x-amz-security-token',
]);

/** `Bearer ‹redacted 812 chars #a1b2c3d4›` — the same credential shows the same hash. */
export function redactCredential(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return redactCookies(value.split(';').map((cookie) => cookie.trim())).join('; ');
  if (lower === 'set-cookie') return redactSetCookie(value);
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const space = value.indexOf(' ');
    if (space > 0) return `${value.slice(0, space)} ${placeholder(value.slice(space + 1).trim())}`;
  }
  return placeholder(value);
}

/** `name=‹redacted›` per cookie: names help debugging, values are sessions. */
function redactCookies(cookies: readonly string[]): string[] {
  return cookies
    .filter((cookie) => cookie !== '')
    .map((cookie) => {
      const equals = cookie.indexOf('=');
      return equals === -1 ? placeholder(cookie) : `${cookie.slice(0, equals)}=${placeholder(cookie.slice(equals + 1))}`;
    });
}

/** A `set-cookie` keeps its name and attributes (Path, HttpOnly, …); its value is redacted. */
function redactSetCookie(value: string): string {
  const semicolon = value.indexOf(';');
  const [pair, attributes] = semicolon === -1 ? [value, ''] : [value.slice(0, semicolon), value.slice(semicolon)];
  return `${redactCookies([pair])[0] ?? ''}${attributes}`;
}

/** Header pairs with credentials redacted (request or response side). */
export function redactHeaderPairs(pairs: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return pairs.map(([name, value]) => [
    name,
    CREDENTIAL_HEADERS.has(name.toLowerCase()) || name.toLowerCase() === 'set-cookie' ? redactCredential(name, value) : value,
  ]);
}

/** Node's raw header list (`[name, value, …]`) as redacted pairs. */
export function redactRawHeaders(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) pairs.push([rawHeaders[index] as string, rawHeaders[index + 1] as string]);
  return redactHeaderPairs(pairs);
}

/**
 * A payload 2.0 event (as sent to the function, JSON) with `headers` credentials and `cookies`
 * values redacted. Returns the parsed object, or the text itself when it is not JSON (clipped).
 */
export function redactEvent(eventJson: string): unknown {
  let event: unknown;
  try {
    event = JSON.parse(eventJson);
  } catch {
    return eventJson;
  }
  if (typeof event !== 'object' || event === null) return event;
  const copy = { ...(event as Record<string, unknown>) };
  if (typeof copy.headers === 'object' && copy.headers !== null) {
    copy.headers = Object.fromEntries(
      Object.entries(copy.headers as Record<string, unknown>).map(([name, value]) => [
        name,
        CREDENTIAL_HEADERS.has(name) && typeof value === 'string' ? redactCredential(name, value) : value,
      ]),
    );
  }
  if (Array.isArray(copy.cookies))
    copy.cookies = redactCookies(copy.cookies.filter((cookie): cookie is string => typeof cookie === 'string'));
  return copy;
}

/** The decoded (unverified) header and claims of the JWT in an Authorization value, for display. */
export function tokenClaims(authorization: string | undefined): { header: unknown; claims: unknown } | undefined {
  if (authorization === undefined) return undefined;
  const token = authorization.trim().split(/\s+/)[1];
  if (token === undefined) return undefined;
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    return undefined;
  }
}

function placeholder(secret: string): string {
  const hash = createHash('sha256').update(secret).digest('hex').slice(0, 8);
  return `‹redacted ${secret.length} chars #${hash}›`;
}

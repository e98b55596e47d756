/**
 * The client's credentials from a token request, and how it sent them.
 *
 * `client_secret_basic` (RFC 6749 §2.3.1): the id and secret are each encoded with
 * `application/x-www-form-urlencoded` before they are joined with `:` and base64-encoded, so they
 * are decoded the same way — `+` is a space, `%2B` a plus. A malformed encoding is no credential
 * (`invalid_client`), never an exception.
 */
export type ClientCredentials =
  | { readonly method: 'basic' | 'post'; readonly clientId: string; readonly secret: string }
  | { readonly method: 'basic' | 'post' | 'none'; readonly clientId?: undefined; readonly secret?: undefined };

export function clientCredentials(authorization: string | undefined, form: URLSearchParams): ClientCredentials {
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const clientId = colon > 0 ? formDecode(decoded.slice(0, colon)) : undefined;
    const secret = colon > 0 ? formDecode(decoded.slice(colon + 1)) : undefined;
    return clientId === undefined || secret === undefined ? { method: 'basic' } : { method: 'basic', clientId, secret };
  }
  const clientId = form.get('client_id') ?? undefined;
  const secret = form.get('client_secret') ?? undefined;
  if (clientId === undefined || secret === undefined) return { method: clientId === undefined ? 'none' : 'post' };
  return { method: 'post', clientId, secret };
}

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretVersions } from '@frontdesk/gateway-core/runtime';

/** How long a signed download link stays valid. */
export const LINK_LIFETIME_SECONDS = 300;

/**
 * Signs a short-lived download link for an order document, with the current value of the app's
 * `files-signing-key` secret (HMAC-SHA256 over path, owner and expiry), so a document can be handed
 * to a browser or a CDN without the caller's access token.
 */
export function signDownloadLink(
  path: string,
  owner: string,
  key: string,
  now: Date,
): { path: string; expires: number; signature: string } {
  const expires = Math.floor(now.getTime() / 1000) + LINK_LIFETIME_SECONDS;
  return { path, expires, signature: signature(path, owner, expires, key) };
}

/**
 * True when `candidate` is the signature of this path, owner and expiry under the key's current or
 * previous value, and it has not expired. The key rotates (`rotation: { days: 30 }`); a link signed
 * just before a rotation was signed with what is now the previous value, and must keep working for
 * its few minutes.
 */
export function verifyDownloadLink(
  path: string,
  owner: string,
  expires: number,
  candidate: string,
  keys: SecretVersions,
  now: Date,
): boolean {
  if (expires < now.getTime() / 1000) return false;
  const given = Buffer.from(candidate);
  let valid = false;
  // Check every key (no early return), so timing does not tell which value matched.
  for (const key of [keys.current, keys.previous]) {
    if (key === undefined) continue;
    const expected = Buffer.from(signature(path, owner, expires, key));
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

function signature(path: string, owner: string, expires: number, key: string): string {
  return createHmac('sha256', key).update(`${path}\n${owner}\n${expires}`).digest('base64url');
}

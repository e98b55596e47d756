import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a signed download link stays valid. */
export const LINK_LIFETIME_SECONDS = 300;

/**
 * Signs a short-lived download link for an order document, with the app's `files-signing-key`
 * secret (HMAC-SHA256 over path, owner and expiry), so a document can be handed to a browser or a
 * CDN without the caller's access token.
 */
export function signDownloadLink(path: string, owner: string, key: string, now: Date): { path: string; expires: number; signature: string } {
  const expires = Math.floor(now.getTime() / 1000) + LINK_LIFETIME_SECONDS;
  return { path, expires, signature: signature(path, owner, expires, key) };
}

/** True when `candidate` is the signature of this path, owner and expiry, and it has not expired. */
export function verifyDownloadLink(path: string, owner: string, expires: number, candidate: string, key: string, now: Date): boolean {
  if (expires < now.getTime() / 1000) return false;
  const expected = Buffer.from(signature(path, owner, expires, key));
  const given = Buffer.from(candidate);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function signature(path: string, owner: string, expires: number, key: string): string {
  return createHmac('sha256', key).update(`${path}\n${owner}\n${expires}`).digest('base64url');
}

import { hash } from 'node:crypto';

/**
 * SHA-256 of `text` (UTF-8) or of a file's bytes, base64url (or hex). Node's one-shot `crypto.hash`;
 * every module of the authorizer hashes through here, so its bundle imports `node:crypto` once.
 */
export function sha256(text: string | Buffer, encoding: 'base64url' | 'hex' = 'base64url'): string {
  return hash('sha256', text, encoding);
}

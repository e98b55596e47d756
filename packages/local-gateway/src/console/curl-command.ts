import { decodeJwt } from 'jose';
import { createDpopProof, thumbprint } from '../idp/dpop-proof.ts';
import type { KeyPair } from '../idp/keys.ts';
import type { Clipped } from './request-log.ts';

/** Headers curl sets itself, or that describe one connection rather than the request. */
const LEFT_TO_CURL = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
  'expect',
  'accept-encoding',
]);

export interface CurlRequest {
  readonly method: string;
  /** The full URL (gateway origin + path + query). */
  readonly url: string;
  /** Node's raw header list, credentials included. */
  readonly rawHeaders: readonly string[];
  readonly body?: Clipped;
}

export interface CurlOptions {
  /** The key `pnpm -s run token --dpop` and the console bind tokens to: a fresh proof can be signed with it. */
  readonly dpopKey: () => Promise<KeyPair>;
  /** The origin DPoP `htu` is checked against (FRONTDESK_PUBLIC_URL); @default the URL's own */
  readonly publicOrigin?: string;
  readonly now?: () => number;
}

/**
 * A `curl` command that sends the request again, credentials included (the one place the
 * console hands them out: the developer asked for a command that works).
 * A DPoP proof is single-use, so a new one is signed when the token is bound to the local DPoP
 * key; a proof for another key is kept, with a note that the gateway will refuse it as a replay.
 */
export async function curlCommand(request: CurlRequest, options: CurlOptions): Promise<string> {
  const method = request.method.toUpperCase();
  const notes: string[] = [];
  const headers: Array<[string, string]> = [];
  let authorization: string | undefined;
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] as string;
    const lower = name.toLowerCase();
    if (LEFT_TO_CURL.has(lower)) continue;
    if (lower === 'authorization') authorization = request.rawHeaders[index + 1];
    headers.push([lower, request.rawHeaders[index + 1] as string]);
  }

  const [scheme, token] = splitAuthorization(authorization);
  if (token !== undefined) {
    const claims = safeClaims(token);
    const now = (options.now ?? Date.now)() / 1000;
    if (typeof claims?.exp === 'number' && claims.exp < now)
      notes.push(`the access token expired at ${new Date(claims.exp * 1000).toISOString()}: mint a new one`);
    if (scheme === 'dpop' && headers.some(([name]) => name === 'dpop')) {
      const key = await options.dpopKey();
      const bound = (claims?.cnf as { jkt?: unknown } | undefined)?.jkt;
      if (bound !== undefined && bound === (await thumbprint(key.publicJwk))) {
        const target = new URL(request.url);
        const htu = options.publicOrigin === undefined ? request.url : `${options.publicOrigin}${target.pathname}`;
        const proof = await createDpopProof(key, method, htu, token);
        for (const header of headers) if (header[0] === 'dpop') header[1] = proof;
        notes.push('a fresh DPoP proof, signed now with the local DPoP key: use it once, within 5 minutes');
      } else {
        notes.push(
          'the DPoP proof is single-use and this one was sent already (dpop_replay): replace it with a fresh proof from the key the token is bound to',
        );
      }
    }
  }

  const parts = [method === 'HEAD' ? 'curl -i -I' : 'curl -i'];
  if (method !== 'GET' && method !== 'HEAD') parts.push(`-X ${method}`);
  parts.push(quote(request.url));
  for (const [name, value] of headers) parts.push(`-H ${quote(`${name}: ${value}`)}`);
  let prefix = '';
  const body = request.body;
  if (body && body.text !== '') {
    if (body.truncatedFrom !== undefined)
      notes.push(
        `the body was ${body.truncatedFrom} bytes; the console kept the first ${body.encoding === 'base64' ? Buffer.from(body.text, 'base64').length : Buffer.byteLength(body.text)}`,
      );
    if (body.encoding === 'base64') {
      prefix = `printf %s ${quote(body.text)} | base64 -d | `;
      parts.push('--data-binary @-');
    } else {
      parts.push(`--data-binary ${quote(body.text)}`);
    }
  }
  const comment = notes.map((note) => `# ${note}\n`).join('');
  return `${comment}${prefix}${parts.join(' \\\n  ')}`;
}

/** POSIX shell single quotes: everything literal, `'` written as `'\''`. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function splitAuthorization(value: string | undefined): [string | undefined, string | undefined] {
  const match = value === undefined ? null : /^\s*(\S+)\s+(\S+)\s*$/.exec(value);
  return match ? [(match[1] as string).toLowerCase(), match[2]] : [undefined, undefined];
}

function safeClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

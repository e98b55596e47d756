import { FrontdeskError } from '@frontdesk/gateway-core/contract';
import { decodeJwt } from 'jose';
import { thumbprint } from '../idp/dpop-proof.ts';
import { issueToken } from '../idp/issue-token.ts';
import type { KeyPair } from '../idp/keys.ts';

/** What the token panel asks for. */
export interface MintRequest {
  readonly sub: string;
  readonly scopes: readonly string[];
  /** Bind the token to the local DPoP key (`cnf.jkt`), as `pnpm -s run token --dpop` does. */
  readonly dpop: boolean;
  readonly ttlSeconds: number;
}

export interface MintDeps {
  /** The dev identity provider's signing key and issuer (the gateway trusts them unless FRONTDESK_ISSUER says otherwise). */
  readonly signingKey: KeyPair;
  readonly issuer: string;
  readonly audience: string;
  readonly dpopKey: () => Promise<KeyPair>;
}

/** A console request (mint a token, write a curl command) that cannot be served; answered 400 with its message. */
export class MintRequestError extends FrontdeskError<'ERR_CONSOLE_REQUEST'> {
  override readonly name = 'MintRequestError';
  constructor(message: string) {
    super('ERR_CONSOLE_REQUEST', message);
  }
}

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const MAX_TTL_SECONDS = 86_400;

/**
 * Reads the panel's JSON body: `sub` (required), `scopes` (array, or a space/comma-separated
 * string), `dpop` (boolean), `ttlSeconds` (1 to 86400, default 3600). Errors say which field
 * and what is allowed.
 */
export function parseMintRequest(body: unknown): MintRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new MintRequestError('send a JSON object: {"sub": "alice", "scopes": ["orders:read"], "dpop": false, "ttlSeconds": 3600}');
  const { sub, scopes = [], dpop = false, ttlSeconds = 3600 } = body as Record<string, unknown>;
  if (typeof sub !== 'string' || sub.trim() === '') throw new MintRequestError('sub: required, the token subject (e.g. "alice")');
  if (sub.length > 256 || /[\x00-\x1f\x7f]/.test(sub)) throw new MintRequestError('sub: at most 256 characters, no control characters');
  const list = typeof scopes === 'string' ? scopes.split(/[\s,]+/) : scopes;
  if (!Array.isArray(list) || list.some((scope) => typeof scope !== 'string'))
    throw new MintRequestError('scopes: an array of strings, or one space-separated string');
  const cleaned = (list as string[]).map((scope) => scope.trim()).filter((scope) => scope !== '');
  const invalid = cleaned.find((scope) => !SCOPE_TOKEN.test(scope));
  if (invalid !== undefined)
    throw new MintRequestError(`scopes: "${invalid}" is not a scope token (printable ASCII, no spaces, quotes or backslashes)`);
  if (typeof dpop !== 'boolean') throw new MintRequestError('dpop: true (DPoP-bound) or false (Bearer)');
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    throw new MintRequestError(`ttlSeconds: a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  }
  return { sub: sub.trim(), scopes: [...new Set(cleaned)], dpop, ttlSeconds };
}

/** Signs a development token with the dev IdP's key; a DPoP one is bound to the local DPoP key. */
export async function mintToken(
  deps: MintDeps,
  request: MintRequest,
): Promise<{ token: string; tokenType: 'Bearer' | 'DPoP'; claims: unknown }> {
  const jkt = request.dpop ? await thumbprint((await deps.dpopKey()).publicJwk) : undefined;
  const token = await issueToken(deps.signingKey, {
    issuer: deps.issuer,
    audience: deps.audience,
    sub: request.sub,
    scopes: request.scopes,
    ttlSeconds: request.ttlSeconds,
    clientId: 'frontdesk-console',
    ...(jkt ? { jkt } : {}),
  });
  return { token, tokenType: jkt ? 'DPoP' : 'Bearer', claims: decodeJwt(token) };
}

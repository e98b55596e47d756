import { sha256 } from '../contract/sha256.ts';
import type { AccessTokenClaims } from './access-token.ts';
import { AuthorizerDenial } from './denial-codes.ts';

/** Whether a decision's access token came from the cache (`hit`), was verified and stored (`miss`), or skipped it (`bypass`). */
export type TokenCacheOutcome = 'hit' | 'miss' | 'bypass';

/** A verified access token as a decision uses it. */
export interface VerifiedToken {
  readonly claims: AccessTokenClaims;
  /** The audit line's `tokenIdHash`: SHA-256 (base64url, 16 characters) of `jti`, or of the whole token when it has none; computed once per token. */
  readonly idHash: string;
}

interface Entry extends VerifiedToken {
  /** The issuer key set generation the token was verified under. */
  readonly generation: number;
}

/**
 * Verified access tokens by the SHA-256 of their exact text, at most `maxEntries`: when full, the
 * least recently used sixteenth (at least one entry) is evicted (a `Map` keeps insertion order; a
 * hit moves its entry to the end). Holds only
 * successes, never the token itself. Each entry remembers the key set generation it was verified
 * under; a lookup under another generation deletes it.
 *
 * Memory: at most `maxEntries` × (a 43-character key + the decoded claims of a token of at most
 * 8 KiB), so about 10 MB for 1000 entries in the worst case, far less for ordinary tokens.
 */
export class VerifiedTokenCache {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Entry>();

  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive whole number (got ${maxEntries})`);
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cache key of `token`: its SHA-256, so the cache never holds a usable credential. */
  static keyOf(token: string): string {
    return sha256(token);
  }

  get(key: string, generation: number): VerifiedToken | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.generation !== generation) return undefined;
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores a verified token (its claims frozen) and returns what a later hit will. */
  set(key: string, claims: AccessTokenClaims, generation: number, idHash: string): VerifiedToken {
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      // The first keys in a Map are the least recently used here. A sixteenth goes at once (at
      // least one): a Map's iterator walks the slots its deletions left, so evicting one entry
      // per insert cost ~5,000 instructions each (callgrind) once the cache was full.
      let count = Math.max(1, this.maxEntries >> 4);
      for (const old of this.#entries.keys()) {
        this.#entries.delete(old);
        if (--count === 0) break;
      }
    }
    const entry: Entry = { claims: deepFreeze(claims), idHash, generation };
    this.#entries.set(key, entry);
    return entry;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

export interface CachingVerifierOptions {
  /** The full check (`accessTokenVerifier`): signature, `iss`, `aud`, `typ`, claims. */
  readonly verify: (token: string) => Promise<AccessTokenClaims>;
  /** `undefined` when the cache is off (`FRONTDESK_TOKEN_CACHE_SIZE=0`): every token is verified in full, nothing observed. */
  readonly cache: VerifiedTokenCache | undefined;
  /** `IssuerKeys.freshGeneration`: `undefined` means "keys missing or due for refresh: verify in full". */
  readonly keyGeneration: (nowMs: number) => number | undefined;
  readonly now: () => number;
  /** `FRONTDESK_CLOCK_TOLERANCE`, as the full check applies it. */
  readonly clockToleranceSeconds: number;
  readonly observe?: (outcome: TokenCacheOutcome) => void;
}

/**
 * Wraps the access-token check with {@link VerifiedTokenCache}. A hit skips only what cannot
 * change for the same token text under the same keys and configuration (signature, `iss`, `aud`,
 * `typ`, claim shapes); the time claims are checked again on every hit exactly as `jose` checks
 * them (`exp <= now - tolerance` is expired, `nbf > now + tolerance` not yet valid, over whole
 * seconds) and an expired entry is dropped. Everything after the token check in a decision —
 * Bearer/DPoP binding (`cnf.jkt`), route scopes, the DPoP proof and its replay record — runs per
 * request, hit or miss. One cache per authorizer instance, so another issuer or audience
 * configuration never sees its entries.
 *
 * The generation is read before verifying: if the keys change during a verification, the entry
 * carries the older generation and is simply not served.
 */
export function cachingAccessTokenVerifier(options: CachingVerifierOptions): (token: string) => Promise<VerifiedToken> {
  const { verify, cache, keyGeneration, now, clockToleranceSeconds: tolerance, observe } = options;
  return async (token) => {
    const nowMs = now();
    const generation = cache && keyGeneration(nowMs);
    // Defined exactly when the cache is on and the keys are fresh.
    const key = generation === undefined ? undefined : VerifiedTokenCache.keyOf(token);
    const cached = key && cache?.get(key, generation as number);
    if (cached) {
      const { exp, nbf, iat } = cached.claims;
      const nowSeconds = Math.floor(nowMs / 1000);
      if (exp <= nowSeconds - tolerance) {
        cache?.delete(key as string);
        throw new AuthorizerDenial('expired', '"exp" claim timestamp check failed');
      }
      if (typeof nbf === 'number' && nbf > nowSeconds + tolerance)
        throw new AuthorizerDenial('not_yet_valid', '"nbf" claim timestamp check failed');
      if (typeof iat === 'number' && iat > nowMs / 1000 + tolerance) throw new AuthorizerDenial('not_yet_valid', 'iat is in the future');
      observe?.('hit');
      return cached;
    }
    if (cache && !key) observe?.('bypass');
    const claims = await verify(token); // a failure throws here and is never stored
    // The audit id, computed once per token: a token without `jti` takes it from the cache key, its SHA-256.
    const idHash = (typeof claims.jti === 'string' ? sha256(claims.jti) : (key ?? sha256(token))).slice(0, 16);
    if (!key) return { claims, idHash };
    observe?.('miss');
    return (cache as VerifiedTokenCache).set(key, claims, generation as number, idHash);
  };
}

/** Entries are shared by every later decision for the token: nothing may alter them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // for…in, not Object.values: no array per object (JSON objects have no inherited enumerables).
    for (const key in value) deepFreeze(value[key]);
  }
  return value;
}

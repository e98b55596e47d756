import { sha256 } from '../contract/sha256.ts';
import type { AccessTokenClaims } from './access-token.ts';
import { AuthorizerDenial } from './denial-codes.ts';

/** Whether a decision's access token came from the cache (`hit`), was verified and stored (`miss`), or skipped it (`bypass`). */
export type TokenCacheOutcome = 'hit' | 'miss' | 'bypass';

interface Entry {
  readonly claims: AccessTokenClaims;
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

  get(key: string, generation: number): AccessTokenClaims | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.generation !== generation) return undefined;
    this.#entries.set(key, entry);
    return entry.claims;
  }

  set(key: string, claims: AccessTokenClaims, generation: number): void {
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
    this.#entries.set(key, { claims: deepFreeze(claims), generation });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

export interface CachingVerifierOptions {
  /** The full check (`accessTokenVerifier`): signature, `iss`, `aud`, `typ`, claims. */
  readonly verify: (token: string) => Promise<AccessTokenClaims>;
  readonly cache: VerifiedTokenCache;
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
export function cachingAccessTokenVerifier(options: CachingVerifierOptions): (token: string) => Promise<AccessTokenClaims> {
  const { verify, cache, keyGeneration, now, clockToleranceSeconds: tolerance, observe } = options;
  return async (token) => {
    const nowMs = now();
    const generation = keyGeneration(nowMs);
    if (generation === undefined) {
      observe?.('bypass');
      return verify(token);
    }
    const key = VerifiedTokenCache.keyOf(token);
    const cached = cache.get(key, generation);
    if (cached !== undefined) {
      const nowSeconds = Math.floor(nowMs / 1000);
      if (cached.exp <= nowSeconds - tolerance) {
        cache.delete(key);
        throw new AuthorizerDenial('expired', '"exp" claim timestamp check failed');
      }
      if (typeof cached.nbf === 'number' && cached.nbf > nowSeconds + tolerance)
        throw new AuthorizerDenial('not_yet_valid', '"nbf" claim timestamp check failed');
      if (typeof cached.iat === 'number' && cached.iat > nowMs / 1000 + tolerance)
        throw new AuthorizerDenial('not_yet_valid', 'iat is in the future');
      observe?.('hit');
      return cached;
    }
    const claims = await verify(token); // a failure throws here and is never stored
    cache.set(key, claims, generation);
    observe?.('miss');
    return claims;
  };
}

/** Entries are shared by every later decision for the token: nothing may alter them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

import { sha256 } from '../contract/sha256.ts';
import type { AccessTokenClaims } from './access-token.ts';
import { AuthorizerDenial } from './denial-codes.ts';

/**
 * Whether a decision's access token came from the cache (`hit`), was verified in full with fresh keys (`miss`: stored
 * when seen before, else sighted), or skipped the cache while keys were missing or due for refresh (`bypass`).
 */
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
 * least recently used sixteenth (at least one entry) is evicted at once (a `Map` keeps insertion
 * order; a hit moves its entry to the end). Holds only successes, never the token itself. Each
 * entry remembers the key set generation it was verified under; a lookup under another
 * generation deletes it.
 *
 * A token is stored on its second verification: the first only records its sighting, a 30-bit
 * hash of its signature's end ({@link VerifiedTokenCache.seen}). A token used once — every token under a
 * first-seen load, every token an attacker mints — is then never hashed for a key, stored or promoted by
 * the garbage collector, and never evicts an entry a repeat caller uses (the doorkeeper of
 * TinyLFU, Einziger et al. 2017, §3.4.2). A colliding sighting only stores a token one
 * verification early; the entry is still found by SHA-256 alone.
 *
 * Memory: at most `maxEntries` × (a 43-character key + the decoded claims of a token of at most
 * 8 KiB), so about 10 MB for 1000 entries in the worst case, far less for ordinary tokens, plus
 * up to 2 × `maxEntries` sightings (small integers, ~20 bytes each).
 */
export class VerifiedTokenCache {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #sightings = new Set<number>();

  constructor(maxEntries: number) {
    // loadAuthorizerConfig's range (0 there means no cache at all): bounded, so memory is.
    if (!(maxEntries >= 1 && maxEntries <= 1e5)) throw new RangeError(`maxEntries must be 1 to 100000 (got ${maxEntries})`);
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Whether a token with this sighting was verified before. A sighting is FNV-1a of the token's
   * last 32 characters — the end of its signature, the part that differs between any two tokens an
   * issuer signs (a token shorter than that reads NaN, so 0, before its start) — as a 30-bit
   * integer. Not a key: a match is confirmed by SHA-256.
   */
  seen(sighting: number): boolean {
    return this.#sightings.has(sighting);
  }

  /** Records a verified token's sighting: its next verification stores it. */
  see(sighting: number): void {
    // Bounded (tokens are the caller's choice): starting over costs each stored token one more
    // verification, which sights it again; its entry is still there for the next lookup.
    if (this.#sightings.size >= 2 * this.#maxEntries) this.#sightings.clear();
    this.#sightings.add(sighting);
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
    if (this.#entries.size >= this.#maxEntries) {
      // The first keys in a Map are the least recently used here. A sixteenth goes at once (at
      // least one): a Map's iterator walks the slots its deletions left, so evicting one entry
      // per insert cost ~5,000 instructions each (callgrind) once the cache was full.
      let count = Math.max(1, this.#maxEntries >> 4);
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
  // Not an async function: on a miss the rest is a `then` handler, one async frame less per first-seen token.
  return (token) => {
    const nowMs = now();
    const generation = cache && keyGeneration(nowMs);
    let sighting = 0x811c9dc5; // FNV-1a of the last 32 characters, the end of the signature (see `seen`)
    for (let i = token.length - 32; i < token.length; i += 1) sighting = Math.imul(sighting ^ token.charCodeAt(i), 0x01000193);
    sighting >>>= 2; // 30 bits: a V8 small integer, so a Set of them allocates nothing per token
    // Defined exactly when the cache is on, the keys are fresh and the token was verified before:
    // a first-seen token is not hashed for the cache (its audit id below still hashes its jti, or
    // the token when it has none).
    // The key is the token's SHA-256, so the cache never holds a usable credential.
    const key = generation !== undefined && cache?.seen(sighting) ? sha256(token) : undefined;
    const cached = key && cache?.get(key, generation as number);
    if (cached) {
      const { exp, nbf, iat } = cached.claims;
      const nowSeconds = Math.floor(nowMs / 1000);
      // The denial's code is what the audit line carries; a message here would be read by no one.
      if (exp <= nowSeconds - tolerance) {
        cache?.delete(key as string);
        return Promise.reject(new AuthorizerDenial('expired'));
      }
      if (typeof nbf === 'number' && nbf > nowSeconds + tolerance) return Promise.reject(new AuthorizerDenial('not_yet_valid')); // nbf
      if (typeof iat === 'number' && iat > nowMs / 1000 + tolerance) return Promise.reject(new AuthorizerDenial('not_yet_valid')); // iat in the future
      observe?.('hit');
      return Promise.resolve(cached);
    }
    if (cache && generation === undefined) observe?.('bypass');
    // A failure rejects here and is neither stored nor sighted.
    return verify(token).then((claims): VerifiedToken => {
      // The audit id, computed once per token: a token without `jti` takes it from the cache key, its SHA-256.
      const idHash = (typeof claims.jti === 'string' ? sha256(claims.jti) : (key ?? sha256(token))).slice(0, 16);
      if (generation !== undefined) observe?.('miss');
      if (!key) {
        cache?.see(sighting); // also when keys were not fresh: the token was verified all the same
        return { claims, idHash };
      }
      return (cache as VerifiedTokenCache).set(key, claims, generation as number, idHash);
    });
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

import type { ReplayStore } from './replay-store.ts';

export interface InMemoryReplayStoreOptions {
  /** The most keys held at once. @default 100_000 */
  readonly maxEntries?: number;
  /** Epoch milliseconds; injectable for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * A bounded, expiring {@link ReplayStore} in this process's memory — for the local gateway and
 * for a Lambda without a replay table (protection is then per instance only).
 *
 * When full of unexpired keys it refuses new ones (throws) instead of forgetting a key that may
 * still be replayed: the authorizer denies `replay_store_unavailable` — fail closed.
 */
export class InMemoryReplayStore implements ReplayStore {
  readonly #expiries = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: InMemoryReplayStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? Date.now;
    if (!Number.isInteger(this.#maxEntries) || this.#maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  /** Number of keys currently held (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#expiries.size;
  }

  async putIfAbsent(key: string, expiresAt: number): Promise<boolean> {
    const nowSeconds = this.#now() / 1000;
    const existing = this.#expiries.get(key);
    if (existing !== undefined && existing > nowSeconds) return false;
    if (existing !== undefined) this.#expiries.delete(key);
    if (this.#expiries.size >= this.#maxEntries) this.#sweep(nowSeconds);
    if (this.#expiries.size >= this.#maxEntries) {
      throw new Error(`InMemoryReplayStore is full (${this.#maxEntries} unexpired keys)`);
    }
    this.#expiries.set(key, expiresAt);
    return true;
  }

  /** Drops expired keys. Insertion order roughly follows expiry, so most sweeps stop early. */
  #sweep(nowSeconds: number): void {
    for (const [key, expiresAt] of this.#expiries) {
      if (expiresAt <= nowSeconds) this.#expiries.delete(key);
    }
  }
}

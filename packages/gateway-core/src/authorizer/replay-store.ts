/**
 * Where DPoP proof identifiers are remembered so that a proof is accepted at most once.
 * Keys are already hashes (of `jti` and the target URI); values live until `expiresAt`.
 */
export interface ReplayStore {
  /**
   * Records `key` until `expiresAt` (epoch seconds) unless it is already recorded.
   * @returns `true` when the key was new (the proof may be used), `false` on a replay.
   * @throws when the store cannot answer — the authorizer then denies `replay_store_unavailable`.
   */
  putIfAbsent(key: string, expiresAt: number): Promise<boolean>;
}

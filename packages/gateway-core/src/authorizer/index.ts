/**
 * The global authorizer: OIDC/JWT access tokens, DPoP proofs (RFC 9449), per-route scopes.
 * One module, run by the deployed Lambda (`handler.ts`) and in-process by the local gateway.
 *
 * @example
 * const authorize = createAuthorizer(loadAuthorizerConfig(process.env), { logger: quietAuditLogger });
 * const { isAuthorized, context } = await authorize(event); // never throws
 */
export { loadAuthorizerConfig } from './config.ts';
export { ASYMMETRIC_ALGORITHMS } from '../contract/token-rules.ts';
export { createAuthorizer, type Authorizer } from './create-authorizer.ts';
export { InMemoryReplayStore } from './in-memory-replay-store.ts';
/** @public Documented as createAuthorizer's `replayStore` (README). */
export { DynamoDbReplayStore, type DynamoDbReplayStoreOptions } from './dynamodb-replay-store.ts';
export type { DecisionRecord } from './audit.ts';
export { jsonAuditLogger } from './audit-line.ts';

/**
 * The global authorizer: OIDC/JWT access tokens, DPoP proofs (RFC 9449), per-route scopes.
 * One module, run by the deployed Lambda (`handler.ts`) and in-process by the local gateway.
 *
 * @example
 * const authorize = createAuthorizer(loadAuthorizerConfig(process.env), { logger: quietAuditLogger });
 * const { isAuthorized, context } = await authorize(event); // never throws
 */
export { loadAuthorizerConfig, AuthorizerConfigError, ASYMMETRIC_ALGORITHMS, type AuthorizerConfig, type DpopMode } from './config.ts';
export { createAuthorizer, type Authorizer, type AuthorizerDeps } from './create-authorizer.ts';
export { DENIAL_CODES, AuthorizerDenial, type DenialCode } from './denial-codes.ts';
export type { AuthorizerContext, AuthorizerResult } from './context.ts';
export type { ReplayStore } from './replay-store.ts';
export { InMemoryReplayStore, type InMemoryReplayStoreOptions } from './in-memory-replay-store.ts';
export { DynamoDbReplayStore, type DynamoDbReplayStoreOptions } from './dynamodb-replay-store.ts';
export { quietAuditLogger, type AuditLogger, type DecisionMetrics, type DecisionRecord } from './audit.ts';
export { normaliseHtu } from './htu.ts';
export { powertoolsAuditLogger } from './audit-logger.ts';
export { jsonAuditLogger, type JsonAuditLogger, type JsonAuditLoggerOptions } from './audit-line.ts';
export { withDecisionMetrics, decisionMetricsDocument } from './decision-metrics-emf.ts';

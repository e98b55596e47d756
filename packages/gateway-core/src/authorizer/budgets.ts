/**
 * Time budgets of one authorizer invocation, in one place: `RootGateway` sets the function's
 * timeout from here and the runtime's fetch and replay-store deadlines come from here, so a test
 * can hold them together (`cdk/authorizer-budgets.test.ts`). No imports: the Lambda bundle and
 * the CDK construct both read it.
 *
 * The outer limit is API Gateway's: an HTTP API waits 10 000 ms for a Lambda authorizer's
 * response ("Timeout for Lambda authorizer response", Quotas for configuring and running an
 * HTTP API in API Gateway, http-api-quotas), after which the client gets 500. That wait includes a
 * cold start's init phase, which the function timeout does not count.
 */
export const API_GATEWAY_AUTHORIZER_TIMEOUT_MS = 10_000;
/** What a cold start's init (runtime start, module load, config) may take before the handler runs. */
export const COLD_START_ALLOWANCE_MS = 2_000;
/** The authorizer Lambda's timeout. */
export const AUTHORIZER_TIMEOUT_SECONDS = 5;
/**
 * Discovery document plus JWKS together, one deadline shared by both fetches (each of AWS's own
 * JWT authorizer's fetches gets 1 500 ms; http-api-quotas "Timeout for JSON Web Key Set endpoint").
 */
export const JWKS_LOAD_BUDGET_MS = 3_000;
/** One conditional PutItem of a DPoP proof's `jti` (the SDK call is aborted after this). */
export const REPLAY_PUT_BUDGET_MS = 1_000;
/** Signature checks, JSON, logging: what the rest of a decision needs at most. */
export const DECISION_MARGIN_MS = 500;

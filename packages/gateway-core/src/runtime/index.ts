/**
 * What every app function (and the authorizer) uses at runtime: the Powertools wrapper that
 * logs and measures each request, and the secrets helpers (SDK clients imported on first read).
 * Free of aws-cdk-lib and of the X-Ray SDK: tracing is opt-in through `runtime/tracing`.
 */
export {
  withFrontdesk,
  type Caller,
  type FrontdeskEvent,
  type FrontdeskHandler,
  type RequestTools,
  type WithFrontdeskOptions,
} from './with-frontdesk.ts';
export { createTelemetry, flushMetrics, type Telemetry, type TelemetryOptions } from './telemetry.ts';
export { runtimeEnvironment, type RuntimeEnvironment } from './environment.ts';
export { APP_METRIC, AUTHORIZER_METRIC, AUTHORIZER_SERVICE, DIMENSION, METRICS_NAMESPACE } from './metric-names.ts';
export { describeRequest, REDACTED } from './describe-request.ts';
export { getSecret, type GetSecretOptions } from './get-secret.ts';
export { getSecretVersions, type GetSecretVersionsOptions, type SecretVersions } from './get-secret-versions.ts';
export { SecretError, type SecretErrorCode } from './secret-error.ts';
export {
  SECRETS_ENV,
  SECRETS_FILE_ENV,
  encodeSecretReferences,
  decodeSecretReferences,
  type SecretReference,
} from './secret-references.ts';
export { MetricUnit } from '@aws-lambda-powertools/metrics';
export { tableName, TableError, TABLES_ENV, type TableErrorCode } from './table-name.ts';

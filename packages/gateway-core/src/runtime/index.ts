/**
 * What every app function (and the authorizer) uses at runtime: the Powertools wrapper that
 * logs and measures each request, and the secrets helpers (SDK clients imported on first read).
 * Free of aws-cdk-lib and of the X-Ray SDK: tracing is opt-in through `runtime/tracing`.
 */
export { withFrontdesk } from './with-frontdesk.ts';
export { describeRequest } from './describe-request.ts';
/** @public App handlers import it (README, "Secrets"). */
export { getSecret, type GetSecretOptions } from './get-secret.ts';
export { getSecretVersions, type SecretVersions } from './get-secret-versions.ts';
/** @public What getSecret throws, for app handlers' `instanceof`. */
export { SecretError, type SecretErrorCode } from './secret-error.ts';
export { MetricUnit } from '@aws-lambda-powertools/metrics';
/** @public TableError is what tableName throws, for app handlers' `instanceof`. */
export { tableName, TableError, TABLES_ENV, type TableErrorCode } from './table-name.ts';

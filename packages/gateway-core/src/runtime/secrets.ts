/**
 * `@frontdesk/gateway-core/runtime/secrets`: the secrets helpers alone. Their SDK clients load on
 * the first read, never at cold start; `runtime` re-exports the same functions. App handlers import
 * it (README, "Secrets"); no package in this repository does, hence the knip tags.
 */
/** @public */
export { getSecret, type GetSecretOptions } from './get-secret.ts';
/** @public */
export { getSecretVersions, type GetSecretVersionsOptions, type SecretVersions } from './get-secret-versions.ts';
/** @public */
export { SecretError, type SecretErrorCode } from './secret-error.ts';

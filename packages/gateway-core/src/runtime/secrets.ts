/**
 * `@frontdesk/gateway-core/runtime/secrets`: the secrets helpers alone. Their SDK clients load on
 * the first read, never at cold start; `runtime` re-exports the same functions.
 */
export { getSecret, type GetSecretOptions } from './get-secret.ts';
export { getSecretVersions, type GetSecretVersionsOptions, type SecretVersions } from './get-secret-versions.ts';
export { SecretError, type SecretErrorCode } from './secret-error.ts';

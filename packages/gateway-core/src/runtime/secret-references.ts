import { SecretError } from './secret-error.ts';

/** Where one declared secret lives in AWS; AppApi writes these, never values. */
export interface SecretReference {
  readonly source: 'secretsmanager' | 'ssm';
  /** Secret ARN (Secrets Manager) or parameter name (SSM SecureString). */
  readonly id: string;
}

/**
 * The environment variable AppApi sets on an app's function: a JSON object from secret name to
 * {@link SecretReference}, e.g. `{"signing-key":{"source":"secretsmanager","id":"arn:aws:…"}}`.
 */
export const SECRETS_ENV = 'FRONTDESK_SECRETS';
/** Set by `pnpm dev`: the git-ignored JSON file of local secret values for this app. */
export const SECRETS_FILE_ENV = 'FRONTDESK_SECRETS_FILE';

export function encodeSecretReferences(references: Readonly<Record<string, SecretReference>>): string {
  return JSON.stringify(references);
}

export function decodeSecretReferences(value: string): Record<string, SecretReference> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new SecretError('ERR_SECRETS_NOT_CONFIGURED', `${SECRETS_ENV} is not JSON; it is set by AppApi from the manifest's secrets`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretError('ERR_SECRETS_NOT_CONFIGURED', `${SECRETS_ENV} must be a JSON object of secret name to reference`);
  }
  return parsed as Record<string, SecretReference>;
}

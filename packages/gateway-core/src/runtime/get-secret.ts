import { readFile } from 'node:fs/promises';
import { cached, secretsManagerValue, ssmParameterValue } from './aws-reads.ts';
import { SecretError } from './secret-error.ts';
import { SECRETS_ENV, SECRETS_FILE_ENV, decodeSecretReferences, type SecretReference } from './secret-references.ts';

export interface GetSecretOptions {
  /**
   * Seconds a value read from AWS stays cached in the function instance. Keep it below the
   * rotation grace period so a rotated secret is picked up in time.
   * @default 300
   */
  readonly maxAgeSeconds?: number;
}

const DEFAULT_MAX_AGE_SECONDS = 300;

/**
 * Reads one of the app's declared secrets as a string.
 *
 * - In AWS: the secret named in `app.config.ts` (`secrets`) is looked up in `FRONTDESK_SECRETS`
 *   (ARNs and parameter names set by AppApi) and read from Secrets Manager, or SSM SecureString
 *   decrypted, with an in-memory cache of `maxAgeSeconds`. The SDK client is imported on the first
 *   read, so apps that never read a secret never load it (`aws-reads.ts`).
 * - Under `pnpm dev`: read from the JSON file at `FRONTDESK_SECRETS_FILE`
 *   (`.frontdesk/secrets/<app>.json`, git-ignored), re-read on every call so edits apply at once.
 *   A value may be a string or a JSON object (returned as its JSON text, like a Secrets Manager
 *   JSON secret).
 *
 * @throws {SecretError} with a stable `code`, naming the secret and where to put it.
 * @example
 * const signingKey = await getSecret('files-signing-key');
 */
export async function getSecret(name: string, options: GetSecretOptions = {}): Promise<string> {
  const file = process.env[SECRETS_FILE_ENV];
  if (file) return readLocalSecret(name, file);

  const reference = declaredReference(name);
  const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  // An empty or missing value throws inside the read, so it is not cached: a value put a moment later is found.
  return cached(`${reference.source}:${reference.id}`, maxAge, async () => {
    const value = reference.source === 'ssm' ? await ssmParameterValue(reference.id) : await secretsManagerValue(reference.id);
    if (!value)
      throw new SecretError('ERR_SECRET_EMPTY', `secret "${name}" (${reference.source} ${reference.id}) has no value yet; put one in`);
    return value;
  });
}

/**
 * The reference (ARN or parameter name) AppApi passed for a declared secret.
 * @throws {SecretError} when the function has no secrets or this one is not declared.
 */
export function declaredReference(name: string): SecretReference {
  const encoded = process.env[SECRETS_ENV];
  if (!encoded) {
    throw new SecretError(
      'ERR_SECRETS_NOT_CONFIGURED',
      `secret "${name}" was requested, but this function has no secrets: declare it under "secrets" in app.config.ts (AppApi then sets ${SECRETS_ENV}), or run it under pnpm dev (${SECRETS_FILE_ENV})`,
    );
  }
  const references = decodeSecretReferences(encoded);
  const reference = Object.hasOwn(references, name) ? references[name] : undefined;
  if (!reference) {
    const declared = Object.keys(references).sort().join(', ') || 'none';
    throw new SecretError(
      'ERR_SECRET_NOT_DECLARED',
      `secret "${name}" is not declared for this app (declared: ${declared}); add it under "secrets" in app.config.ts`,
    );
  }
  return reference;
}

/** Reads a secret from the `pnpm dev` secrets file (re-read on every call). */
export async function readLocalSecret(name: string, file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new SecretError(
      'ERR_SECRETS_FILE_MISSING',
      `secret "${name}" is missing: the local secrets file ${file} does not exist; create it with {"${name}": "<value>"} (it is git-ignored)`,
    );
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new SecretError('ERR_SECRETS_FILE_INVALID', `the local secrets file ${file} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new SecretError('ERR_SECRETS_FILE_INVALID', `the local secrets file ${file} must hold a JSON object of secret name to value`);
  }
  const value = Object.hasOwn(values, name) ? (values as Record<string, unknown>)[name] : undefined;
  if (value === undefined || value === null || value === '') {
    throw new SecretError(
      'ERR_SECRET_MISSING',
      `secret "${name}" is missing from ${file}: add "${name}": "<value>" to it (the file is git-ignored)`,
    );
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

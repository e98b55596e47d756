import { cached, secretsManagerValue, ssmParameterValue } from './aws-reads.ts';
import { declaredReference, readLocalSecret } from './get-secret.ts';
import { SecretError } from './secret-error.ts';
import { SECRETS_FILE_ENV } from './secret-references.ts';

/** The values a verifier accepts while a secret rotates. */
export interface SecretVersions {
  /** The AWSCURRENT value: sign and issue with this one. */
  readonly current: string;
  /**
   * The AWSPREVIOUS value, while one exists: accept it when verifying, so what was signed just
   * before a rotation stays valid for its lifetime. Absent before the first rotation, for SSM
   * parameters and under `pnpm dev`.
   */
  readonly previous?: string;
}

export interface GetSecretVersionsOptions {
  /**
   * Seconds the pair stays cached in the function instance.
   * @default 300
   */
  readonly maxAgeSeconds?: number;
}

const DEFAULT_MAX_AGE_SECONDS = 300;

/**
 * Reads a declared secret's current and previous values, for verifiers of a rotated secret
 * (`rotation: { days }`): sign with `current`, accept `current` or `previous`. A rotation moves
 * AWSCURRENT to the new value and AWSPREVIOUS to the old one
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html), so a
 * token signed a moment before still verifies — as long as its lifetime is shorter than the
 * rotation interval, and a function's cached pair is at most `maxAgeSeconds` old. The SDK client
 * is imported on the first read (`aws-reads.ts`).
 *
 * @throws {SecretError} like `getSecret`.
 * @example
 * const keys = await getSecretVersions('files-signing-key');
 * const valid = [keys.current, keys.previous].some((key) => key !== undefined && verify(token, key));
 */
export async function getSecretVersions(name: string, options: GetSecretVersionsOptions = {}): Promise<SecretVersions> {
  const file = process.env[SECRETS_FILE_ENV];
  if (file) return { current: await readLocalSecret(name, file) };

  const reference = declaredReference(name);
  const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  if (reference.source === 'ssm') {
    // Parameter Store has no staging labels: a new version replaces the value (see the README).
    const value = await cached(`ssm:${reference.id}`, maxAge, async () => {
      const value = await ssmParameterValue(reference.id);
      if (!value) throw new SecretError('ERR_SECRET_EMPTY', `secret "${name}" (ssm ${reference.id}) has no value yet; put one in`);
      return value;
    });
    return { current: value };
  }

  // Empty throws inside the read, so it is not cached (see getSecret).
  return cached(`secretsmanager-versions:${reference.id}`, maxAge, async (): Promise<SecretVersions> => {
    const [current, previous] = await Promise.all([
      secretsManagerValue(reference.id, 'AWSCURRENT'),
      secretsManagerValue(reference.id, 'AWSPREVIOUS'),
    ]);
    if (!current)
      throw new SecretError('ERR_SECRET_EMPTY', `secret "${name}" (secretsmanager ${reference.id}) has no value yet; put one in`);
    return previous && previous !== current ? { current, previous } : { current };
  });
}

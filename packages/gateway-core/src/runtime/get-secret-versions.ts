import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
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
const cache = new Map<string, { expires: number; versions: SecretVersions }>();
let client: SecretsManagerClient | undefined;

/**
 * Reads a declared secret's current and previous values, for verifiers of a rotated secret
 * (`rotation: { days }`): sign with `current`, accept `current` or `previous`. A rotation moves
 * AWSCURRENT to the new value and AWSPREVIOUS to the old one
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html), so a
 * token signed a moment before still verifies — as long as its lifetime is shorter than the
 * rotation interval, and a function's cached pair is at most `maxAgeSeconds` old.
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
  if (reference.source === 'ssm') {
    // Parameter Store has no staging labels: a new version replaces the value (see the README).
    const value = await getParameter(reference.id, { decrypt: true, maxAge: options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS });
    if (typeof value !== 'string' || value === '')
      throw new SecretError('ERR_SECRET_EMPTY', `secret "${name}" (ssm ${reference.id}) has no value yet; put one in`);
    return { current: value };
  }

  const cached = cache.get(reference.id);
  if (cached && cached.expires > Date.now()) return cached.versions;
  client ??= new SecretsManagerClient({});
  const [current, previous] = await Promise.all([
    stageValue(client, reference.id, 'AWSCURRENT'),
    stageValue(client, reference.id, 'AWSPREVIOUS'),
  ]);
  if (!current) throw new SecretError('ERR_SECRET_EMPTY', `secret "${name}" (secretsmanager ${reference.id}) has no value yet; put one in`);
  const versions: SecretVersions = previous && previous !== current ? { current, previous } : { current };
  cache.set(reference.id, { expires: Date.now() + (options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000, versions });
  return versions;
}

async function stageValue(client: SecretsManagerClient, id: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
  try {
    const { SecretString, SecretBinary } = await client.send(new GetSecretValueCommand({ SecretId: id, VersionStage: stage }));
    return SecretString ?? (SecretBinary ? Buffer.from(SecretBinary).toString('utf8') : undefined);
  } catch (error) {
    // No AWSPREVIOUS before the first rotation; AWSCURRENT missing means no value was ever put.
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

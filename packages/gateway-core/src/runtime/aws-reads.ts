import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';

/**
 * Reads of Secrets Manager and SSM for the secrets helpers, each SDK client imported on first use.
 *
 * Why not at module top: the Lambda runtime ships `@aws-sdk/*` (external to every bundle), and a
 * static import of a client — even one inside a bundled library such as Powertools parameters —
 * is hoisted into the bundle's top-level imports, so every cold start would load the SSM and
 * Secrets Manager clients whether or not the app reads a secret. A dynamic `import()` of an
 * external package stays a dynamic import in the bundle.
 */

let secretsManager: Promise<{ sdk: typeof import('@aws-sdk/client-secrets-manager'); client: SecretsManagerClient }> | undefined;
let ssm: Promise<{ sdk: typeof import('@aws-sdk/client-ssm'); client: SSMClient }> | undefined;

const cache = new Map<string, { expires: number; value: Promise<unknown> }>();

/** `read()` once per `key` within `maxAgeSeconds`; a failed read is not cached. */
export function cached<T>(key: string, maxAgeSeconds: number, read: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.expires > Date.now()) return hit.value as Promise<T>;
  const value = read();
  cache.set(key, { expires: Date.now() + maxAgeSeconds * 1000, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}

/** GetSecretValue of one staging label; `undefined` when that label does not exist (ResourceNotFoundException). */
export async function secretsManagerValue(id: string, stage?: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
  secretsManager ??= import('@aws-sdk/client-secrets-manager').then((sdk) => ({ sdk, client: new sdk.SecretsManagerClient({}) }));
  const { sdk, client } = await secretsManager;
  try {
    const { SecretString, SecretBinary } = await client.send(
      new sdk.GetSecretValueCommand({ SecretId: id, ...(stage && { VersionStage: stage }) }),
    );
    return SecretString ?? (SecretBinary ? Buffer.from(SecretBinary).toString('utf8') : undefined);
  } catch (error) {
    // No AWSPREVIOUS before the first rotation; AWSCURRENT missing means no value was ever put.
    if (error instanceof sdk.ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** GetParameter with decryption (a SecureString's plaintext); `undefined` for an empty value. */
export async function ssmParameterValue(name: string): Promise<string | undefined> {
  ssm ??= import('@aws-sdk/client-ssm').then((sdk) => ({ sdk, client: new sdk.SSMClient({}) }));
  const { sdk, client } = await ssm;
  const { Parameter } = await client.send(new sdk.GetParameterCommand({ Name: name, WithDecryption: true }));
  return Parameter?.Value || undefined;
}

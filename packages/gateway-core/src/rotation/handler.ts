import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rotateGeneratedSecret } from './rotate-generated-secret.ts';

/**
 * The Lambda entry of the generic rotation function AppSecrets attaches to every secret declaring
 * `rotation: { days }`. One client per instance, reused across invocations.
 */
export const handler = rotateGeneratedSecret({ client: new SecretsManagerClient({}) });

import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
  type GetRandomPasswordCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { FrontdeskError } from '../contract/errors.ts';

/** The event Secrets Manager invokes a rotation function with, once per step. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
}

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
const STEPS: readonly string[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

export interface GeneratedSecretRotationOptions {
  readonly client: SecretsManagerClient;
  /**
   * How a new value is generated (GetRandomPassword parameters). The default, no parameters, is
   * Secrets Manager's default password — the same generation CDK's `Secret` uses for the first value.
   * @default {}
   */
  readonly generate?: GetRandomPasswordCommandInput;
}

type RotationErrorCode =
  | 'ERR_ROTATION_EVENT_INVALID'
  | 'ERR_ROTATION_NOT_ENABLED'
  | 'ERR_ROTATION_VERSION_NOT_PENDING'
  | 'ERR_ROTATION_NO_PASSWORD'
  | 'ERR_ROTATION_NO_PENDING_VALUE';

/** A failed precondition of the rotation contract; Secrets Manager records the failure on the secret. */
class RotationError extends FrontdeskError<RotationErrorCode> {
  override readonly name = 'RotationError';
}

/**
 * Rotates a generated secret (a signing key, an API key Frontdesk issues itself) following Secrets
 * Manager's four-step contract ("Lambda rotation functions" and "How rotation works",
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html):
 *
 * - createSecret: put a new random value as version `ClientRequestToken` with label AWSPENDING,
 *   unless that version already has a value (Secrets Manager retries steps, so every step is idempotent).
 * - setSecret / testSecret: a generated secret has no external service holding a copy, so there is
 *   nothing to update; both check that the pending value exists and is non-empty.
 * - finishSecret: move AWSCURRENT to the token's version (and drop its AWSPENDING label); Secrets
 *   Manager moves AWSPREVIOUS to the version that was current, which readers (`getSecretVersions`) keep accepting during rotation.
 *
 * Every step first checks, like AWS's rotation template, that rotation is enabled and the token
 * names a version staged AWSPENDING (or already AWSCURRENT: a finished rotation retried is a no-op).
 */
export function rotateGeneratedSecret(options: GeneratedSecretRotationOptions): (event: RotationEvent) => Promise<void> {
  const { client } = options;
  return async (event) => {
    const { SecretId: arn, ClientRequestToken: token, Step: step } = event ?? ({} as RotationEvent);
    if (typeof arn !== 'string' || typeof token !== 'string' || !arn || !token) {
      throw new RotationError('ERR_ROTATION_EVENT_INVALID', 'a rotation event has a SecretId and a ClientRequestToken');
    }
    if (!STEPS.includes(step))
      throw new RotationError('ERR_ROTATION_EVENT_INVALID', `unknown rotation step "${String(step)}" (expected ${STEPS.join(', ')})`);

    const metadata = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    if (!metadata.RotationEnabled) throw new RotationError('ERR_ROTATION_NOT_ENABLED', `secret ${arn} is not enabled for rotation`);
    const versions = metadata.VersionIdsToStages ?? {};
    const stages = versions[token];
    if (!stages)
      throw new RotationError('ERR_ROTATION_VERSION_NOT_PENDING', `secret version ${token} has no stage for rotation of secret ${arn}`);
    if (stages.includes('AWSCURRENT')) return; // Already finished: a retry after success changes nothing.
    if (!stages.includes('AWSPENDING'))
      throw new RotationError(
        'ERR_ROTATION_VERSION_NOT_PENDING',
        `secret version ${token} is not staged AWSPENDING for rotation of secret ${arn}`,
      );

    switch (step as RotationStep) {
      case 'createSecret':
        return createSecret(client, arn, token, options.generate ?? {});
      case 'setSecret':
      case 'testSecret':
        return checkPending(client, arn, token);
      case 'finishSecret':
        return finishSecret(client, arn, token, versions);
    }
  };
}

async function createSecret(
  client: SecretsManagerClient,
  arn: string,
  token: string,
  generate: GetRandomPasswordCommandInput,
): Promise<void> {
  // The current value must exist: rotating a secret that was never set would hide a broken deploy.
  await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSCURRENT' }));
  if (await pendingValue(client, arn, token)) return;
  const { RandomPassword } = await client.send(new GetRandomPasswordCommand(generate));
  if (!RandomPassword) throw new RotationError('ERR_ROTATION_NO_PASSWORD', 'GetRandomPassword returned no password');
  await client.send(
    new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: RandomPassword, VersionStages: ['AWSPENDING'] }),
  );
}

async function checkPending(client: SecretsManagerClient, arn: string, token: string): Promise<void> {
  if (!(await pendingValue(client, arn, token)))
    throw new RotationError(
      'ERR_ROTATION_NO_PENDING_VALUE',
      `secret version ${token} of ${arn} has no pending value: createSecret has not run`,
    );
}

async function finishSecret(client: SecretsManagerClient, arn: string, token: string, versions: Record<string, string[]>): Promise<void> {
  await checkPending(client, arn, token);
  const current = Object.entries(versions).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  await client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: arn,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: token,
      ...(current ? { RemoveFromVersionId: current } : {}),
    }),
  );
  // "How rotation works" says Secrets Manager removes AWSPENDING once the rotation succeeds; AWS's
  // samples for other secret types remove it themselves. Removing it here is correct under both
  // readings and leaves no stale AWSPENDING to fail the next rotation.
  await client.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSPENDING', RemoveFromVersionId: token }));
}

async function pendingValue(client: SecretsManagerClient, arn: string, token: string): Promise<string | undefined> {
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' }));
    return SecretString || undefined;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSecretsManager } from './fake-secrets-manager.ts';
import { rotateGeneratedSecret, type RotationStep } from './rotate-generated-secret.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:frontdesk/dev/orders/files-signing-key-AbCdEf';
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

describe('rotateGeneratedSecret against a Secrets Manager fake, through the real SDK client', () => {
  let fake: FakeSecretsManager;
  let rotate: ReturnType<typeof rotateGeneratedSecret>;

  beforeEach(async () => {
    fake = new FakeSecretsManager(ARN, 'initial-key', 'v1');
    const endpoint = await fake.listen();
    const client = new SecretsManagerClient({
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    rotate = rotateGeneratedSecret({ client, generate: { PasswordLength: 48, ExcludePunctuation: true } });
  });
  afterEach(() => fake.close());

  it('runs the four steps: a new random value becomes AWSCURRENT and the old one AWSPREVIOUS', async () => {
    fake.startRotation('token-2');
    for (const Step of STEPS) await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step });

    expect(fake.stages()).toEqual({ v1: ['AWSPREVIOUS'], 'token-2': ['AWSCURRENT'] });
    expect(fake.valueOf('AWSPREVIOUS')).toBe('initial-key');
    expect(fake.valueOf('AWSCURRENT')).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(fake.calls.find((call) => call.operation === 'GetRandomPassword')?.body).toEqual({
      PasswordLength: 48,
      ExcludePunctuation: true,
    });
    expect(fake.calls.find((call) => call.operation === 'PutSecretValue')?.body).toMatchObject({
      ClientRequestToken: 'token-2',
      VersionStages: ['AWSPENDING'],
    });
  });

  it('a second rotation drops the oldest value and keeps the one before as AWSPREVIOUS', async () => {
    for (const token of ['token-2', 'token-3']) {
      fake.startRotation(token);
      for (const Step of STEPS) await rotate({ SecretId: ARN, ClientRequestToken: token, Step });
    }
    expect(fake.stages()).toEqual({ 'token-2': ['AWSPREVIOUS'], 'token-3': ['AWSCURRENT'] });
  });

  it('is idempotent: every step retried gives the same end state and one pending value', async () => {
    fake.startRotation('token-2');
    for (const Step of STEPS) {
      await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step });
      await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step });
    }
    expect(fake.calls.filter((call) => call.operation === 'PutSecretValue')).toHaveLength(1);
    expect(fake.calls.filter((call) => call.operation === 'UpdateSecretVersionStage')).toHaveLength(2);
    expect(fake.stages()).toEqual({ v1: ['AWSPREVIOUS'], 'token-2': ['AWSCURRENT'] });
  });

  it('keeps the value createSecret put when createSecret is retried', async () => {
    fake.startRotation('token-2');
    await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step: 'createSecret' });
    const pending = fake.valueOf('AWSPENDING');
    await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step: 'createSecret' });
    expect(fake.valueOf('AWSPENDING')).toBe(pending);
  });

  it('refuses a token Secrets Manager did not stage, and a token that is not AWSPENDING', async () => {
    fake.startRotation('token-2');
    for (const Step of STEPS) {
      await expect(rotate({ SecretId: ARN, ClientRequestToken: 'forged', Step })).rejects.toThrow(
        'secret version forged has no stage for rotation',
      );
    }
    await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step: 'createSecret' });
    await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step: 'finishSecret' });
    // v1 is now AWSPREVIOUS: a rotation step with its id must not move AWSCURRENT back to it.
    await expect(rotate({ SecretId: ARN, ClientRequestToken: 'v1', Step: 'finishSecret' })).rejects.toThrow(
      'secret version v1 is not staged AWSPENDING',
    );
    expect(fake.valueOf('AWSPREVIOUS')).toBe('initial-key');
  });

  it('will not finish or test a rotation whose createSecret never ran', async () => {
    fake.startRotation('token-2');
    for (const Step of ['setSecret', 'testSecret', 'finishSecret'] as const) {
      await expect(rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step })).rejects.toThrow(
        'has no pending value: createSecret has not run',
      );
    }
    expect(fake.stages()).toEqual({ v1: ['AWSCURRENT'], 'token-2': ['AWSPENDING'] });
  });

  it('refuses a secret without rotation enabled, an unknown step and a malformed event', async () => {
    fake.startRotation('token-2');
    await expect(rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step: 'rotateEverything' })).rejects.toThrow(
      'unknown rotation step "rotateEverything"',
    );
    await expect(rotate({ SecretId: '', ClientRequestToken: 'token-2', Step: 'createSecret' })).rejects.toThrow(
      'a rotation event has a SecretId and a ClientRequestToken',
    );
    fake.rotationEnabled = false;
    await expect(rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step: 'createSecret' })).rejects.toThrow(
      'is not enabled for rotation',
    );
    expect(fake.calls.some((call) => call.operation === 'PutSecretValue')).toBe(false);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeSecretsManager } from '../rotation/fake-secrets-manager.ts';
import { rotateGeneratedSecret } from '../rotation/rotate-generated-secret.ts';
import { getSecretVersions } from './get-secret-versions.ts';
import { encodeSecretReferences } from './secret-references.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:frontdesk/dev/orders/files-signing-key-AbCdEf';

describe('getSecretVersions against a Secrets Manager fake, through the real SDK client', () => {
  const fake = new FakeSecretsManager(ARN, 'initial-key', 'v1');
  let rotate: ReturnType<typeof rotateGeneratedSecret>;

  beforeAll(async () => {
    const endpoint = await fake.listen();
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', endpoint);
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    vi.stubEnv('FRONTDESK_SECRETS_FILE', '');
    vi.stubEnv('FRONTDESK_SECRETS', encodeSecretReferences({ 'files-signing-key': { source: 'secretsmanager', id: ARN } }));
    const client = new SecretsManagerClient({
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    rotate = rotateGeneratedSecret({ client });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake.close();
  });

  it('has only a current value before the first rotation', async () => {
    await expect(getSecretVersions('files-signing-key', { maxAgeSeconds: 0 })).resolves.toEqual({ current: 'initial-key' });
    const reads = fake.calls.filter((call) => call.operation === 'GetSecretValue').map((call) => call.body.VersionStage);
    expect(reads.sort()).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
  });

  it('returns the new value as current and the old one as previous once a rotation finished', async () => {
    fake.startRotation('token-2');
    await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step: 'createSecret' });
    // Mid-rotation, readers still see the old value only: AWSPENDING is not served.
    await expect(getSecretVersions('files-signing-key', { maxAgeSeconds: 0 })).resolves.toEqual({ current: 'initial-key' });
    for (const Step of ['setSecret', 'testSecret', 'finishSecret']) await rotate({ SecretId: ARN, ClientRequestToken: 'token-2', Step });

    const versions = await getSecretVersions('files-signing-key', { maxAgeSeconds: 0 });
    expect(versions).toEqual({ current: fake.valueOf('AWSCURRENT'), previous: 'initial-key' });
    expect(versions.current).not.toBe('initial-key');
  });

  it('serves the pair from its cache within maxAgeSeconds', async () => {
    await getSecretVersions('files-signing-key', { maxAgeSeconds: 600 });
    const before = fake.calls.length;
    await getSecretVersions('files-signing-key', { maxAgeSeconds: 600 });
    expect(fake.calls.length).toBe(before);
  });

  it('refuses a secret the manifest does not declare', async () => {
    await expect(getSecretVersions('users-key')).rejects.toMatchObject({ code: 'ERR_SECRET_NOT_DECLARED' });
  });
});

describe('getSecretVersions under pnpm dev', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdesk-secret-versions-'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the local file’s value as current, with no previous', async () => {
    const file = join(dir, 'orders.json');
    await writeFile(file, JSON.stringify({ 'files-signing-key': 'local-key' }));
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);
    await expect(getSecretVersions('files-signing-key')).resolves.toEqual({ current: 'local-key' });
    await expect(getSecretVersions('other')).rejects.toMatchObject({ code: 'ERR_SECRET_MISSING' });
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getSecret } from './get-secret.ts';
import { encodeSecretReferences } from './secret-references.ts';

describe('getSecret under pnpm dev (FRONTDESK_SECRETS_FILE)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdesk-secrets-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it('reads a string value, and a JSON object as its JSON text', async () => {
    const file = join(dir, 'orders.json');
    await writeFile(file, JSON.stringify({ 'files-signing-key': 's3cr3t', database: { user: 'app', password: 'pw' } }));
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);

    await expect(getSecret('files-signing-key')).resolves.toBe('s3cr3t');
    expect(JSON.parse(await getSecret('database'))).toEqual({ user: 'app', password: 'pw' });
  });

  it('picks up an edited file without a restart', async () => {
    const file = join(dir, 'edited.json');
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);
    await writeFile(file, JSON.stringify({ key: 'one' }));
    await expect(getSecret('key')).resolves.toBe('one');
    await writeFile(file, JSON.stringify({ key: 'two' }));
    await expect(getSecret('key')).resolves.toBe('two');
  });

  it('names the missing secret and the file to put it in', async () => {
    const file = join(dir, 'users.json');
    await writeFile(file, JSON.stringify({ other: 'x' }));
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);

    await expect(getSecret('files-signing-key')).rejects.toMatchObject({
      code: 'ERR_SECRET_MISSING',
      message: `secret "files-signing-key" is missing from ${file}: add "files-signing-key": "<value>" to it (the file is git-ignored)`,
    });
  });

  it('says to create the file when it does not exist', async () => {
    const file = join(dir, 'absent.json');
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);

    await expect(getSecret('api-key')).rejects.toMatchObject({
      code: 'ERR_SECRETS_FILE_MISSING',
      message: expect.stringContaining(`${file} does not exist; create it with {"api-key": "<value>"}`),
    });
  });

  it('rejects a file that is not a JSON object', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"api-key": ');
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);
    await expect(getSecret('api-key')).rejects.toMatchObject({ code: 'ERR_SECRETS_FILE_INVALID' });

    await writeFile(file, '["api-key"]');
    await expect(getSecret('api-key')).rejects.toMatchObject({ code: 'ERR_SECRETS_FILE_INVALID' });
  });
});

/**
 * A Secrets Manager + SSM endpoint speaking the AWS JSON protocol, so the real Powertools
 * providers and SDK clients run end to end (endpoints from AWS_ENDPOINT_URL_*).
 */
describe('getSecret in AWS (FRONTDESK_SECRETS)', () => {
  const calls: { target: string; body: Record<string, unknown> }[] = [];
  let server: Server;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target']);
        const body = JSON.parse(text) as Record<string, unknown>;
        calls.push({ target, body });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        if (
          target === 'secretsmanager.GetSecretValue' &&
          body.SecretId === 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-key'
        ) {
          response.end(JSON.stringify({ ARN: body.SecretId, Name: 'orders-key', SecretString: 'from-secrets-manager', VersionId: 'v1' }));
        } else if (target === 'AmazonSSM.GetParameter' && body.Name === '/frontdesk/dev/orders/db-password') {
          const value = body.WithDecryption ? 'decrypted-password' : 'AQICAH-ciphertext';
          response.end(JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1 } }));
        } else {
          response.statusCode = 400;
          response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', endpoint);
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    vi.stubEnv('FRONTDESK_SECRETS_FILE', '');
    vi.stubEnv(
      'FRONTDESK_SECRETS',
      encodeSecretReferences({
        'orders-key': { source: 'secretsmanager', id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-key' },
        'db-password': { source: 'ssm', id: '/frontdesk/dev/orders/db-password' },
      }),
    );
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads a Secrets Manager secret by the ARN AppApi passed, and caches it', async () => {
    await expect(getSecret('orders-key')).resolves.toBe('from-secrets-manager');
    await expect(getSecret('orders-key')).resolves.toBe('from-secrets-manager');
    expect(calls.filter((call) => call.target === 'secretsmanager.GetSecretValue')).toHaveLength(1);
  });

  it('reads an SSM SecureString decrypted', async () => {
    await expect(getSecret('db-password')).resolves.toBe('decrypted-password');
    expect(calls.find((call) => call.target === 'AmazonSSM.GetParameter')?.body).toMatchObject({ WithDecryption: true });
  });

  it('refuses a secret the manifest does not declare, listing those it does', async () => {
    await expect(getSecret('users-key')).rejects.toMatchObject({
      code: 'ERR_SECRET_NOT_DECLARED',
      message:
        'secret "users-key" is not declared for this app (declared: db-password, orders-key); add it under "secrets" in app.config.ts',
    });
  });

  it('explains a function without secrets', async () => {
    vi.stubEnv('FRONTDESK_SECRETS', '');
    await expect(getSecret('orders-key')).rejects.toMatchObject({ code: 'ERR_SECRETS_NOT_CONFIGURED' });
  });
});

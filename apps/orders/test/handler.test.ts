import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import dynalite from 'dynalite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyDownloadLink } from '../src/download-link.ts';
import { handler } from '../src/handler.ts';

const context = { awsRequestId: 'req-1', functionName: 'frontdesk-dev-orders' } as Context;

function event(routeKey: string, rawPath: string, extra: Record<string, unknown> = {}) {
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'orders',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: routeKey.split(' ')[0]!, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'api-req-1',
      routeKey,
      stage: '$default',
      time: '28/Nov/2026:15:00:00 +0000',
      timeEpoch: 0,
      authorizer: { lambda: { sub: 'alice', scopes: 'orders:read orders:write' } },
    },
    ...extra,
  } as never;
}

// The handler's unchanged SDK client talks to a real DynamoDB implementation (dynalite, in memory),
// reached the way pnpm dev reaches it: AWS_ENDPOINT_URL_DYNAMODB, FRONTDESK_TABLES, local credentials.
const database = dynalite({ createTableMs: 0 });
const TABLE = 'frontdesk-test-orders-orders';

function useLocalTable(endpoint: string): void {
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
  vi.stubEnv('FRONTDESK_TABLES', JSON.stringify({ orders: TABLE }));
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_REGION', 'us-east-1');
}

describe('orders handler', () => {
  let dir: string;
  let endpoint: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orders-secrets-'));
    await new Promise<void>((resolve) => database.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(database.address() as AddressInfo).port}`;
    const admin = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await admin.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [
          { AttributeName: 'owner', KeyType: 'HASH' },
          { AttributeName: 'id', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'owner', AttributeType: 'S' },
          { AttributeName: 'id', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    admin.destroy();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => {
      database.close(() => resolve());
      database.closeAllConnections();
    });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('signs a download link with the files-signing-key secret from the local secrets file', async () => {
    const file = join(dir, 'orders.json');
    await writeFile(file, JSON.stringify({ 'files-signing-key': 'local-key' }));
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);

    const response = (await handler(
      event('GET /files/{proxy+}', '/files/2026/invoice.pdf', { pathParameters: { proxy: '2026/invoice.pdf' } }),
      context,
    )) as {
      statusCode: number;
      body: string;
    };

    expect(response.statusCode).toBe(200);
    const { download } = JSON.parse(response.body) as { download: { path: string; expires: number; signature: string } };
    expect(
      verifyDownloadLink('2026/invoice.pdf', 'alice', download.expires, download.signature, { current: 'local-key' }, new Date()),
    ).toBe(true);
    expect(
      verifyDownloadLink('2026/invoice.pdf', 'mallory', download.expires, download.signature, { current: 'local-key' }, new Date()),
    ).toBe(false);
  });

  it('fails the request with an error naming the missing secret and the file', async () => {
    const file = join(dir, 'empty.json');
    await writeFile(file, '{}');
    vi.stubEnv('FRONTDESK_SECRETS_FILE', file);
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);

    await expect(handler(event('GET /files/{proxy+}', '/files/x', { pathParameters: { proxy: 'x' } }), context)).rejects.toMatchObject({
      code: 'ERR_SECRET_MISSING',
      message: expect.stringContaining(`secret "files-signing-key" is missing from ${file}`),
    });
  });

  it('logs a placed order with the request’s correlation keys', async () => {
    useLocalTable(endpoint);
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });

    const response = (await handler(event('POST /', '/', { body: JSON.stringify({ item: 'book', quantity: 2 }) }), context)) as {
      statusCode: number;
    };

    expect(response.statusCode).toBe(201);
    const placed = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.message === 'order placed');
    expect(placed).toMatchObject({
      app: 'orders',
      route: 'POST /',
      sub: 'alice',
      requestId: 'req-1',
      apiRequestId: 'api-req-1',
      quantity: 2,
    });
  });

  it('stores an order in its table and reads it back for its owner only', async () => {
    useLocalTable(endpoint);
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    const placed = (await handler(event('POST /', '/', { body: JSON.stringify({ item: 'lamp', quantity: 1 }) }), context)) as {
      statusCode: number;
      body: string;
    };
    const order = JSON.parse(placed.body) as { id: string };

    const read = (await handler(event('GET /{orderId}', `/${order.id}`, { pathParameters: { orderId: order.id } }), context)) as {
      statusCode: number;
      body: string;
    };
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ id: order.id, owner: 'alice', item: 'lamp', quantity: 1, currency: 'EUR' });
    const listed = (await handler(event('GET /', '/'), context)) as { body: string };
    expect((JSON.parse(listed.body) as { orders: { id: string }[] }).orders.map((o) => o.id)).toContain(order.id);

    const other = event('GET /{orderId}', `/${order.id}`, { pathParameters: { orderId: order.id } }) as {
      requestContext: { authorizer: { lambda: { sub: string } } };
    };
    other.requestContext.authorizer.lambda.sub = 'mallory';
    const foreign = (await handler(other as never, context)) as { statusCode: number };
    expect(foreign.statusCode).toBe(404);
  });

  it('fails with an error naming the undeclared table when FRONTDESK_TABLES is missing', async () => {
    vi.stubEnv('FRONTDESK_TABLES', '');
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    await expect(handler(event('GET /', '/'), context)).rejects.toMatchObject({ code: 'ERR_TABLES_NOT_CONFIGURED' });
  });
});

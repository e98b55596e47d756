import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbReplayStore } from './dynamodb-replay-store.ts';
import { InMemoryReplayStore } from './in-memory-replay-store.ts';

describe('InMemoryReplayStore', () => {
  it('accepts a key once, then reports replays until it expires', async () => {
    let now = 1_000_000;
    const store = new InMemoryReplayStore({ now: () => now });
    expect(await store.putIfAbsent('a', 1300)).toBe(true);
    expect(await store.putIfAbsent('a', 1300)).toBe(false);
    now = 1_300_001;
    expect(await store.putIfAbsent('a', 1600)).toBe(true);
  });

  it('makes room by dropping expired keys', async () => {
    let now = 0;
    const store = new InMemoryReplayStore({ maxEntries: 3, now: () => now });
    for (const key of ['a', 'b', 'c']) expect(await store.putIfAbsent(key, 10)).toBe(true);
    now = 11_000;
    expect(await store.putIfAbsent('d', 20)).toBe(true);
    expect(store.size).toBe(1);
  });

  it('refuses new keys when full of live ones rather than forgetting one (fail closed)', async () => {
    const store = new InMemoryReplayStore({ maxEntries: 2, now: () => 0 });
    await store.putIfAbsent('a', 100);
    await store.putIfAbsent('b', 100);
    await expect(store.putIfAbsent('c', 100)).rejects.toThrow(/full/);
    expect(await store.putIfAbsent('a', 100)).toBe(false);
  });

  it('rejects a nonsensical bound', () => {
    expect(() => new InMemoryReplayStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});

/**
 * A local endpoint speaking the DynamoDB JSON protocol (PutItem with `attribute_not_exists(pk)`),
 * so the real `@aws-sdk/client-dynamodb` is exercised over HTTP.
 */
class FakeDynamoDb {
  readonly items = new Map<string, Record<string, { S?: string; N?: string }>>();
  readonly requests: { target: string | undefined; body: Record<string, any> }[] = [];
  failNext = false;
  /** When set, requests are held open and never answered. */
  hang = false;
  readonly #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        if (this.hang) return;
        const body = JSON.parse(text);
        const target = request.headers['x-amz-target'] as string | undefined;
        this.requests.push({ target, body });
        const reply = (status: number, payload: unknown) => {
          response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(payload));
        };
        if (this.failNext) {
          this.failNext = false;
          return reply(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'boom' });
        }
        if (target !== 'DynamoDB_20120810.PutItem') return reply(400, { __type: 'com.amazon.coral.service#UnknownOperationException' });
        const key = body.Item.pk.S as string;
        if (body.ConditionExpression === 'attribute_not_exists(pk)' && this.items.has(key)) {
          return reply(400, {
            __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
            message: 'The conditional request failed',
          });
        }
        this.items.set(key, body.Item);
        reply(200, {});
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

describe('DynamoDbReplayStore (real SDK client against a local DynamoDB endpoint)', () => {
  const dynamo = new FakeDynamoDb();
  let store: DynamoDbReplayStore;

  beforeAll(async () => {
    await dynamo.start();
    const client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
    store = new DynamoDbReplayStore({ tableName: 'frontdesk-dev-dpop-replay', client });
  });
  afterAll(() => dynamo.stop());

  it('writes the key with a conditional put and the expiresAt TTL attribute', async () => {
    expect(await store.putIfAbsent('hash-1', 1795878300.2)).toBe(true);
    expect(dynamo.requests.at(-1)?.body).toEqual({
      TableName: 'frontdesk-dev-dpop-replay',
      Item: { pk: { S: 'hash-1' }, expiresAt: { N: '1795878301' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('reports a replay when the condition fails', async () => {
    expect(await store.putIfAbsent('hash-2', 1795878300)).toBe(true);
    expect(await store.putIfAbsent('hash-2', 1795878300)).toBe(false);
  });

  it('throws when DynamoDB fails for another reason (the authorizer then denies)', async () => {
    dynamo.failNext = true;
    await expect(store.putIfAbsent('hash-3', 1795878300)).rejects.toThrow();
  });

  it('gives up on a table that never answers within its budget (a denial, not a Lambda timeout)', async () => {
    const client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
    const bounded = new DynamoDbReplayStore({ tableName: 'frontdesk-dev-dpop-replay', client, timeoutMs: 100 });
    dynamo.hang = true;
    try {
      await expect(bounded.putIfAbsent('hash-4', 1795878300)).rejects.toThrow();
    } finally {
      dynamo.hang = false;
    }
  });
});

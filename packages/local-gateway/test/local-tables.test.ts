import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../src/dev-server.ts';
import { dynamoDbDataDir } from '../src/resources/local-resources.ts';
import { exampleWorkspace } from './helpers/example-workspace.ts';

// The repository's own orders app, its table served by the local DynamoDB pnpm dev starts.
// A stand-in authorizer lets every request in as "alice": the subject here is storage, not auth.
let root: string;
beforeAll(() => {
  root = exampleWorkspace(['orders', 'users']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function start(env: Record<string, string> = {}): Promise<DevServer> {
  return startDevServer({
    root,
    port: 0,
    lambdaPort: 0,
    env: { STAGE: 'dev', ...env },
    watch: false,
    console: false,
    authorize: async () => ({ isAuthorized: true, context: { sub: 'alice', scopes: 'orders:read orders:write' } }),
    onEvent: () => undefined,
    logSink: { write: () => undefined, pretty: false },
  });
}

const auth = { authorization: 'Bearer stand-in' };

async function placeOrder(server: DevServer, item: string): Promise<{ id: string }> {
  const response = await fetch(`${server.url}/orders`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ item, quantity: 2 }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

const getOrder = (server: DevServer, id: string) => fetch(`${server.url}/orders/${id}`, { headers: auth });

describe('pnpm dev serves declared DynamoDB tables from a local DynamoDB (dynalite)', () => {
  let placed: { id: string };

  it('creates the table as the stack names it for the stage, with the manifest key schema', async () => {
    const server = await start();
    try {
      // Tables are made when an app loads: the server is up means the table exists.
      const endpoint = await server.resources.endpoint();
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'frontdesk-dev-orders-orders' }));
      client.destroy();
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'id', KeyType: 'RANGE' },
      ]);
      expect(existsSync(dynamoDbDataDir(root))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('POSTs an order over HTTP and GETs it back from the table', async () => {
    const server = await start();
    try {
      placed = await placeOrder(server, 'book');
      const response = await getOrder(server, placed.id);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: placed.id, owner: 'alice', item: 'book', quantity: 2 });
      const list = (await (await fetch(`${server.url}/orders`, { headers: auth })).json()) as { orders: { id: string }[] };
      expect(list.orders.map((order) => order.id)).toContain(placed.id);
    } finally {
      await server.close();
    }
  });

  it('keeps the order across a restart on the same data folder (a new worker, a new server)', async () => {
    const server = await start();
    try {
      expect(await (await getOrder(server, placed.id)).json()).toMatchObject({ id: placed.id, item: 'book' });
    } finally {
      await server.close();
    }
  });

  it('FRONTDESK_RESET_DATA=1 starts from empty tables', async () => {
    const server = await start({ FRONTDESK_RESET_DATA: '1' });
    try {
      expect((await getOrder(server, placed.id)).status).toBe(404);
      const list = (await (await fetch(`${server.url}/orders`, { headers: auth })).json()) as { orders: unknown[] };
      expect(list.orders).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a second pnpm dev on the same workspace keeps its tables in memory, leaving the first one's data alone", async () => {
    const first = await start();
    const firstOrder = await placeOrder(first, 'lamp');
    const infos: string[] = [];
    // LevelDB allows one process per folder: dynalite would crash the second server with "Database is closed".
    const second = await startDevServer({
      root,
      port: 0,
      lambdaPort: 0,
      env: { STAGE: 'dev', FRONTDESK_RESET_DATA: '1' },
      watch: false,
      console: false,
      authorize: async () => ({ isAuthorized: true, context: { sub: 'alice', scopes: 'orders:read orders:write' } }),
      onEvent: (event) => void (event.level === 'info' && infos.push(event.message)),
      logSink: { write: () => undefined, pretty: false },
    });
    try {
      expect((await getOrder(second, firstOrder.id)).status).toBe(404); // its own, empty, in-memory table
      const secondOrder = await placeOrder(second, 'desk');
      expect((await getOrder(second, secondOrder.id)).status).toBe(200);
      expect(infos.join('\n')).toMatch(/in use by another process.*in memory/s);
      expect(infos.join('\n')).toContain('FRONTDESK_RESET_DATA ignored');
      expect((await getOrder(first, firstOrder.id)).status).toBe(200); // reset did not touch the first's data
    } finally {
      await second.close();
      await first.close();
    }
    const again = await start();
    try {
      expect((await getOrder(again, firstOrder.id)).status).toBe(200); // and it outlives both
    } finally {
      await again.close();
    }
  });

  it('stops the local DynamoDB when the dev server closes', async () => {
    const server = await start();
    const endpoint = await server.resources.endpoint();
    expect((await fetch(`${endpoint}/`)).status).toBeGreaterThan(0); // dynalite answers
    await server.close();
    await expect(fetch(`${endpoint}/`)).rejects.toThrow(); // nothing listens any more
  });

  it('rejects a FRONTDESK_DYNAMODB_PORT or FRONTDESK_RESET_DATA that means nothing, naming it', async () => {
    await expect(start({ FRONTDESK_DYNAMODB_PORT: 'abc' })).rejects.toThrow('FRONTDESK_DYNAMODB_PORT="abc" is not a port number');
    await expect(start({ FRONTDESK_RESET_DATA: 'yes please' })).rejects.toThrow(
      'FRONTDESK_RESET_DATA="yes please" is not 1/true or 0/false',
    );
  });
});

describe('a workspace without tables runs no local DynamoDB', () => {
  it('starts none for users alone', async () => {
    const usersOnly = exampleWorkspace(['users']);
    const server = await startDevServer({
      root: usersOnly,
      port: 0,
      lambdaPort: 0,
      env: { STAGE: 'dev' },
      watch: false,
      console: false,
      onEvent: () => undefined,
      logSink: { write: () => undefined, pretty: false },
    });
    try {
      expect(await server.resources.endpoint()).toBeUndefined();
      expect(existsSync(join(usersOnly, '.frontdesk', 'dynamodb'))).toBe(false);
    } finally {
      await server.close();
      rmSync(usersOnly, { recursive: true, force: true });
    }
  });
});

import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { tableName } from '@frontdesk/gateway-core/runtime';
import type manifest from '../app.config.ts';

export interface Order {
  readonly id: string;
  readonly owner: string;
  readonly item: string;
  readonly quantity: number;
  readonly currency: string;
  readonly createdAt: string;
}

export type NewOrder = Pick<Order, 'item' | 'quantity'>;

// One client per execution environment, made on first use. The same code runs in AWS and under
// `pnpm dev`: there the environment (AWS_ENDPOINT_URL_DYNAMODB, local credentials) sends it to the
// local DynamoDB, and FRONTDESK_TABLES names the table in both places.
let client: DynamoDBClient | undefined;
const dynamodb = () => (client ??= new DynamoDBClient({}));
const table = () => tableName<typeof manifest>('orders');

/** The caller's orders: one Query on their partition (`owner`), oldest id first. */
export async function listOrders(owner: string): Promise<Order[]> {
  const orders: Order[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': { S: owner } },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) orders.push(fromItem(item));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return orders;
}

/** One of the caller's orders; another owner's id finds nothing (the key includes the owner). */
export async function findOrder(owner: string, id: string): Promise<Order | undefined> {
  if (id === '') return undefined;
  const { Item } = await dynamodb().send(
    new GetItemCommand({ TableName: table(), Key: { owner: { S: owner }, id: { S: id } }, ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export async function createOrder(owner: string, input: NewOrder, currency: string): Promise<Order> {
  const order: Order = { id: randomUUID(), owner, ...input, currency, createdAt: new Date().toISOString() };
  await dynamodb().send(
    new PutItemCommand({
      TableName: table(),
      Item: toItem(order),
      // A fresh UUID never collides; should it, the existing order is kept rather than overwritten.
      ConditionExpression: 'attribute_not_exists(id)',
    }),
  );
  return order;
}

function toItem(order: Order): Record<string, AttributeValue> {
  return {
    owner: { S: order.owner },
    id: { S: order.id },
    item: { S: order.item },
    quantity: { N: String(order.quantity) },
    currency: { S: order.currency },
    createdAt: { S: order.createdAt },
  };
}

function fromItem(item: Record<string, AttributeValue>): Order {
  return {
    id: item.id?.S ?? '',
    owner: item.owner?.S ?? '',
    item: item.item?.S ?? '',
    quantity: Number(item.quantity?.N ?? '0'),
    currency: item.currency?.S ?? '',
    createdAt: item.createdAt?.S ?? '',
  };
}

/** Validates a request body as a new order, with a message a client can act on. */
export function parseNewOrder(body: string | undefined): { ok: true; value: NewOrder } | { ok: false; error: string } {
  if (!body) return { ok: false, error: 'Send a JSON body: {"item": string, "quantity": positive integer}' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: 'The body is not valid JSON' };
  }
  const { item, quantity } = (value ?? {}) as Record<string, unknown>;
  if (typeof item !== 'string' || item.trim() === '') return { ok: false, error: '"item" must be a non-empty string' };
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
    return { ok: false, error: '"quantity" must be a positive integer' };
  }
  return { ok: true, value: { item, quantity } };
}

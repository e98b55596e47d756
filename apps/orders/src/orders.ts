import { randomUUID } from 'node:crypto';

export interface Order {
  readonly id: string;
  readonly owner: string;
  readonly item: string;
  readonly quantity: number;
  readonly currency: string;
  readonly createdAt: string;
}

export type NewOrder = Pick<Order, 'item' | 'quantity'>;

// An example app keeps orders in memory (per function instance); a real one would use DynamoDB.
const orders = new Map<string, Order>();

export function listOrders(owner: string): Order[] {
  return [...orders.values()].filter((order) => order.owner === owner);
}

export function findOrder(owner: string, id: string): Order | undefined {
  const order = orders.get(id);
  return order?.owner === owner ? order : undefined;
}

export function createOrder(owner: string, input: NewOrder, currency: string): Order {
  const order: Order = { id: randomUUID(), owner, ...input, currency, createdAt: new Date().toISOString() };
  orders.set(order.id, order);
  return order;
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

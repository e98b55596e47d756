import { MetricUnit, getSecretVersions, withFrontdesk } from '@frontdesk/gateway-core/runtime';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { signDownloadLink } from './download-link.ts';
import { createOrder, findOrder, listOrders, parseNewOrder } from './orders.ts';

/** What the Frontdesk authorizer puts under `requestContext.authorizer.lambda`. */
interface Caller {
  readonly sub: string;
  readonly scopes?: string;
  readonly [key: string]: unknown;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * One function serves every route of the app; API Gateway tells us which one in `routeKey`.
 * `withFrontdesk` logs, measures and traces every request; every route here is protected, so the
 * authorizer's caller is always present.
 */
export const handler = withFrontdesk<Caller>({ app: 'orders' }, async (event, { caller, logger, metrics }) => {
  const owner = caller?.sub ?? '';
  switch (event.routeKey) {
    case 'GET /':
      return json(200, { orders: await listOrders(owner) });
    case 'GET /{orderId}': {
      const order = await findOrder(owner, event.pathParameters?.orderId ?? '');
      return order ? json(200, order) : json(404, { message: 'Order not found' });
    }
    case 'POST /': {
      const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const parsed = parseNewOrder(body);
      if (!parsed.ok) return json(400, { message: parsed.error });
      const order = await createOrder(owner, parsed.value, process.env.ORDERS_CURRENCY ?? 'EUR');
      metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1);
      logger.info('order placed', { orderId: order.id, quantity: order.quantity });
      return json(201, order);
    }
    case 'GET /files/{proxy+}': {
      const file = event.pathParameters?.proxy ?? '';
      const { current } = await getSecretVersions('files-signing-key');
      const link = signDownloadLink(file, owner, current, new Date());
      return json(200, { file, owner, download: link });
    }
    default:
      return json(404, { message: 'Not Found' });
  }
});

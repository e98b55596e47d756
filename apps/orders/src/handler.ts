import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createOrder, findOrder, listOrders, parseNewOrder } from './orders.ts';

/** What the Frontdesk authorizer puts under `requestContext.authorizer.lambda`. */
interface Caller {
  sub: string;
  scopes: string[];
}

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<Caller>;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** One function serves every route of the app; API Gateway tells us which one in `routeKey`. */
export const handler = async (event: Event): Promise<APIGatewayProxyStructuredResultV2> => {
  const caller = event.requestContext.authorizer.lambda;
  switch (event.routeKey) {
    case 'GET /':
      return json(200, { orders: listOrders(caller.sub) });
    case 'GET /{orderId}': {
      const order = findOrder(caller.sub, event.pathParameters?.orderId ?? '');
      return order ? json(200, order) : json(404, { message: 'Order not found' });
    }
    case 'POST /': {
      const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const parsed = parseNewOrder(body);
      if (!parsed.ok) return json(400, { message: parsed.error });
      return json(201, createOrder(caller.sub, parsed.value, process.env.ORDERS_CURRENCY ?? 'EUR'));
    }
    case 'GET /files/{proxy+}':
      return json(200, { file: event.pathParameters?.proxy, owner: caller.sub });
    default:
      return json(404, { message: 'Not Found' });
  }
};

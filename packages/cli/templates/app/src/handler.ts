import { withFrontdesk } from '@frontdesk/gateway-core/runtime';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * One function serves every route of the app; API Gateway names the matched route in `routeKey`.
 * `withFrontdesk` logs, measures and traces every request, public ones included.
 */
export const handler = withFrontdesk({ app: 'template-app' }, async (event, { caller }) => {
  switch (event.routeKey) {
    case 'GET /hello':
      // `caller` is what the shared authorizer verified; public routes have none.
      return json(200, { message: `Hello, ${caller?.sub ?? 'caller'}` });
    case 'GET /health':
      return json(200, { status: 'ok' });
    default:
      return json(404, { message: 'Not Found' });
  }
});

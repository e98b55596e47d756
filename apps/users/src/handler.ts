import { describeRequest, withFrontdesk } from '@frontdesk/gateway-core/runtime';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** `withFrontdesk` logs, measures and traces every request, public ones included. */
export const handler = withFrontdesk({ app: 'users' }, async (event, { caller }) => {
  switch (event.routeKey) {
    case 'GET /me':
      // The authorizer's context, exactly as API Gateway hands it over.
      return json(200, caller ?? {});
    case 'GET /me/request':
      // The whole payload 2.0 event minus credentials and body: pnpm verify's view of the contract.
      return json(200, describeRequest(event));
    case 'GET /health':
      return json(200, { status: 'ok' });
    default:
      return json(404, { message: 'Not Found' });
  }
});

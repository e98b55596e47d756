import { withFrontdesk } from '@frontdesk/gateway-core/runtime';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * One function serves every route of the app; API Gateway names the matched route in `routeKey`.
 * Generated from an OpenAPI document: each operation answers 501 until you implement it.
 */
export const handler = withFrontdesk({ app: 'template-app' }, async (event) => {
  switch (event.routeKey) {
    case 'GET /pets': // listPets
    case 'POST /pets': // createPet
    case 'GET /pets/{petId}': // getPet
    case 'PUT /pets/{petId}': // replacePet
    case 'DELETE /pets/{petId}': // deletePet
    case 'GET /health': // health
      return json(501, { message: 'Not Implemented', route: event.routeKey });
    default:
      return json(404, { message: 'Not Found' });
  }
});

import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What the Frontdesk authorizer puts under `requestContext.authorizer.lambda` (absent on public routes). */
interface Caller {
  sub?: string;
}

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<Caller | undefined>;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** One function serves every route of the app; API Gateway names the matched route in `routeKey`. */
export const handler = async (event: Event): Promise<APIGatewayProxyStructuredResultV2> => {
  switch (event.routeKey) {
    case 'GET /hello':
      return json(200, { message: `Hello, ${event.requestContext.authorizer?.lambda?.sub ?? 'caller'}` });
    case 'GET /health':
      return json(200, { status: 'ok' });
    default:
      return json(404, { message: 'Not Found' });
  }
};

import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, unknown> | undefined>;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event: Event): Promise<APIGatewayProxyStructuredResultV2> => {
  switch (event.routeKey) {
    case 'GET /me':
      // The authorizer's context, exactly as API Gateway hands it over.
      return json(200, event.requestContext.authorizer?.lambda ?? {});
    case 'GET /health':
      return json(200, { status: 'ok' });
    default:
      return json(404, { message: 'Not Found' });
  }
};

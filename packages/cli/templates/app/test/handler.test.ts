import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import manifest from '../app.config.ts';
import { handler } from '../src/handler.ts';

/** The parts of an API Gateway HTTP API (payload 2.0) event the handler reads. */
const event = (routeKey: string, sub?: string) =>
  ({
    routeKey,
    requestContext: { authorizer: sub === undefined ? undefined : { lambda: { sub } } },
  }) as unknown as APIGatewayProxyEventV2WithLambdaAuthorizer<{ sub?: string } | undefined>;

describe(`${manifest.name} handler`, () => {
  it('answers every route its manifest declares', async () => {
    for (const routeKey of Object.keys(manifest.routes)) {
      expect((await handler(event(routeKey, 'user-1'))).statusCode, routeKey).toBe(200);
    }
  });

  it('greets the caller the authorizer identified', async () => {
    const result = await handler(event('GET /hello', 'user-1'));
    expect(JSON.parse(result.body ?? '')).toEqual({ message: 'Hello, user-1' });
  });

  it('answers 404 for a route it does not serve', async () => {
    expect((await handler(event('DELETE /hello'))).statusCode).toBe(404);
  });
});

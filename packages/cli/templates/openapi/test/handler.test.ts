import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import manifest from '../app.config.ts';
import { handler } from '../src/handler.ts';

const context = { awsRequestId: 'req-1', functionName: `frontdesk-dev-${manifest.name}` } as Context;

/** A payload 2.0 event as API Gateway sends it after the shared authorizer allowed the call. */
function event(routeKey: string) {
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.com' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: manifest.name,
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'api-req-1',
      routeKey,
      stage: '$default',
      time: '28/Nov/2026:15:00:00 +0000',
      timeEpoch: 0,
    },
  } as never;
}

type Response = { statusCode: number; body: string };

// Generated from an OpenAPI document: replace these with real tests as you implement each operation.
describe(`${manifest.name} handler`, () => {
  it('answers every route its manifest declares (501 until implemented)', async () => {
    for (const routeKey of Object.keys(manifest.routes)) {
      const response = (await handler(event(routeKey), context)) as Response;
      expect(response.statusCode, routeKey).toBe(501);
      expect(JSON.parse(response.body)).toEqual({ message: 'Not Implemented', route: routeKey });
    }
  });

  it('answers 404 for a route it does not serve', async () => {
    expect(((await handler(event('GET /no-such-route'), context)) as Response).statusCode).toBe(404);
  });
});

import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import manifest from '../app.config.ts';
import { handler } from '../src/handler.ts';

const context = { awsRequestId: 'req-1', functionName: `frontdesk-dev-${manifest.name}` } as Context;

/** A payload 2.0 event as API Gateway sends it after the shared authorizer allowed the call. */
function event(routeKey: string, authorizer?: Record<string, unknown>) {
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
      ...(authorizer ? { authorizer: { lambda: authorizer } } : {}),
    },
  } as never;
}

type Response = { statusCode: number; body: string };
const caller = { sub: 'alice', scopes: [], clientId: 'cli', tokenType: 'Bearer', app: manifest.name };

describe(`${manifest.name} handler`, () => {
  it('answers every route its manifest declares', async () => {
    for (const routeKey of Object.keys(manifest.routes)) {
      const response = (await handler(event(routeKey, caller), context)) as Response;
      expect(response.statusCode, routeKey).toBe(200);
    }
  });

  it('greets the caller the authorizer identified', async () => {
    const response = (await handler(event('GET /hello', caller), context)) as Response;
    expect(JSON.parse(response.body)).toEqual({ message: 'Hello, alice' });
  });

  it('answers GET /health without any caller', async () => {
    const response = (await handler(event('GET /health'), context)) as Response;
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('answers 404 for a route it does not serve', async () => {
    expect(((await handler(event('DELETE /hello', caller), context)) as Response).statusCode).toBe(404);
  });
});

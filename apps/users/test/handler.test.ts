import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../src/handler.ts';

const context = { awsRequestId: 'req-1', functionName: 'frontdesk-dev-users' } as Context;

/** A payload 2.0 event as API Gateway sends it after the shared authorizer allowed the call. */
function event(routeKey: string, authorizer?: Record<string, unknown>) {
  const path = routeKey.split(' ')[1]!;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.com' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'users',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'api-req-1',
      routeKey,
      stage: '$default',
      time: '28/Nov/2026:15:00:00 +0000',
      timeEpoch: 0,
      ...(authorizer ? { authorizer: { lambda: authorizer } } : {}),
    },
  } as never;
}

describe('users handler', () => {
  it('GET /me returns the caller exactly as the authorizer described them', async () => {
    const caller = { sub: 'alice', scopes: ['profile'], clientId: 'cli', tokenType: 'DPoP', app: 'users' };
    const response = (await handler(event('GET /me', caller), context)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(caller);
  });

  it('GET /me/request echoes the event with credentials redacted', async () => {
    const request = event('GET /me/request', { sub: 'alice' });
    (request as { headers: Record<string, string> }).headers.authorization = 'Bearer eyJ.secret.sig';
    const response = (await handler(request, context)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as {
      routeKey: string;
      headers: Record<string, string>;
      requestContext: { authorizer: unknown };
    };
    expect(body).toMatchObject({ routeKey: 'GET /me/request', headers: { host: 'api.example.com', authorization: '[redacted]' } });
    expect(body.requestContext.authorizer).toEqual({ lambda: { sub: 'alice' } });
    expect(response.body).not.toContain('eyJ');
  });

  it('GET /health answers without any caller', async () => {
    const response = (await handler(event('GET /health'), context)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('answers 404 for a route it does not serve', async () => {
    const response = (await handler(event('GET /nope'), context)) as { statusCode: number };
    expect(response.statusCode).toBe(404);
  });
});

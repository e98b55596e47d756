import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BASE_PATH_STAGE_VARIABLE } from '../manifest/route-policy.ts';
import { createTelemetry } from './telemetry.ts';
import { withFrontdesk, type FrontdeskEvent } from './with-frontdesk.ts';

// Issue 12: whether AWS keeps the API mapping key in rawPath on a custom domain is disputed
// (paths/mapping-key.ts). The wrapper hands the handler the shape `pnpm dev` produces — rawPath
// without the key — so a router inside the function matches the same routes under either.
const context = { awsRequestId: 'lambda-req-1', functionName: 'frontdesk-dev-orders' } as Context;

function event(rawPath: string, routeKey: string, pathParameters?: Record<string, string>): FrontdeskEvent {
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(pathParameters ? { pathParameters } : {}),
    stageVariables: { [BASE_PATH_STAGE_VARIABLE]: 'orders' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'apigw-req-1',
      routeKey,
      stage: '$default',
      time: '28/Nov/2026:15:00:00 +0000',
      timeEpoch: 0,
    },
  } as FrontdeskEvent;
}

describe('withFrontdesk and the API mapping key', () => {
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  async function seenRawPath(input: FrontdeskEvent): Promise<string> {
    let seen = '';
    const handler = withFrontdesk({ app: 'orders', telemetry: createTelemetry({ service: 'orders', app: 'orders' }) }, async (received) => {
      seen = received.rawPath;
      return { statusCode: 200 };
    });
    await handler(input, context);
    return seen;
  }

  it.each([
    ['/items/1', 'GET /items/{id}', { id: '1' }, '/items/1'],
    ['/orders/items/1', 'GET /items/{id}', { id: '1' }, '/items/1'],
    ['/orders', 'GET /', undefined, '/'],
    ['/orders/7', 'GET /orders/{id}', { id: '7' }, '/orders/7'],
    ['/orders/orders/7', 'GET /orders/{id}', { id: '7' }, '/orders/7'],
    ['/orders/x', '$default', undefined, '/orders/x'],
  ] as const)('rawPath %s for %s (%j) reaches the handler as %s', async (rawPath, routeKey, parameters, expected) => {
    expect(await seenRawPath(event(rawPath, routeKey, parameters as Record<string, string> | undefined))).toBe(expected);
  });

  it('leaves an event without Frontdesk stage variables as it came', async () => {
    const input = event('/orders/items/1', 'GET /items/{id}', { id: '1' });
    delete (input as { stageVariables?: unknown }).stageVariables;
    expect(await seenRawPath(input)).toBe('/orders/items/1');
  });
});

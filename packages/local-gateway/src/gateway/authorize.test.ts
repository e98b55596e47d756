import { describe, expect, it } from 'vitest';
import { authorize, type ApiAuthorizer } from './authorize.ts';
import type { MatchedRequest } from './build-event.ts';

const matched = (authorization?: string): MatchedRequest => ({
  request: {
    method: 'GET',
    path: '/app/x',
    rawQueryString: '',
    rawHeaders: authorization === undefined ? ['Host', '127.0.0.1'] : ['Host', '127.0.0.1', 'Authorization', authorization],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    receivedAt: 0,
    requestId: 'id',
  },
  api: { apiId: 'abcdefghij', accountId: '000000000000', stage: '$default', stageVariables: {} },
  rawPath: '/x',
  routeKey: 'GET /x',
});

const api = (answer: () => Promise<unknown>, overrides: Partial<ApiAuthorizer> = {}): ApiAuthorizer => ({
  authorize: answer as ApiAuthorizer['authorize'],
  cacheTtlSeconds: 0,
  cache: new Map(),
  ...overrides,
});

describe('authorize (HTTP API Lambda authorizer semantics)', () => {
  it('answers 500 when the authorizer outlives its timeout (AWS: 10 s)', async () => {
    const outcome = await authorize(api(() => new Promise(() => undefined), { timeoutMs: 20 }), matched('Bearer t'));
    expect(outcome).toMatchObject({ allowed: false, response: { statusCode: 500 } });
  });

  it('expires cached decisions after the TTL', async () => {
    let calls = 0;
    const cached = api(async () => ({ isAuthorized: true, context: { call: ++calls } }), { cacheTtlSeconds: 60 });
    expect(await authorize(cached, matched('Bearer t'), 0)).toEqual({ allowed: true, context: { call: 1 } });
    expect(await authorize(cached, matched('Bearer t'), 59_999)).toEqual({ allowed: true, context: { call: 1 } });
    expect(await authorize(cached, matched('Bearer t'), 60_000)).toEqual({ allowed: true, context: { call: 2 } });
  });

  it('reads the identity source header case-insensitively', async () => {
    const outcome = await authorize(api(async () => ({ isAuthorized: true })), { ...matched(), request: { ...matched().request, rawHeaders: ['AUTHORIZATION', 'Bearer t'] } });
    expect(outcome.allowed).toBe(true);
  });
});

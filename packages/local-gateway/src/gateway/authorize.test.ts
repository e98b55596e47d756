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
    const outcome = await authorize(
      api(() => new Promise(() => undefined), { timeoutMs: 20 }),
      matched('Bearer t'),
    );
    expect(outcome).toMatchObject({
      allowed: false,
      response: { statusCode: 500 },
      refusal: 'error',
      error: 'the authorizer failed: authorizer timed out after 20 ms',
    });
  });

  it('expires cached decisions after the TTL', async () => {
    let calls = 0;
    const cached = api(async () => ({ isAuthorized: true, context: { call: ++calls } }), { cacheTtlSeconds: 60 });
    expect(await authorize(cached, matched('Bearer t'), 0)).toEqual({ allowed: true, context: { call: 1 }, cached: false });
    expect(await authorize(cached, matched('Bearer t'), 59_999)).toEqual({ allowed: true, context: { call: 1 }, cached: true });
    expect(await authorize(cached, matched('Bearer t'), 60_000)).toEqual({ allowed: true, context: { call: 2 }, cached: false });
  });

  it('says why it refused: no identity source (401), a denial (403), a malformed answer (500)', async () => {
    expect(
      await authorize(
        api(async () => ({ isAuthorized: true })),
        matched(),
      ),
    ).toMatchObject({ refusal: 'unauthorized', response: { statusCode: 401 } });
    expect(
      await authorize(
        api(async () => ({ isAuthorized: false })),
        matched('Bearer t'),
      ),
    ).toMatchObject({ refusal: 'forbidden', response: { statusCode: 403 }, cached: false });
    expect(
      await authorize(
        api(async () => ({ allowed: true })),
        matched('Bearer t'),
      ),
    ).toMatchObject({ refusal: 'error', response: { statusCode: 500 } });
  });

  it('reads the identity source header case-insensitively', async () => {
    const outcome = await authorize(
      api(async () => ({ isAuthorized: true })),
      { ...matched(), request: { ...matched().request, rawHeaders: ['AUTHORIZATION', 'Bearer t'] } },
    );
    expect(outcome.allowed).toBe(true);
  });
});

describe('authorize: DPoP decisions are never cached', () => {
  const withHeaders = (...headers: string[]): MatchedRequest => ({
    ...matched(),
    request: { ...matched().request, rawHeaders: ['Host', '127.0.0.1', ...headers] },
  });

  it('asks again for every DPoP request, so a request without a proof never rides on a cached allow', async () => {
    let calls = 0;
    const cached = api(async () => ({ isAuthorized: ++calls === 1, context: { tokenType: 'DPoP', jkt: 'thumbprint' } }), {
      cacheTtlSeconds: 60,
    });
    expect((await authorize(cached, withHeaders('Authorization', 'DPoP t', 'DPoP', 'proof-1'), 0)).allowed).toBe(true);
    expect((await authorize(cached, withHeaders('Authorization', 'DPoP t'), 1)).allowed).toBe(false);
    expect(calls).toBe(2);
    expect(cached.cache.size).toBe(0);
  });

  it('does not cache a decision whose context says the token is proof-bound, whatever the scheme', async () => {
    let calls = 0;
    const cached = api(async () => ({ isAuthorized: true, context: { call: ++calls, jkt: 'thumbprint' } }), { cacheTtlSeconds: 60 });
    await authorize(cached, withHeaders('Authorization', 'Bearer t'), 0);
    await authorize(cached, withHeaders('Authorization', 'Bearer t'), 1);
    expect(calls).toBe(2);
  });

  it('does not cache any request that carries a DPoP header', async () => {
    let calls = 0;
    const cached = api(async () => ({ isAuthorized: true, context: { call: ++calls } }), { cacheTtlSeconds: 60 });
    await authorize(cached, withHeaders('Authorization', 'Bearer t', 'dpop', 'proof'), 0);
    await authorize(cached, withHeaders('Authorization', 'Bearer t', 'dpop', 'proof'), 1);
    expect(calls).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineApp } from '../manifest/define-app.ts';
import { routePolicyStageVariables } from '../manifest/route-policy.ts';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import { normaliseHtu } from './htu.ts';
import { requestHtu } from './request-uri.ts';
import {
  accessToken,
  authorizerEvent,
  configFor,
  dpopKey,
  dpopProof,
  IssuerServer,
  PUBLIC_URL,
  signingKey,
  type SigningKey,
} from './test-fixtures.ts';

// The review's attack: a proof minted for one app's URL (users' GET /me) spent on another app's
// API (orders) through a path whose dot segments resolve to the first URL.
let issuer: IssuerServer;
let es: SigningKey;
let client: Awaited<ReturnType<typeof dpopKey>>;
let bound: string;
let authorize: Authorizer;
const audit: DecisionRecord[] = [];
const logger = {
  info: (_m: string, r: DecisionRecord) => audit.push(r),
  warn: (_m: string, r: DecisionRecord) => audit.push(r),
  error() {},
};
const config = () => configFor(issuer.issuer);

beforeAll(async () => {
  [es, client] = await Promise.all([signingKey('ES256', 'es-1'), dpopKey()]);
  issuer = await IssuerServer.start([es.publicJwk]);
  authorize = createAuthorizer(config(), { logger });
  bound = await accessToken(es, issuer.issuer, { cnf: { jkt: client.jkt } });
});
afterAll(() => issuer.stop());

const DOT_PATHS = [
  '/items/../../users/me',
  '/../users/me',
  '/%2e%2e/users/me',
  '/%2E%2E/users/me',
  '/.%2e/users/me',
  '/%2e./users/me',
  '/items/./../../users/me',
  '/items/%2e/%2E%2e/%2e%2E/users/me',
  '/orders/../users/me',
  '/orders/%2e%2e/users/me',
];

describe('a proof is bound to the URL its htu names, never to where dot segments lead', () => {
  it.each(DOT_PATHS)('a proof for users /me is not spent on the orders API at rawPath %s', async (rawPath) => {
    const proof = await dpopProof(client, bound, { claims: { htu: `${PUBLIC_URL}/users/me` } });
    const result = await authorize(
      authorizerEvent({ authorization: `DPoP ${bound}`, dpop: proof }, { rawPath, routeKey: 'GET /items/{id}' }),
    );
    expect(result.isAuthorized).toBe(false);
  });

  it.each(DOT_PATHS)('the request URI of rawPath %s is unknown (no htu can match it)', (rawPath) => {
    expect(requestHtu(authorizerEvent({}, { rawPath }), config())).toBeUndefined();
  });

  it.each(['/items\\..\\..\\users\\me', '/items/1 ', '/items/1\t', '/items/%zz', '/items/1?x', '/items/1#f', 'items/1', ''])(
    'the request URI of the malformed rawPath %j is unknown',
    (rawPath) => {
      expect(requestHtu(authorizerEvent({}, { rawPath }), config())).toBeUndefined();
    },
  );

  it('a literal path keeps its percent-encodings (normalised) and its case', () => {
    expect(requestHtu(authorizerEvent({}, { rawPath: '/items/%7e%2fA%41' }), config())).toBe(`${PUBLIC_URL}/orders/items/~%2FAA`);
    expect(requestHtu(authorizerEvent({}, { rawPath: '/items/..%2Fx' }), config())).toBe(`${PUBLIC_URL}/orders/items/..%2Fx`);
  });
});

describe('normaliseHtu: RFC 3986 §6.2.2 on the proof side, nothing WHATWG-only', () => {
  it.each([
    ['https://api.example.com/a/%2E%2E/b', 'https://api.example.com/b'],
    ['https://api.example.com/a/.%2e/b', 'https://api.example.com/b'],
    ['https://api.example.com/a/b/..', 'https://api.example.com/a/'],
    ['https://api.example.com/..', 'https://api.example.com/'],
    ['https://api.example.com/a/..%2Fb', 'https://api.example.com/a/..%2Fb'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseHtu(input)).toBe(expected);
  });

  it.each([
    'https://api.example.com/users\\me',
    'https://api.example.com\\users/me',
    'https://api.example.com/a b',
    ' https://api.example.com/x',
    'https://api.example.com/x ',
    'https://user:pass@api.example.com/x',
    'https://api.example.com/%zz',
    'https:/api.example.com/x',
    'https:api.example.com/x',
  ])('refuses %j (WHATWG URL parsing would accept it)', (input) => {
    expect(normaliseHtu(input)).toBeUndefined();
  });
});

/** An app whose greedy route takes anything under its key (base path `orders`). */
const greedyOrders = routePolicyStageVariables(
  defineApp({
    name: 'orders',
    owner: 'team-orders',
    basePath: 'orders',
    routes: { 'ANY /{proxy+}': { scopes: [] }, 'GET /orders/{id}': { scopes: [] } },
  }),
);

describe('htu under either mapping-key shape (issue 12: AWS may keep the key in rawPath)', () => {
  async function send(htu: string, overrides: Parameters<typeof authorizerEvent>[1]) {
    const proof = await dpopProof(client, bound, { claims: { htu } });
    const result = await authorize(authorizerEvent({ authorization: `DPoP ${bound}`, dpop: proof }, overrides));
    return { isAuthorized: result.isAuthorized, code: result.isAuthorized ? undefined : audit.at(-1)?.code };
  }

  it('accepts the public URL when the event strips the key (rawPath /items/1)', async () => {
    expect((await send(`${PUBLIC_URL}/orders/items/1`, { rawPath: '/items/1' })).isAuthorized).toBe(true);
  });

  it('accepts the same public URL when the event keeps the key (rawPath /orders/items/1)', async () => {
    expect((await send(`${PUBLIC_URL}/orders/items/1`, { rawPath: '/orders/items/1' })).isAuthorized).toBe(true);
  });

  it('a route that repeats the base path: stripped /orders/7 is public /orders/orders/7, kept /orders/orders/7 is too', async () => {
    const stripped = { rawPath: '/orders/7', routeKey: 'GET /orders/{id}', pathParameters: { id: '7' }, stageVariables: greedyOrders };
    const kept = { ...stripped, rawPath: '/orders/orders/7' };
    expect((await send(`${PUBLIC_URL}/orders/orders/7`, stripped)).isAuthorized).toBe(true);
    expect((await send(`${PUBLIC_URL}/orders/orders/7`, kept)).isAuthorized).toBe(true);
    expect(await send(`${PUBLIC_URL}/orders/7`, stripped)).toEqual({ isAuthorized: false, code: 'dpop_htu_mismatch' });
  });

  it('a proof for a nested app (orders/v2) is never accepted by the outer app (orders), under either shape', async () => {
    const nestedUrl = `${PUBLIC_URL}/orders/v2/items/1`;
    // Public /orders/orders/v2/items/1 reaches the orders API; stripped, rawPath is /orders/v2/items/1.
    const stripped = {
      rawPath: '/orders/v2/items/1',
      routeKey: 'ANY /{proxy+}',
      pathParameters: { proxy: 'orders/v2/items/1' },
      stageVariables: greedyOrders,
    };
    expect(await send(nestedUrl, stripped)).toEqual({ isAuthorized: false, code: 'dpop_htu_mismatch' });
    // Kept: the same public URL arrives as rawPath /orders/orders/v2/items/1.
    expect(await send(nestedUrl, { ...stripped, rawPath: '/orders/orders/v2/items/1' })).toEqual({
      isAuthorized: false,
      code: 'dpop_htu_mismatch',
    });
    expect((await send(`${PUBLIC_URL}/orders/orders/v2/items/1`, stripped)).isAuthorized).toBe(true);
  });

  it('fails closed on $default when the shape cannot be told', async () => {
    const event = {
      rawPath: '/orders/x',
      routeKey: '$default',
      pathParameters: undefined,
      stageVariables: {
        ...greedyOrders,
        ...routePolicyStageVariables(defineApp({ name: 'orders', owner: 't', basePath: 'orders', routes: { $default: { scopes: [] } } })),
      },
    };
    expect(await send(`${PUBLIC_URL}/orders/x`, event)).toEqual({ isAuthorized: false, code: 'dpop_htu_mismatch' });
    expect(await send(`${PUBLIC_URL}/orders/orders/x`, event)).toEqual({ isAuthorized: false, code: 'dpop_htu_mismatch' });
  });
});

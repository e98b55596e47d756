import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import { normaliseHtu } from './htu.ts';
import { requestHtu } from './request-uri.ts';
import { accessToken, authorizerEvent, configFor, dpopKey, dpopProof, IssuerServer, PUBLIC_URL, signingKey, type SigningKey } from './test-fixtures.ts';

// The review's attack: a proof minted for one app's URL (users' GET /me) spent on another app's
// API (orders) through a path whose dot segments resolve to the first URL.
let issuer: IssuerServer;
let es: SigningKey;
let client: Awaited<ReturnType<typeof dpopKey>>;
let bound: string;
let authorize: Authorizer;
const audit: DecisionRecord[] = [];
const logger = { info: (_m: string, r: DecisionRecord) => audit.push(r), warn: (_m: string, r: DecisionRecord) => audit.push(r), error() {} };
const config = () => configFor(issuer.issuer);

beforeAll(async () => {
  [es, client] = await Promise.all([signingKey('ES256', 'es-1'), dpopKey()]);
  issuer = await IssuerServer.start([es.publicJwk]);
  authorize = createAuthorizer(config(), { logger });
  bound = await accessToken(es, issuer.issuer, { cnf: { jkt: client.jkt } });
});
afterAll(() => issuer.stop());

const DOT_PATHS = [
  '/items/../../users/me', '/../users/me', '/%2e%2e/users/me', '/%2E%2E/users/me', '/.%2e/users/me', '/%2e./users/me',
  '/items/./../../users/me', '/items/%2e/%2E%2e/%2e%2E/users/me', '/orders/../users/me', '/orders/%2e%2e/users/me',
];

describe('a proof is bound to the URL its htu names, never to where dot segments lead', () => {
  it.each(DOT_PATHS)('a proof for users /me is not spent on the orders API at rawPath %s', async (rawPath) => {
    const proof = await dpopProof(client, bound, { claims: { htu: `${PUBLIC_URL}/users/me` } });
    const result = await authorize(authorizerEvent({ authorization: `DPoP ${bound}`, dpop: proof }, { rawPath, routeKey: 'GET /items/{id}' }));
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
    'https://api.example.com/users\\me', 'https://api.example.com\\users/me', 'https://api.example.com/a b', ' https://api.example.com/x',
    'https://api.example.com/x ', 'https://user:pass@api.example.com/x', 'https://api.example.com/%zz', 'https:/api.example.com/x', 'https:api.example.com/x',
  ])('refuses %j (WHATWG URL parsing would accept it)', (input) => {
    expect(normaliseHtu(input)).toBeUndefined();
  });
});

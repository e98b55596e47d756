import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import { DENIAL_CODES } from './denial-codes.ts';
import { accessToken, authorizerEvent, configFor, IssuerServer, signingKey, type SigningKey } from './test-fixtures.ts';

let issuer: IssuerServer;
let key: SigningKey;
let authorize: Authorizer;
let token: string;
const audit: DecisionRecord[] = [];

beforeAll(async () => {
  key = await signingKey('ES256', 'k1');
  issuer = await IssuerServer.start([key.publicJwk]);
  authorize = createAuthorizer(configFor(issuer.issuer), {
    logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
  });
  token = await accessToken(key, issuer.issuer, { scope: 'orders:read' });
});
afterAll(() => issuer.stop());

async function decide(overrides: Parameters<typeof authorizerEvent>[1]) {
  const result = await authorize(authorizerEvent({ authorization: `Bearer ${token}` }, overrides));
  return result.isAuthorized ? 'allow' : audit.at(-1)?.code;
}

describe('requests whose path carries dot segments (issue 11 §1, defence in depth)', () => {
  it('has a stable denial code', () => {
    expect(DENIAL_CODES).toContain('path_dot_segment');
  });

  it('allows the same token on a plain path', async () => {
    expect(await decide({})).toBe('allow');
  });

  it.each([
    ['rawPath ..', { rawPath: '/items/../admin' }],
    ['rawPath %2e%2e', { rawPath: '/items/%2E%2e/admin' }],
    ['rawPath .%2e', { rawPath: '/items/.%2e/admin' }],
    ['rawPath with a backslash', { rawPath: '/items\\admin' }],
    [
      'requestContext.http.path',
      {
        requestContext: {
          ...authorizerEvent({}).requestContext,
          http: { ...authorizerEvent({}).requestContext.http, path: '/orders/items/%2e%2e/x' },
        },
      },
    ],
    ['a path parameter', { pathParameters: { id: '..' } }],
    ['a greedy parameter', { routeKey: 'GET /items/{id}', pathParameters: { id: '../../users/me' } }],
  ])('denies %s as path_dot_segment before verifying the token', async (_name, overrides) => {
    expect(await decide(overrides)).toBe('path_dot_segment');
  });
});

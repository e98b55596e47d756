import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeStageVariableName } from '../manifest/route-policy.ts';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import { accessToken, authorizerEvent, configFor, IssuerServer, signingKey, type SigningKey } from './test-fixtures.ts';

let issuer: IssuerServer;
let key: SigningKey;
let authorize: Authorizer;
const audit: DecisionRecord[] = [];

beforeAll(async () => {
  key = await signingKey('ES256', 'k1');
  issuer = await IssuerServer.start([key.publicJwk]);
  authorize = createAuthorizer(configFor(issuer.issuer), {
    logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
  });
});
afterAll(() => issuer.stop());

async function decide(scope: string | undefined, routeKey: string, stageVariables?: Record<string, string>) {
  const token = await accessToken(key, issuer.issuer, { scope });
  const event = authorizerEvent({ authorization: `Bearer ${token}` }, { routeKey, ...(stageVariables ? { stageVariables } : {}) });
  const result = await authorize(event);
  return result.isAuthorized ? 'allow' : audit.at(-1)?.code;
}

describe('per-route scopes from the API stage variables', () => {
  it('allows a token carrying the route scope', async () => {
    expect(await decide('orders:read', 'GET /items/{id}')).toBe('allow');
  });
  it('requires every listed scope', async () => {
    expect(await decide('orders:read', 'POST /items')).toBe('insufficient_scope');
    expect(await decide('orders:write orders:read', 'POST /items')).toBe('allow');
  });
  it('denies a token without the route scope', async () => {
    expect(await decide('users:read', 'GET /items/{id}')).toBe('insufficient_scope');
  });
  it('denies a token with no scope claim at all', async () => {
    expect(await decide(undefined, 'GET /items/{id}')).toBe('insufficient_scope');
  });
  it('does not match scope prefixes or substrings', async () => {
    expect(await decide('orders:reader orders', 'GET /items/{id}')).toBe('insufficient_scope');
  });
  it('allows any valid token on a route that requires no scope', async () => {
    expect(await decide(undefined, 'GET /anyone')).toBe('allow');
  });
  it('denies route_policy_missing for a route the API publishes nothing for', async () => {
    expect(await decide('orders:read', 'DELETE /items/{id}')).toBe('route_policy_missing');
  });
  it('denies route_policy_missing for a public route (it should never reach the authorizer)', async () => {
    expect(await decide('orders:read', 'GET /health')).toBe('route_policy_missing');
  });
  it('denies route_policy_missing when the API has no stage variables', async () => {
    expect(await decide('orders:read', 'GET /items/{id}', {})).toBe('route_policy_missing');
  });
  it('denies route_policy_missing for a malformed entry', async () => {
    expect(await decide('orders:read', 'GET /items/{id}', { [routeStageVariableName('GET /items/{id}')]: 'orders:read' })).toBe(
      'route_policy_missing',
    );
  });
  it('keeps two APIs with the same route key apart (one in-process authorizer serves every app locally)', async () => {
    const name = routeStageVariableName('GET /items/{id}');
    const strict = { frontdesk_app: 'strict', [name]: 'scopes:admin' };
    const relaxed = { frontdesk_app: 'relaxed', [name]: 'scopes:' };
    for (let i = 0; i < 2; i += 1) {
      expect(await decide('orders:read', 'GET /items/{id}', strict)).toBe('insufficient_scope');
      expect(await decide('orders:read', 'GET /items/{id}', relaxed)).toBe('allow');
    }
  });

  it('checks the route policy before spending crypto on the token', async () => {
    const result = await authorize(authorizerEvent({ authorization: 'Bearer not-even-a-token' }, { routeKey: 'PATCH /nowhere' }));
    expect(result.isAuthorized).toBe(false);
    expect(audit.at(-1)?.code).toBe('route_policy_missing');
  });
});

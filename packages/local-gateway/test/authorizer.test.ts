import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

/** A stand-in authorizer whose answer each test sets, recording every event it receives. */
const calls: APIGatewayRequestAuthorizerEventV2[] = [];
let answer: (event: APIGatewayRequestAuthorizerEventV2) => Promise<unknown> = async () => ({ isAuthorized: true });

let fixture: Fixture;
beforeAll(async () => {
  // Caching apps load only with DPoP off (the rule AppApi enforces at deploy time).
  fixture = await startFixture(['echo', 'cached'], {
    env: { STAGE: 'dev', FRONTDESK_DPOP: 'off' },
    authorize: async (event) => {
      calls.push(event);
      return (await answer(event)) as { isAuthorized: boolean };
    },
  });
});
afterAll(() => fixture.stop());

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('Lambda authorizer, payload 2.0 with simple responses (AWS: "Working with AWS Lambda authorizers for HTTP APIs")', () => {
  it('answers 401 {"message":"Unauthorized"} without invoking the authorizer when the Authorization header is missing', async () => {
    calls.length = 0;
    const response = await fixture.get('/echo/secure/1');
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('{"message":"Unauthorized"}');
    expect(calls).toHaveLength(0);
  });

  it('treats an empty Authorization header as missing (401, not invoked)', async () => {
    calls.length = 0;
    expect((await fixture.get('/echo/secure/1', { headers: { authorization: '' } })).status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('answers 403 {"message":"Forbidden"} when the authorizer returns isAuthorized: false', async () => {
    answer = async () => ({ isAuthorized: false });
    const response = await fixture.get('/echo/secure/1', bearer('t-deny'));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('{"message":"Forbidden"}');
  });

  it('answers 500 when the authorizer throws', async () => {
    answer = async () => {
      throw new Error('authorizer crashed');
    };
    const response = await fixture.get('/echo/secure/1', bearer('t-throw'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 500 when the authorizer returns something other than a simple response', async () => {
    answer = async () => ({ allowed: 'yes' });
    expect((await fixture.get('/echo/secure/1', bearer('t-bad'))).status).toBe(500);
  });

  it('passes the context to the app as requestContext.authorizer.lambda, JSON types kept', async () => {
    answer = async () => ({ isAuthorized: true, context: { sub: 'alice', scopes: ['echo:read'], n: 3, ok: true } });
    const response = await fixture.get('/echo/secure/7', bearer('t-allow'));
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as { event: { requestContext: { authorizer: unknown } } };
    expect(event.requestContext.authorizer).toEqual({ lambda: { sub: 'alice', scopes: ['echo:read'], n: 3, ok: true } });
  });

  it('sends the authorizer a payload 2.0 REQUEST event: identity source values, route, stage variables, no body', async () => {
    calls.length = 0;
    answer = async () => ({ isAuthorized: true });
    await fixture.get('/echo/secure/9?q=1', { method: 'GET', headers: { authorization: 'Bearer t-shape', cookie: 'a=b' } });
    const event = calls[0] as unknown as Record<string, any>;
    expect(event).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      identitySource: ['Bearer t-shape'],
      routeKey: 'GET /secure/{id}',
      rawPath: '/secure/9',
      rawQueryString: 'q=1',
      cookies: ['a=b'],
      queryStringParameters: { q: '1' },
      pathParameters: { id: '9' },
      stageVariables: expect.objectContaining({ frontdesk_app: 'echo' }),
    });
    expect(event.routeArn).toMatch(/^arn:aws:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]{10}\/\$default\/GET\/secure\/\{id\}$/);
    expect(event).not.toHaveProperty('body');
  });

  it('does not run the authorizer for public routes, and gives them no requestContext.authorizer', async () => {
    calls.length = 0;
    const { event } = (await (await fixture.get('/echo/things')).json()) as { event: { requestContext: object } };
    expect(calls).toHaveLength(0);
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('with caching off (TTL 0) asks the authorizer on every request', async () => {
    calls.length = 0;
    answer = async () => ({ isAuthorized: true });
    await fixture.get('/echo/secure/1', bearer('same'));
    await fixture.get('/echo/secure/1', bearer('same'));
    expect(calls).toHaveLength(2);
  });

  it('with a TTL caches the decision by identity source values and route key', async () => {
    calls.length = 0;
    answer = async (event) => ({ isAuthorized: true, context: { seen: event.identitySource[0] } });
    await fixture.get('/cached/a', bearer('one'));
    await fixture.get('/cached/a', bearer('one'));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.identitySource).toEqual(['Bearer one', 'GET /a']);
    await fixture.get('/cached/a', bearer('two')); // another identity → asked again
    await fixture.get('/cached/b', bearer('one')); // another route → asked again ($context.routeKey is a source)
    expect(calls).toHaveLength(3);
    const cached = (await (await fixture.get('/cached/a', bearer('one'))).json()) as { authorizer: unknown };
    expect(cached.authorizer).toEqual({ lambda: { seen: 'Bearer one' } });
  });

  it('caches denials too', async () => {
    calls.length = 0;
    answer = async () => ({ isAuthorized: false });
    expect((await fixture.get('/cached/a', bearer('denied'))).status).toBe(403);
    expect((await fixture.get('/cached/a', bearer('denied'))).status).toBe(403);
    expect(calls).toHaveLength(1);
  });
});

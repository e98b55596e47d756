import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['echo', 'shop', 'shop-v2']);
});
afterAll(() => fixture.stop());

async function routeOf(path: string, method = 'GET'): Promise<{ routeKey: string; pathParameters?: Record<string, string> }> {
  const response = await fixture.get(path, { method });
  expect(response.status).toBe(200);
  const { event } = (await response.json()) as { event: { routeKey: string; pathParameters?: Record<string, string> } };
  return event;
}

describe('API mappings (AWS: "API mappings for HTTP APIs" on a custom domain)', () => {
  it('chooses the longest matching mapping key', async () => {
    expect(await (await fixture.get('/shop/v2/list')).json()).toMatchObject({ app: 'shop-v2' });
    expect(await (await fixture.get('/shop/list')).json()).toMatchObject({ app: 'shop' });
  });

  it('strips the mapping key: rawPath holds only the rest', async () => {
    expect(await (await fixture.get('/shop/v2/list')).json()).toEqual({ app: 'shop-v2', rawPath: '/list', path: '/shop/v2/list' });
  });

  it('matches mapping keys on whole path segments only', async () => {
    expect((await fixture.get('/shopping/list')).status).toBe(404);
  });

  it('answers 404 {"message":"Not Found"} when no mapping matches', async () => {
    const response = await fixture.get('/unknown/path');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"message":"Not Found"}');
  });
});

describe('route selection (AWS: "Working with routes for HTTP APIs")', () => {
  it('prefers an exact path over a {param} route', async () => {
    expect((await routeOf('/echo/items/special')).routeKey).toBe('GET /items/special');
  });

  it('prefers a {param} route over a greedy {proxy+} route', async () => {
    expect(await routeOf('/echo/items/42')).toMatchObject({ routeKey: 'GET /items/{id}', pathParameters: { id: '42' } });
  });

  it('sends deeper paths to the greedy {proxy+} route with the rest as its parameter', async () => {
    expect(await routeOf('/echo/items/a/b/c')).toMatchObject({ routeKey: 'ANY /items/{proxy+}', pathParameters: { proxy: 'a/b/c' } });
  });

  it('prefers an explicit method over ANY for the same path', async () => {
    expect((await routeOf('/echo/things')).routeKey).toBe('GET /things');
  });

  it('lets ANY match methods no other route defines for the path', async () => {
    expect((await routeOf('/echo/things', 'DELETE')).routeKey).toBe('ANY /things');
    expect((await routeOf('/echo/items/x', 'PATCH')).routeKey).toBe('ANY /items/{proxy+}');
  });

  it('sends requests that match no route to $default', async () => {
    const event = await routeOf('/echo/not/declared', 'PUT');
    expect(event.routeKey).toBe('$default');
    expect(event).not.toHaveProperty('pathParameters');
  });

  it('answers 404 {"message":"Not Found"} when no route matches and there is no $default', async () => {
    const response = await fixture.get('/shop/other');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('treats methods as distinct: a GET route does not answer HEAD or POST', async () => {
    expect((await fixture.get('/shop/list', { method: 'POST' })).status).toBe(404);
  });
});

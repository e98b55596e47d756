import { describe, expect, it } from 'vitest';
import { ManifestError, defineApp, type AppManifestInput } from './index.ts';

const valid: AppManifestInput = {
  name: 'orders',
  owner: 'team-orders',
  basePath: 'orders',
  routes: {
    'GET /': { scopes: ['orders:read'] },
    'GET /{orderId}': { scopes: ['orders:read'] },
    'ANY /files/{proxy+}': { scopes: [] },
    'GET /health': { auth: 'public', reason: 'Uptime probes carry no credentials.' },
    $default: { scopes: ['orders:read'] },
  },
};

/** Runs defineApp on `valid` with `change` applied and returns the ManifestError it throws. */
function problemsOf(change: Record<string, unknown>): ManifestError {
  try {
    defineApp({ ...valid, ...change } as AppManifestInput);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected the manifest to be rejected');
}

describe('defineApp', () => {
  it('accepts a valid manifest and fills in defaults', () => {
    const manifest = defineApp(valid);
    expect(manifest.handler).toBe('src/handler.ts');
    expect(manifest.function).toEqual({ memoryMb: 256, timeoutSeconds: 10, architecture: 'arm64' });
    expect(manifest.throttle).toEqual({ rateLimit: 100, burstLimit: 200 });
    expect(manifest.authorizer.cacheTtlSeconds).toBe(0);
    expect(manifest.environment).toEqual({});
  });

  it('accepts multi-level base paths with every mapping-key character', () => {
    expect(defineApp({ ...valid, basePath: 'orders/v2' }).basePath).toBe('orders/v2');
    expect(defineApp({ ...valid, basePath: "a$-_.+!*'()/b" }).basePath).toBe("a$-_.+!*'()/b");
  });

  it('names the app and the field in every error', () => {
    const error = problemsOf({ basePath: '/orders' });
    expect(error.app).toBe('app "orders"');
    expect(error.problems).toEqual([{ path: 'basePath', message: expect.stringContaining('must not start or end with "/"') }]);
    expect(error.message).toContain('Invalid app manifest for app "orders"');
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['a space', 'my orders', 'may only contain letters, digits'],
    ['a query character', 'orders?x', 'may only contain letters, digits'],
    ['a trailing slash', 'orders/', 'must not start or end'],
    ['an empty level', 'orders//v2', 'empty level'],
    ['301 characters', 'a'.repeat(301), 'at most 300'],
  ])('rejects a base path with %s', (_, basePath, message) => {
    expect(problemsOf({ basePath }).problems[0]?.message).toContain(message);
  });

  it.each([
    ['no method', '/orders', 'is not a route key'],
    ['a lower-case method', 'get /orders', 'is not a route key'],
    ['an unknown method', 'FETCH /orders', 'is not one of GET'],
    ['a path without a slash', 'GET orders', 'is not a route key'],
    ['a trailing slash', 'GET /orders/', 'must not end with "/"'],
    ['a greedy segment that is not last', 'GET /{proxy+}/x', 'must be the last'],
    ['a mixed segment', 'GET /file-{id}', 'mixes text and a parameter'],
    ['a repeated parameter', 'GET /{id}/{id}', 'appears twice'],
    ['an empty segment', 'GET /a//b', 'empty segment'],
  ])('rejects a route key with %s', (_, key, message) => {
    const error = problemsOf({ routes: { [key]: { scopes: [] } } });
    expect(error.problems).toContainEqual({ path: `routes[${JSON.stringify(key)}]`, message: expect.stringContaining(message) });
  });

  it('denies by default: a route without an auth requirement does not validate', () => {
    const error = problemsOf({ routes: { 'GET /x': {} } });
    expect(error.problems[0]?.message).toContain('every route needs an explicit auth requirement');
  });

  it('requires a reason of substance for a public route', () => {
    expect(problemsOf({ routes: { 'GET /x': { auth: 'public' } } }).problems[0]?.message).toContain('needs a reason');
    expect(problemsOf({ routes: { 'GET /x': { auth: 'public', reason: 'because' } } }).problems[0]?.message).toContain('at least 10');
  });

  it('rejects scopes and public together, unknown auth kinds and bad scopes', () => {
    expect(problemsOf({ routes: { 'GET /x': { scopes: [], auth: 'public', reason: 'x'.repeat(20) } } }).problems[0]?.message).toContain(
      'not both',
    );
    expect(problemsOf({ routes: { 'GET /x': { auth: 'none', reason: 'x'.repeat(20) } } }).problems[0]?.message).toContain(
      'auth may only be "public"',
    );
    expect(problemsOf({ routes: { 'GET /x': { scopes: ['a b'] } } }).problems[0]).toEqual({
      path: 'routes["GET /x"].scopes[0]',
      message: expect.stringContaining('no spaces or commas'),
    });
    expect(problemsOf({ routes: { 'GET /x': { scopes: ['a,b'] } } }).problems).toHaveLength(1);
    expect(problemsOf({ routes: { 'GET /x': { scopes: ['a', 'a'] } } }).problems[0]?.message).toContain('must not repeat');
  });

  it('requires at least one route', () => {
    expect(problemsOf({ routes: {} }).problems[0]?.message).toContain('at least one route');
  });

  it('bounds function settings by Lambda and API Gateway limits', () => {
    expect(problemsOf({ function: { timeoutSeconds: 31 } }).problems[0]).toEqual({
      path: 'function.timeoutSeconds',
      message: expect.stringContaining('API Gateway HTTP APIs end every integration at 30 s'),
    });
    expect(problemsOf({ function: { memoryMb: 64 } }).problems[0]?.path).toBe('function.memoryMb');
    expect(problemsOf({ function: { architecture: 'sparc' } }).problems[0]?.message).toContain('"arm64" or "x86_64"');
  });

  it('takes an optional reserved concurrency of 1 to 900, with an error that says why', () => {
    expect(problemsOf({ function: { reservedConcurrency: 0 } }).problems[0]).toEqual({
      path: 'function.reservedConcurrency',
      message: expect.stringContaining('0 would throttle every request'),
    });
    expect(problemsOf({ function: { reservedConcurrency: 901 } }).problems[0]?.message).toContain('100 of the default 1000');
    expect(problemsOf({ function: { reservedConcurrency: 2.5 } }).problems[0]?.message).toContain('whole number');
    expect(problemsOf({ function: { reservedConcurrency: '5' } }).problems[0]?.message).toContain('whole number');
  });

  it('rejects reserved and malformed environment variable names', () => {
    expect(problemsOf({ environment: { AWS_REGION: 'x' } }).problems[0]?.message).toContain('reserved');
    expect(problemsOf({ environment: { FRONTDESK_ISSUER: 'x' } }).problems[0]?.message).toContain('reserved');
    expect(problemsOf({ environment: { '1BAD': 'x' } }).problems[0]?.message).toContain('not a valid variable name');
  });

  it('rejects a bad name, a missing owner and unknown fields, all at once', () => {
    const error = problemsOf({ name: 'Orders_Service', owner: undefined, colour: 'blue' });
    expect(error.app).toBe('app "Orders_Service"');
    expect(error.problems.map((problem) => problem.path).sort()).toEqual(['', 'name', 'owner']);
    expect(error.message).toContain('colour');
  });
});

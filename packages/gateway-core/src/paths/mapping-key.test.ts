import { describe, expect, it } from 'vitest';
import { mappingKeyShape, routedRawPath } from './mapping-key.ts';

const event = (rawPath: string, routeKey: string, pathParameters?: Record<string, string>, httpPath?: string) => ({
  rawPath,
  routeKey,
  ...(pathParameters ? { pathParameters } : {}),
  requestContext: { http: { path: httpPath ?? rawPath } },
});

describe('where the API mapping key is: stripped from rawPath, or kept in it', () => {
  it.each([
    // [rawPath, routeKey, pathParameters, expected shape]
    ['/items/1', 'GET /items/{id}', { id: '1' }, 'stripped'],
    ['/orders/items/1', 'GET /items/{id}', { id: '1' }, 'kept'],
    ['/orders', 'GET /', undefined, 'kept'],
    ['/', 'GET /', undefined, 'stripped'],
    // The one ambiguity: the app's own route starts with its base path. The route decides.
    ['/orders/1', 'GET /orders/{id}', { id: '1' }, 'stripped'],
    ['/orders/orders/1', 'GET /orders/{id}', { id: '1' }, 'kept'],
    ['/orders/1', 'GET /{id}', { id: '1' }, 'kept'],
    ['/orders/orders', 'GET /{id}', { id: 'orders' }, 'kept'],
    ['/orders/x', 'ANY /{proxy+}', { proxy: 'orders/x' }, 'stripped'],
    ['/orders/x', 'ANY /{proxy+}', { proxy: 'x' }, 'kept'],
    ['/orders/a%2Fb', 'GET /{key}', { key: 'a/b' }, 'kept'],
    ['/orders/%7e', 'GET /{key}', { key: '~' }, 'kept'],
  ] as const)('%s for route %s %j → %s', (rawPath, routeKey, parameters, shape) => {
    expect(mappingKeyShape(event(rawPath, routeKey, parameters as Record<string, string> | undefined), 'orders')).toBe(shape);
  });

  it('is unknown for $default when rawPath starts with the base path and nothing else tells', () => {
    expect(mappingKeyShape(event('/orders/x', '$default'), 'orders')).toBeUndefined();
    expect(mappingKeyShape(event('/x', '$default'), 'orders')).toBe('stripped');
  });

  it('takes requestContext.http.path as a witness when it differs from rawPath by exactly the key', () => {
    expect(mappingKeyShape(event('/orders/x', '$default', undefined, '/orders/orders/x'), 'orders')).toBe('stripped');
  });

  it('is unknown when the route and the path disagree under both shapes (fail closed)', () => {
    expect(mappingKeyShape(event('/orders/items/1', 'GET /items/{id}', { id: '2' }), 'orders')).toBeUndefined();
  });

  it('needs no decision without a base path', () => {
    expect(mappingKeyShape(event('/orders/x', '$default'), undefined)).toBe('stripped');
    expect(mappingKeyShape(event('/orders/x', '$default'), '')).toBe('stripped');
  });

  it('handles multi-level keys and never strips a longer sibling prefix', () => {
    expect(mappingKeyShape(event('/orders/v2/items/1', 'GET /items/{id}', { id: '1' }), 'orders/v2')).toBe('kept');
    expect(mappingKeyShape(event('/ordersx/1', 'GET /ordersx/{id}', { id: '1' }), 'orders')).toBe('stripped');
  });

  it('gives the path the routes saw under either shape', () => {
    expect(routedRawPath(event('/orders/items/1', 'GET /items/{id}', { id: '1' }), 'orders')).toBe('/items/1');
    expect(routedRawPath(event('/items/1', 'GET /items/{id}', { id: '1' }), 'orders')).toBe('/items/1');
    expect(routedRawPath(event('/orders', 'GET /', undefined), 'orders')).toBe('/');
    expect(routedRawPath(event('/orders/x', '$default'), 'orders')).toBeUndefined();
  });
});

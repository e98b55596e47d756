import { defineApp } from '@frontdesk/gateway-core';
import { describe, expect, it } from 'vitest';
import { defaultProtectedRoute, defaultPublicRoute, resolveRoute } from './routes.ts';

const manifests = [
  defineApp({
    name: 'orders',
    owner: 'team-orders',
    basePath: 'orders',
    routes: {
      'GET /{orderId}': { scopes: ['orders:read'] },
      'GET /': { scopes: ['orders:read'] },
      'GET /special': { scopes: ['orders:admin'] },
      'ANY /files/{proxy+}': { scopes: ['files:read'] },
    },
  }),
  defineApp({
    name: 'ordersv2',
    owner: 'team-orders',
    basePath: 'orders/v2',
    routes: { 'GET /health': { auth: 'public', reason: 'Uptime probes carry no credentials.' }, $default: { scopes: [] } },
  }),
];

describe('verify routes', () => {
  it('picks a public and a scoped GET route without parameters by default', () => {
    expect(defaultPublicRoute(manifests)).toMatchObject({ path: '/orders/v2/health', app: 'ordersv2', scopes: undefined });
    expect(defaultProtectedRoute(manifests)).toMatchObject({ path: '/orders/', routeKey: 'GET /', scopes: ['orders:read'] });
  });

  it('resolves a path as API Gateway would: longest base path, then exact > {param} > greedy > $default', () => {
    expect(resolveRoute(manifests, '/orders/special')?.routeKey).toBe('GET /special');
    expect(resolveRoute(manifests, '/orders/o-1')?.routeKey).toBe('GET /{orderId}');
    expect(resolveRoute(manifests, '/orders/files/a/b?x=1')).toMatchObject({
      routeKey: 'ANY /files/{proxy+}',
      path: '/orders/files/a/b?x=1',
    });
    expect(resolveRoute(manifests, '/orders/v2/anything')).toMatchObject({ app: 'ordersv2', routeKey: '$default', scopes: [] });
    expect(resolveRoute(manifests, '/orders/a/b')).toBeUndefined();
    expect(resolveRoute(manifests, '/ordersx')).toBeUndefined();
  });
});

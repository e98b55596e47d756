import { describe, expect, it } from 'vitest';
import { defineApp, type AppManifestInput } from '../manifest/index.ts';
import { assertWorkspace, checkWorkspace, conflictsWith } from './check.ts';

const app = (name: string, basePath: string, routes: AppManifestInput['routes'] = { 'GET /': { scopes: [] } }) =>
  defineApp({ name, owner: `team-${name}`, basePath, routes });

describe('checkWorkspace', () => {
  it('finds nothing wrong with distinct names and base paths', () => {
    expect(checkWorkspace([app('orders', 'orders'), app('users', 'users'), app('ordersv2', 'orders-v2')])).toEqual([]);
  });

  it('rejects duplicate app names', () => {
    const findings = checkWorkspace([app('orders', 'orders'), app('orders', 'orders-b')]);
    expect(findings).toEqual([expect.objectContaining({ level: 'error', code: 'duplicate-name', apps: ['orders', 'orders'] })]);
  });

  it('rejects duplicate base paths and names both apps', () => {
    const findings = checkWorkspace([app('orders', 'shop'), app('carts', 'shop')]);
    expect(findings).toEqual([
      expect.objectContaining({
        level: 'error',
        code: 'duplicate-base-path',
        message: expect.stringContaining('"orders" and "carts" share base path "shop"'),
      }),
    ]);
    expect(() => assertWorkspace([app('orders', 'shop'), app('carts', 'shop')])).toThrow(/share base path "shop"/);
  });

  it('rejects base paths that differ only in case, naming both spellings', () => {
    const findings = checkWorkspace([app('orders', 'orders'), app('legacy', 'Orders'), app('v2', 'orders/V2'), app('v2b', 'Orders/v2')]);
    const duplicates = findings.filter((finding) => finding.code === 'duplicate-base-path');
    expect(duplicates).toEqual([
      expect.objectContaining({
        level: 'error',
        apps: ['orders', 'legacy'],
        message: expect.stringContaining('base paths "orders" and "Orders", which differ only in case'),
      }),
      expect.objectContaining({ level: 'error', apps: ['v2', 'v2b'], message: expect.stringContaining('"orders/V2" and "Orders/v2"') }),
    ]);
  });

  it('reports routes of an outer app that a nested base path shadows, naming them', () => {
    const outer = app('orders', 'orders', { 'GET /v2/{id}': { scopes: [] }, 'GET /{id}': { scopes: [] }, 'GET /list': { scopes: [] } });
    const findings = checkWorkspace([outer, app('ordersv2', 'orders/v2')]);
    expect(findings).toEqual([expect.objectContaining({ level: 'error', code: 'shadowed-routes', apps: ['orders', 'ordersv2'] })]);
    expect(findings[0]?.message).toContain('"GET /v2/{id}", "GET /{id}"');
    expect(findings[0]?.message).not.toContain('GET /list');
  });

  it('counts greedy and $default routes as shadowed', () => {
    const greedy = app('orders', 'orders', { 'ANY /{proxy+}': { scopes: [] } });
    expect(checkWorkspace([greedy, app('deep', 'orders/v2/items')])[0]?.code).toBe('shadowed-routes');
    const fallback = app('orders', 'orders', { $default: { scopes: [] } });
    expect(checkWorkspace([fallback, app('deep', 'orders/v2')])[0]?.code).toBe('shadowed-routes');
  });

  it('only warns about a nested base path that hides no route', () => {
    const findings = checkWorkspace([app('orders', 'orders', { 'GET /list': { scopes: [] } }), app('ordersv2', 'orders/v2')]);
    expect(findings).toEqual([expect.objectContaining({ level: 'warning', code: 'nested-base-path' })]);
    expect(assertWorkspace([app('orders', 'orders', { 'GET /list': { scopes: [] } }), app('ordersv2', 'orders/v2')])).toHaveLength(1);
  });

  it('does not confuse a shared prefix with nesting', () => {
    expect(checkWorkspace([app('orders', 'orders', { 'ANY /{proxy+}': { scopes: [] } }), app('ordersv2', 'orders-v2')])).toEqual([]);
  });
});

describe('conflictsWith', () => {
  it('names what a newcomer conflicts with and leaves out what the others already had', () => {
    const others = [app('orders', 'shop'), app('carts', 'shop'), app('users', 'users', { 'ANY /{proxy+}': { scopes: [] } })];
    const findings = conflictsWith(app('profiles', 'users/profiles'), others);
    expect(findings).toEqual([expect.objectContaining({ level: 'error', code: 'shadowed-routes', apps: ['users', 'profiles'] })]);
  });

  it('reports warnings too, and nothing for an app that fits', () => {
    expect(conflictsWith(app('ordersv2', 'orders/v2'), [app('orders', 'orders', { 'GET /list': { scopes: [] } })])).toEqual([
      expect.objectContaining({ level: 'warning', code: 'nested-base-path' }),
    ]);
    expect(conflictsWith(app('billing', 'billing'), [app('orders', 'orders'), app('orders', 'orders-b')])).toEqual([]);
  });

  it('finds a second app of one name or base path', () => {
    expect(conflictsWith(app('orders', 'orders-b'), [app('orders', 'orders')]).map((finding) => finding.code)).toEqual(['duplicate-name']);
    expect(conflictsWith(app('legacy', 'Orders'), [app('orders', 'orders')]).map((finding) => finding.code)).toEqual([
      'duplicate-base-path',
    ]);
  });
});

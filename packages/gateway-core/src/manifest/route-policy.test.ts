import { describe, expect, it } from 'vitest';
import { defineApp } from './define-app.ts';
import { appNameFrom, basePathFrom, routePolicyStageVariables, routeRequirementFrom, routeStageVariableName } from './route-policy.ts';

const manifest = defineApp({
  name: 'orders',
  owner: 'team-orders',
  basePath: 'orders',
  routes: {
    'GET /{id}': { scopes: ['orders:read'] },
    'POST /': { scopes: ['orders:write', 'orders:read'] },
    'GET /me': { scopes: [] },
    'GET /health': { auth: 'public', reason: 'Probes carry no credentials.' },
  },
});

describe('route policy as stage variables', () => {
  const variables = routePolicyStageVariables(manifest);

  it('round-trips every protected route and names the app', () => {
    expect(appNameFrom(variables)).toBe('orders');
    expect(routeRequirementFrom(variables, 'GET /{id}')).toEqual({ kind: 'scopes', scopes: ['orders:read'] });
    expect(routeRequirementFrom(variables, 'POST /')).toEqual({ kind: 'scopes', scopes: ['orders:write', 'orders:read'] });
    expect(routeRequirementFrom(variables, 'GET /me')).toEqual({ kind: 'scopes', scopes: [] });
  });

  it('publishes nothing for public routes and unknown routes (the authorizer fails closed)', () => {
    expect(routeRequirementFrom(variables, 'GET /health')).toBeUndefined();
    expect(routeRequirementFrom(variables, 'DELETE /{id}')).toBeUndefined();
    expect(routeRequirementFrom(undefined, 'GET /{id}')).toBeUndefined();
    expect(routeRequirementFrom({ [routeStageVariableName('GET /{id}')]: 'orders:read' }, 'GET /{id}')).toBeUndefined();
  });

  it('carries the base path, encoding characters stage variables cannot hold', () => {
    expect(basePathFrom(variables)).toBe('orders');
    const odd = defineApp({ ...manifest, name: 'odd', basePath: 'odd$(v1)/x+y' });
    const oddVariables = routePolicyStageVariables(odd);
    expect(basePathFrom(oddVariables)).toBe('odd$(v1)/x+y');
    expect(Object.values(oddVariables).every((value) => /^[A-Za-z0-9\-._~:/?#&=,]*$/.test(value))).toBe(true);
  });

  it('uses only names and values API Gateway accepts for stage variables', () => {
    for (const [name, value] of Object.entries(variables)) {
      expect(name).toMatch(/^[A-Za-z0-9_]{1,64}$/);
      expect(value).toMatch(/^[A-Za-z0-9\-._~:/?#&=,]*$/);
      expect(value.length).toBeLessThanOrEqual(2048);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '@frontdesk/gateway-core/policy';
import { routeStageVariableName } from '@frontdesk/gateway-core';
import { declaredRoutes, deployedRoutes } from './route-access.ts';
import { diffDeployed } from './route-diff.ts';

function deployed(routes: Record<string, { type: string; scopes?: string[] }>): CfnTemplate {
  const resources: Record<string, unknown> = {};
  const variables: Record<string, string> = {};
  Object.entries(routes).forEach(([key, route], index) => {
    resources[`Route${index}`] = { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: key, AuthorizationType: route.type } };
    if (route.scopes) variables[routeStageVariableName(key)] = `scopes:${route.scopes.join(',')}`;
  });
  resources.Stage = { Type: 'AWS::ApiGatewayV2::Stage', Properties: { StageVariables: variables } };
  return { Resources: resources } as CfnTemplate;
}

describe('deployed access (what API Gateway enforces) against declared access', () => {
  const declared = declaredRoutes({
    routes: { 'GET /': { scopes: ['orders:read'] }, 'GET /health': { auth: 'public', reason: 'probes' } },
  });

  it('reads routes without an authorizer as public and protected ones by their stage variable, failing closed without one', () => {
    const routes = deployedRoutes(
      deployed({
        'GET /': { type: 'CUSTOM', scopes: ['orders:read'] },
        'GET /health': { type: 'NONE' },
        'POST /': { type: 'CUSTOM' },
        'GET /x': { type: 'AWS_IAM' },
      }),
    );
    expect(Object.fromEntries(routes)).toEqual({
      'GET /': { kind: 'scopes', scopes: ['orders:read'] },
      'GET /health': { kind: 'public' },
      'POST /': { kind: 'denied', why: 'no scope requirement published: the authorizer denies every call' },
      'GET /x': { kind: 'denied', why: "authorization type AWS_IAM is not Frontdesk's authorizer" },
    });
  });

  it('flags a template that deploys a route looser than its manifest (a construct or CDK change), and ignores drift the base already had', () => {
    const good = deployedRoutes(deployed({ 'GET /': { type: 'CUSTOM', scopes: ['orders:read'] }, 'GET /health': { type: 'NONE' } }));
    const dropped = deployedRoutes(deployed({ 'GET /': { type: 'NONE' }, 'GET /health': { type: 'NONE' } }));
    expect(diffDeployed(declared, good, dropped, declared)).toEqual([
      expect.objectContaining({
        subject: 'GET /',
        kind: 'route-drift',
        review: 'platform',
        title: 'deployed as public but declared scopes `orders:read`',
      }),
    ]);
    expect(diffDeployed(declared, dropped, dropped, declared)).toEqual([]);
    expect(diffDeployed(declared, good, good, declared)).toEqual([]);
  });

  it('flags deployed scopes that changed while the manifest did not', () => {
    const before = deployedRoutes(deployed({ 'GET /': { type: 'CUSTOM', scopes: ['orders:read'] }, 'GET /health': { type: 'NONE' } }));
    const loose = declaredRoutes({ routes: { 'GET /': { scopes: [] }, 'GET /health': { auth: 'public', reason: 'probes' } } });
    const after = deployedRoutes(deployed({ 'GET /': { type: 'CUSTOM', scopes: [] }, 'GET /health': { type: 'NONE' } }));
    expect(diffDeployed(loose, before, after, loose)).toEqual([
      expect.objectContaining({
        kind: 'route-drift',
        review: 'platform',
        title: 'deployed access changed from scopes `orders:read` to any valid token without a manifest change',
      }),
    ]);
  });
});

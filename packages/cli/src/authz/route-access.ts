import { routeRequirementFrom } from '@frontdesk/gateway-core';
import type { CfnTemplate } from '@frontdesk/gateway-core/policy';
import { isObject } from './template-paths.ts';

/**
 * Who may call a route: anyone (with the manifest's stated reason), any holder of a valid token
 * carrying every listed scope, or nobody (the authorizer finds no requirement and fails closed).
 */
export type Access =
  | { readonly kind: 'public'; readonly reason?: string }
  | { readonly kind: 'scopes'; readonly scopes: readonly string[] }
  | { readonly kind: 'denied'; readonly why: string };

/** The routes as the manifest declares them. */
export function declaredRoutes(manifest: Record<string, unknown>): Map<string, Access> {
  const routes = new Map<string, Access>();
  const declared = isObject(manifest.routes) ? manifest.routes : {};
  for (const [key, route] of Object.entries(declared)) {
    if (!isObject(route)) continue;
    if (route.auth === 'public') routes.set(key, { kind: 'public', reason: typeof route.reason === 'string' ? route.reason : undefined });
    else routes.set(key, { kind: 'scopes', scopes: Array.isArray(route.scopes) ? route.scopes.map(String) : [] });
  }
  return routes;
}

/**
 * The routes as the synthesized template deploys them: a route without an authorizer is public
 * whatever the manifest says; a route with one requires the scopes its stage variable carries,
 * the way the shared authorizer reads them (route-policy.ts), or is denied without one.
 */
export function deployedRoutes(template: CfnTemplate | undefined): Map<string, Access> {
  const resources = Object.values(template?.Resources ?? {});
  const stage = resources.find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
  const variables = isObject(stage?.Properties?.StageVariables) ? (stage.Properties.StageVariables as Record<string, string>) : undefined;
  const routes = new Map<string, Access>();
  for (const resource of resources) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const key = resource.Properties?.RouteKey;
    if (typeof key !== 'string') continue;
    const type = resource.Properties?.AuthorizationType;
    if (type === undefined || type === 'NONE') {
      routes.set(key, { kind: 'public' });
      continue;
    }
    if (type !== 'CUSTOM') {
      routes.set(key, { kind: 'denied', why: `authorization type ${String(type)} is not Frontdesk's authorizer` });
      continue;
    }
    const requirement = routeRequirementFrom(variables, key);
    routes.set(
      key,
      requirement
        ? { kind: 'scopes', scopes: requirement.scopes }
        : { kind: 'denied', why: 'no scope requirement published: the authorizer denies every call' },
    );
  }
  return routes;
}

export function describeAccess(access: Access | undefined): string {
  if (!access) return 'absent';
  if (access.kind === 'public') return 'public';
  if (access.kind === 'denied') return 'denied to everyone';
  return access.scopes.length === 0 ? 'any valid token' : `scopes ${access.scopes.map((scope) => `\`${scope}\``).join(', ')}`;
}

export function sameAccess(a: Access | undefined, b: Access | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'scopes' && b.kind === 'scopes') return [...a.scopes].sort().join(' ') === [...b.scopes].sort().join(' ');
  return true;
}

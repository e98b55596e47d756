import { parseRouteKey, type ParsedRouteKey } from './route-key.ts';
import { isPublicRoute, type AppManifest } from './schema.ts';

/** One row of the route table every consumer (CDK, local gateway, docs, lint) shares. */
export interface RouteEntry extends ParsedRouteKey {
  readonly app: string;
  readonly owner: string;
  readonly basePath: string;
  /** The path a client calls on the shared domain, e.g. `/orders/{id}`. */
  readonly externalPath: string;
  readonly auth: { readonly kind: 'public'; readonly reason: string } | { readonly kind: 'scopes'; readonly scopes: readonly string[] };
}

/** The manifest's routes as table rows, in declaration order. */
export function routeTable(manifest: AppManifest): RouteEntry[] {
  return Object.entries(manifest.routes).map(([key, route]) => {
    const parsed = parseRouteKey(key);
    const tail = parsed.path === undefined || parsed.path === '/' ? '' : parsed.path;
    return {
      ...parsed,
      app: manifest.name,
      owner: manifest.owner,
      basePath: manifest.basePath,
      externalPath: parsed.path === undefined ? `/${manifest.basePath}/*` : `/${manifest.basePath}${tail}`,
      auth: isPublicRoute(route) ? { kind: 'public', reason: route.reason } : { kind: 'scopes', scopes: route.scopes },
    };
  });
}

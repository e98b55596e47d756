import { routeTable, type AppManifest, type RouteEntry } from '@frontdesk/gateway-core';

/** A path `pnpm verify` calls, resolved against the manifests to the route that serves it. */
export interface VerifyRoute {
  /** The path on the front door, e.g. `/users/me/request`. */
  readonly path: string;
  readonly app: string;
  readonly basePath: string;
  readonly routeKey: string;
  /** Scopes the route requires; `undefined` for a public route. */
  readonly scopes: readonly string[] | undefined;
}

/** The path a GET request to a route without parameters uses (`GET /` is `/<base path>/`). */
function pathOf(entry: RouteEntry): string {
  return entry.path === '/' ? `/${entry.basePath}/` : entry.externalPath;
}

const literal = (entry: RouteEntry) => entry.path !== undefined && entry.segments.every((segment) => segment.kind === 'literal');
const gettable = (entry: RouteEntry) => entry.method === 'GET' || entry.method === 'ANY';
const toRoute = (entry: RouteEntry, path = pathOf(entry)): VerifyRoute => ({
  path,
  app: entry.app,
  basePath: entry.basePath,
  routeKey: entry.key,
  scopes: entry.auth.kind === 'public' ? undefined : entry.auth.scopes,
});

function entries(manifests: readonly AppManifest[]): RouteEntry[] {
  return [...manifests].sort((a, b) => a.name.localeCompare(b.name)).flatMap((manifest) => routeTable(manifest));
}

/** The first public GET route without parameters: what `pnpm verify` calls without a token. */
export function defaultPublicRoute(manifests: readonly AppManifest[]): VerifyRoute | undefined {
  const entry = entries(manifests).find((candidate) => gettable(candidate) && literal(candidate) && candidate.auth.kind === 'public');
  return entry && toRoute(entry);
}

/** The first GET route without parameters that requires at least one scope (the 401/403/200 checks). */
export function defaultProtectedRoute(manifests: readonly AppManifest[]): VerifyRoute | undefined {
  const entry = entries(manifests).find(
    (candidate) => gettable(candidate) && literal(candidate) && candidate.auth.kind === 'scopes' && candidate.auth.scopes.length > 0,
  );
  return entry && toRoute(entry);
}

/**
 * The route a GET of `path` reaches, as API Gateway chooses it: the app with the longest base
 * path the path lies under, then an exact route, else one with `{param}`s, else a greedy one,
 * else `$default`. `undefined` when no app or route serves it.
 */
export function resolveRoute(manifests: readonly AppManifest[], path: string): VerifyRoute | undefined {
  const clean = path.split('?')[0] ?? path;
  const owner = [...manifests]
    .filter((manifest) => clean === `/${manifest.basePath}` || clean.startsWith(`/${manifest.basePath}/`))
    .sort((a, b) => b.basePath.length - a.basePath.length)[0];
  if (!owner) return undefined;
  const rest = clean.slice(owner.basePath.length + 1);
  const segments = rest === '' || rest === '/' ? [] : rest.slice(1).split('/');
  const table = routeTable(owner).filter((entry) => entry.path === undefined || gettable(entry));
  const score = (entry: RouteEntry): number | undefined => {
    if (entry.path === undefined) return 0;
    let rank = 3;
    for (const [index, segment] of entry.segments.entries()) {
      if (segment.kind === 'greedy') return index < segments.length ? 1 : undefined;
      const value = segments[index];
      if (value === undefined) return undefined;
      if (segment.kind === 'literal' && segment.value !== value) return undefined;
      if (segment.kind === 'param') rank = 2;
    }
    return entry.segments.length === segments.length ? rank + (entry.method === 'GET' ? 0.5 : 0) : undefined;
  };
  const best = table
    .map((entry) => ({ entry, rank: score(entry) }))
    .filter((candidate): candidate is { entry: RouteEntry; rank: number } => candidate.rank !== undefined)
    .sort((a, b) => b.rank - a.rank)[0];
  return best && toRoute(best.entry, path);
}

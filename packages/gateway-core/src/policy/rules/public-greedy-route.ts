import { routeTable, type PathSegment, type RouteEntry } from '../../manifest/index.ts';
import type { Finding } from '../finding.ts';
import { findingOf, type PolicyRule } from './rule.ts';

/**
 * FD-ROUTE-004: a public greedy route (`{proxy+}`, or a public `$default`) hands its whole subtree
 * to the app's function without an authorizer call. API Gateway picks the protected route only for
 * a path that matches it exactly, segment by segment and case-sensitively; the app's own router
 * is often looser (a trailing slash, `//`, another letter case, a resolved `..`), so a protected
 * route under the greedy prefix can be served through the public one.
 */
export const publicGreedyRoute: PolicyRule = {
  id: 'FD-ROUTE-004',
  title: 'No public greedy route covers a protected route of the same app',
  level: 'warning',
  rationale:
    'A public {proxy+} route (or public $default) sends every path under its prefix to the function with no authorizer call. API Gateway chooses a protected route there only for an exact, case-sensitive match, while the app’s router may ignore a trailing slash or letter case, or resolve dot segments, and serve the protected code to a request that was never authorized. An app that mixes a public greedy route with protected routes elsewhere gets a note: only the path checks of the gateway and withFrontdesk keep dot segments out.',
  fix: 'Move the protected routes out from under the public greedy prefix (or into another app), or protect the greedy route',
  check(input) {
    const findings: Finding[] = [];
    for (const app of input.apps) {
      const routes = routeTable(app.manifest);
      const protectedRoutes = routes.filter((route) => route.auth.kind === 'scopes');
      for (const greedy of routes.filter((route) => route.auth.kind === 'public' && isGreedy(route))) {
        const prefix = greedyPrefix(greedy);
        const covered = protectedRoutes.filter((route) => methodsOverlap(greedy, route) && under(prefix, route.segments));
        const at = { file: app.manifestFile, anchor: greedy.key };
        const resource = { path: `routes["${greedy.key}"]`, aliases: [greedy.key] };
        if (covered.length > 0) {
          findings.push(
            findingOf(this, {
              app: app.manifest.name,
              resource,
              message: `public route "${greedy.key}" covers protected ${covered.length === 1 ? 'route' : 'routes'} ${covered.map((route) => `"${route.key}"`).join(', ')}: the app's router may serve ${covered.length === 1 ? 'it' : 'them'} to an unauthorized request that API Gateway matched to "${greedy.key}"`,
              ...at,
            }),
          );
        } else if (protectedRoutes.length > 0) {
          findings.push(
            findingOf(this, {
              app: app.manifest.name,
              level: 'note',
              resource,
              message: `public route "${greedy.key}" shares a function with protected routes; requests with dot segments are refused by the local gateway, withFrontdesk and the authorizer, and a handler not wrapped in withFrontdesk relies on API Gateway alone`,
              fix: 'Wrap the handler in withFrontdesk, or serve the public greedy route from another app',
              ...at,
            }),
          );
        }
      }
    }
    return findings;
  },
};

function isGreedy(route: RouteEntry): boolean {
  return route.method === undefined || route.segments.at(-1)?.kind === 'greedy';
}

/** The segments before `{proxy+}`; `$default` covers everything. */
function greedyPrefix(route: RouteEntry): readonly PathSegment[] {
  return route.method === undefined ? [] : route.segments.slice(0, -1);
}

function methodsOverlap(a: RouteEntry, b: RouteEntry): boolean {
  return a.method === undefined || a.method === 'ANY' || b.method === 'ANY' || a.method === b.method;
}

/** Whether a path with `segments` can lie strictly below `prefix` (a parameter matches any literal). */
function under(prefix: readonly PathSegment[], segments: readonly PathSegment[]): boolean {
  if (segments.length <= prefix.length) return false;
  return prefix.every((segment, index) => {
    const other = segments[index] as PathSegment;
    return segment.kind !== 'literal' || other.kind !== 'literal' || segment.value.toLowerCase() === other.value.toLowerCase();
  });
}

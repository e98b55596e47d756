import { parseRouteKey, routeKeyProblem } from '../../manifest/index.ts';
import type { Finding } from '../finding.ts';
import { render, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** API Gateway treats `GET /{id}` and `GET /{orderId}` as one route: parameter names do not count. */
function routeShape(routeKey: string): string {
  const { method, segments } = parseRouteKey(routeKey);
  if (method === undefined) return routeKey;
  const path = segments.map((segment) => (segment.kind === 'literal' ? segment.value : segment.kind === 'param' ? '{}' : '{+}')).join('/');
  return `${method} /${path}`;
}

/** FD-ROUTE-003: route keys are valid, unique per app, and the deployed routes are exactly the manifest's. */
export const routeKeys: PolicyRule = {
  id: 'FD-ROUTE-003',
  title: 'Route keys are valid and unique per app, and the synthesized routes match the manifest',
  level: 'error',
  rationale:
    'Two keys that differ only in parameter names are one route to API Gateway (the deploy fails); a synthesized route the manifest does not declare, or a declared one that is missing, means local routing, docs and production have drifted.',
  fix: 'Declare each route once in app.config.ts (parameter names do not make routes distinct) and synthesize the API from the manifest',
  check(input) {
    const findings: Finding[] = [];
    for (const app of input.apps) {
      const seen = new Map<string, string>();
      for (const key of Object.keys(app.manifest.routes)) {
        const shape = routeShape(key);
        const first = seen.get(shape);
        if (first === undefined) seen.set(shape, key);
        else {
          findings.push(
            findingOf(this, {
              app: app.manifest.name,
              resource: { path: `routes["${key}"]`, aliases: [key] },
              message: `route "${key}" is the same API Gateway route as "${first}" (parameter names do not distinguish routes)`,
              file: app.manifestFile,
              anchor: key,
            }),
          );
        }
      }
    }
    for (const stack of input.stacks ?? []) {
      const { manifest, file } = stackOwner(input, stack);
      const routes = resourcesOfType(stack.template, stack.stackName, 'AWS::ApiGatewayV2::Route');
      const byApi = new Map<string, Set<string>>();
      for (const { logicalId, resource, path } of routes) {
        const routeKey = String(resource.Properties?.RouteKey ?? '');
        const api = render(resource.Properties?.ApiId);
        const at = { path, logicalId, aliases: [routeKey] };
        const located = file === undefined ? {} : { file, anchor: routeKey };
        const problem = routeKeyProblem(routeKey);
        if (problem) {
          findings.push(findingOf(this, { app: stack.app, resource: at, message: `invalid route key: ${problem}`, ...located }));
          continue;
        }
        const keys = byApi.get(api) ?? new Set<string>();
        const shape = routeShape(routeKey);
        if (keys.has(shape)) {
          findings.push(
            findingOf(this, { app: stack.app, resource: at, message: `route "${routeKey}" is defined twice on one API`, ...located }),
          );
        }
        keys.add(shape);
        byApi.set(api, keys);
        if (manifest && !(routeKey in manifest.routes)) {
          findings.push(
            findingOf(this, {
              app: stack.app,
              resource: at,
              message: `route "${routeKey}" is synthesized but not declared in the manifest`,
              ...located,
            }),
          );
        }
      }
      if (manifest && routes.length > 0) {
        const synthesized = new Set(routes.map(({ resource }) => String(resource.Properties?.RouteKey ?? '')));
        for (const key of Object.keys(manifest.routes).filter((declared) => !synthesized.has(declared))) {
          findings.push(
            findingOf(this, {
              app: stack.app,
              resource: { path: `${stack.stackName}/routes["${key}"]`, aliases: [key] },
              message: `route "${key}" is declared in the manifest but missing from stack ${stack.stackName}`,
              ...(file === undefined ? {} : { file, anchor: key }),
            }),
          );
        }
      }
    }
    return findings;
  },
};

import { basePathShadows, parseRouteKey, type AppManifest } from '../manifest/index.ts';

type FindingLevel = 'error' | 'warning';

/** One cross-app problem found by {@link checkWorkspace}. */
export interface WorkspaceFinding {
  readonly level: FindingLevel;
  readonly code: 'duplicate-name' | 'duplicate-base-path' | 'shadowed-routes' | 'nested-base-path';
  readonly apps: readonly string[];
  readonly message: string;
}

/**
 * Checks the apps of one workspace against each other:
 * - two apps with one name, or one base path (compared ignoring case) → error (stacks and
 *   mappings would collide; case-only differences would route a mistyped URL to another app);
 * - a base path nested under another (`orders/v2` under `orders`): API Gateway sends every
 *   request below `/orders/v2` to the inner app, so any route of the outer app that could match
 *   there is unreachable → error naming those routes; with no such route → warning.
 */
export function checkWorkspace(manifests: readonly AppManifest[]): WorkspaceFinding[] {
  const findings: WorkspaceFinding[] = [];
  const byName = groupBy(manifests, (manifest) => manifest.name);
  for (const [name, group] of byName) {
    if (group.length > 1) {
      findings.push({
        level: 'error',
        code: 'duplicate-name',
        apps: group.map((manifest) => manifest.name),
        message: `${group.length} apps are named "${name}"; app names must be unique (they name stacks, functions and SSM paths)`,
      });
    }
  }
  // Base paths that differ only in case are refused too: API Gateway would route /Orders and
  // /orders to different apps, so a caller's typo (or a proxy that folds case) would send their
  // request, and their token, to another team's app.
  const byBasePath = groupBy(manifests, (manifest) => manifest.basePath.toLowerCase());
  for (const [, group] of byBasePath) {
    if (group.length < 2) continue;
    const names = group.map((manifest) => `"${manifest.name}"`).join(' and ');
    const spellings = [...new Set(group.map((manifest) => manifest.basePath))];
    findings.push({
      level: 'error',
      code: 'duplicate-base-path',
      apps: group.map((manifest) => manifest.name),
      message:
        spellings.length === 1
          ? `apps ${names} share base path "${spellings[0]}"; each app needs its own`
          : `apps ${names} have base paths ${spellings.map((basePath) => `"${basePath}"`).join(' and ')}, which differ only in case; a caller who mistypes the case would reach another app, so base paths must differ in more than case`,
    });
  }
  for (const outer of manifests) {
    for (const inner of manifests) {
      if (!basePathShadows(inner.basePath, outer.basePath)) continue;
      const prefix = inner.basePath.slice(outer.basePath.length + 1).split('/');
      const shadowed = Object.keys(outer.routes).filter((key) => routeCouldMatchPrefix(key, prefix));
      findings.push(
        shadowed.length > 0
          ? {
              level: 'error',
              code: 'shadowed-routes',
              apps: [outer.name, inner.name],
              message:
                `base path "${inner.basePath}" (app "${inner.name}") shadows routes of app "${outer.name}" (base path "${outer.basePath}"): ` +
                `${shadowed.map((key) => `"${key}"`).join(', ')} can never receive requests under /${inner.basePath}; rename one base path or narrow the routes`,
            }
          : {
              level: 'warning',
              code: 'nested-base-path',
              apps: [outer.name, inner.name],
              message: `base path "${inner.basePath}" (app "${inner.name}") is nested under "${outer.basePath}" (app "${outer.name}"); requests under /${inner.basePath} go to "${inner.name}"`,
            },
      );
    }
  }
  return findings;
}

/**
 * What stands in the way of `manifest` joining `others`: the findings of {@link checkWorkspace}
 * over them all that name it (errors and warnings). Findings among `others` alone are left out,
 * so an app is judged only on what it brings. The one question `create-app`, `pnpm dev`'s
 * reloads and its start-up all ask before serving or writing an app.
 */
export function conflictsWith(manifest: AppManifest, others: readonly AppManifest[]): WorkspaceFinding[] {
  return checkWorkspace([...others, manifest]).filter((finding) => finding.apps.includes(manifest.name));
}

/** Throws one error listing every error-level finding; returns the warnings. */
export function assertWorkspace(manifests: readonly AppManifest[]): WorkspaceFinding[] {
  const findings = checkWorkspace(manifests);
  const errors = findings.filter((finding) => finding.level === 'error');
  if (errors.length > 0) {
    throw new Error(`Workspace manifests conflict:\n${errors.map((finding) => `  - ${finding.message}`).join('\n')}`);
  }
  return findings;
}

/** Could a request whose path starts with `/<prefix...>` match this route? */
function routeCouldMatchPrefix(routeKey: string, prefix: readonly string[]): boolean {
  const { segments, path } = parseRouteKey(routeKey);
  if (path === undefined) return true; // $default catches everything
  for (let index = 0; index < prefix.length; index += 1) {
    const segment = segments[index];
    if (segment === undefined) return false;
    if (segment.kind === 'greedy') return true;
    if (segment.kind === 'literal' && segment.value !== prefix[index]) return false;
  }
  return true;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

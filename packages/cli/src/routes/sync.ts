import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadWorkspace } from '@frontdesk/gateway-core/workspace';
import { OPENAPI_DIR, openApiFile, renderOpenApi } from './openapi.ts';
import { codeownersBlock, formatRouteTable, routeRows, routesMarkdown, withCodeownersBlock } from './render.ts';

export const ROUTES_DOC = 'docs/routes.md';
export const CODEOWNERS = '.github/CODEOWNERS';

export interface SyncOutcome {
  /** The route table as printed. */
  readonly table: string;
  /** Generated files whose content differed (written unless `check`). */
  readonly stale: string[];
  /** Manifests that did not load; nothing is written while any is broken. */
  readonly broken: string[];
}

/**
 * Regenerates (or, with `check`, only compares) the route doc, the CODEOWNERS block and each
 * app's OpenAPI description; a description left from a removed app is stale too (and removed).
 */
export async function syncRoutes(root: string, options: { check?: boolean } = {}): Promise<SyncOutcome> {
  const { apps, broken } = await loadWorkspace(root);
  if (broken.length > 0) return { table: '', stale: [], broken: broken.map((app) => app.error.message) };
  const routesApps = apps.map((app) => ({ dir: relative(root, app.dir), manifest: app.manifest }));
  const read = (file: string) => (existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : undefined);
  const wanted = new Map<string, string>([
    [ROUTES_DOC, routesMarkdown(routesApps)],
    [CODEOWNERS, withCodeownersBlock(read(CODEOWNERS), codeownersBlock(routesApps))],
    ...apps.map((app) => [openApiFile(app.manifest.name), renderOpenApi(app.manifest, packageVersion(app.dir))] as [string, string]),
  ]);
  const stale: string[] = [];
  for (const [file, content] of wanted) {
    if (read(file) === content) continue;
    stale.push(file);
    if (!options.check) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), content);
    }
  }
  const openApiDir = join(root, OPENAPI_DIR);
  for (const name of existsSync(openApiDir) ? readdirSync(openApiDir).sort() : []) {
    const file = `${OPENAPI_DIR}/${name}`;
    if (!name.endsWith('.json') || wanted.has(file)) continue;
    stale.push(file);
    if (!options.check) rmSync(join(root, file));
  }
  return { table: formatRouteTable(routeRows(routesApps)), stale, broken: [] };
}

/** The app package's version, for the description's `info.version`. */
function packageVersion(dir: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ManifestError, parseManifest, type AppManifest } from '@frontdesk/gateway-core';
import { conflictsWith, loadWorkspace, type WorkspaceFinding } from '@frontdesk/gateway-core/workspace';
import templateManifest from '../../templates/app/app.config.ts';
import { CreateAppError } from './errors.ts';
import { readOpenApi } from './openapi/read-document.ts';
import { renderOpenApiHandler, renderOpenApiManifest } from './openapi/render.ts';
import { routesFromOpenApi } from './openapi/routes.ts';
import { OPENAPI_TEMPLATE_DIR, renderTemplate, renderText, type TemplateValues } from './template.ts';

export interface CreateAppOptions {
  /** The repository root (holds pnpm-workspace.yaml and apps/). */
  readonly root: string;
  readonly name: string;
  /** The team or user that answers for the app (CODEOWNERS); required, never invented. */
  readonly owner: string;
  /** @default the name */
  readonly basePath?: string;
  /** An OpenAPI 3.0/3.1 document (JSON or YAML) to take the routes and scopes from. */
  readonly fromOpenApi?: string;
}

export interface AppPlan {
  /** `apps/<name>`, relative to the root. */
  readonly dir: string;
  readonly manifest: AppManifest;
  /** Relative path inside the app → content. */
  readonly files: ReadonlyMap<string, string>;
  /** Non-blocking findings about the new app (e.g. a nested base path that hides nothing). */
  readonly warnings: readonly WorkspaceFinding[];
  /** Routes create-app decided rather than the OpenAPI document, with why (empty without one). */
  readonly reviews: readonly { readonly key: string; readonly review: string }[];
  /** OpenAPI operations that could not become routes. */
  readonly skipped: readonly string[];
}

/**
 * Validates a new app against the manifest schema and every existing app, and renders its
 * files, writing nothing. Throws a {@link CreateAppError} naming what to change.
 */
export async function planApp(options: CreateAppOptions): Promise<AppPlan> {
  if (typeof options.owner !== 'string' || options.owner.trim() === '') {
    throw new CreateAppError(
      'ERR_USAGE',
      `Cannot create apps/${options.name}: an owner is required (the team or user that answers for it in CODEOWNERS)`,
    );
  }
  const values: TemplateValues = {
    name: options.name,
    owner: options.owner,
    basePath: options.basePath ?? options.name,
  };
  const dir = `apps/${values.name}`;
  const manifestFile = `${dir}/app.config.ts`;

  const openApi = options.fromOpenApi === undefined ? undefined : fromOpenApi(options.fromOpenApi, values);
  // The template's own manifest with the new values (or the document's routes): the schema, not
  // this file, decides what is valid.
  let manifest: AppManifest;
  try {
    manifest = parseManifest(
      openApi?.manifest ?? {
        ...templateManifest,
        ...values,
        description: templateManifest.description && renderText(templateManifest.description, values),
      },
      manifestFile,
    );
  } catch (error) {
    if (error instanceof ManifestError) throw new CreateAppError('ERR_INVALID_MANIFEST', `Cannot create ${dir}: ${error.message}`);
    throw error;
  }

  if (existsSync(join(options.root, dir))) {
    throw new CreateAppError('ERR_APP_EXISTS', `Cannot create ${dir}: it already exists. Pick another name, or edit ${manifestFile}.`);
  }

  const { apps, broken } = await loadWorkspace(options.root);
  if (broken.length > 0) {
    throw new CreateAppError(
      'ERR_WORKSPACE_BROKEN',
      `Cannot check ${dir} against the other apps while these manifests do not load:\n` +
        broken.map((app) => `  - ${app.manifestFile}: ${app.error.message.split('\n').join('\n    ')}`).join('\n'),
    );
  }
  const findings = conflictsWith(
    manifest,
    apps.map((app) => app.manifest),
  );
  const errors = findings.filter((finding) => finding.level === 'error');
  if (errors.length > 0) {
    throw new CreateAppError(
      'ERR_WORKSPACE_CONFLICT',
      `Cannot create ${dir}: it conflicts with existing apps:\n${errors.map((finding) => `  - ${finding.message}`).join('\n')}\n` +
        'Choose another name with <name> or another base path with --base-path.',
    );
  }

  const files = renderTemplate(values);
  for (const [path, text] of openApi?.files ?? []) files.set(path, text);
  return {
    dir,
    manifest,
    files,
    warnings: findings.filter((finding) => finding.level === 'warning'),
    reviews: openApi?.reviews ?? [],
    skipped: openApi?.skipped ?? [],
  };
}

/**
 * The manifest, files and review notes of an app generated from an OpenAPI document: its
 * app.config.ts and handler are rendered from the routes, its tests come from templates/openapi.
 */
function fromOpenApi(path: string, values: TemplateValues) {
  const document = readOpenApi(path);
  const { routes, skipped } = routesFromOpenApi(document, values.name);
  if (routes.length === 0)
    throw new CreateAppError(
      'ERR_INVALID_OPENAPI',
      `${document.file}: declares no operation API Gateway can route (paths is empty${skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''})`,
    );
  const files = new Map<string, string>([
    ...renderTemplate(values, OPENAPI_TEMPLATE_DIR),
    ['app.config.ts', renderOpenApiManifest(values, basename(path), document.title, routes)],
    ['src/handler.ts', renderOpenApiHandler(values, routes)],
  ]);
  return {
    manifest: {
      ...values,
      ...(document.title ? { description: document.title } : {}),
      routes: Object.fromEntries(routes.map(({ key, route }) => [key, route])),
    },
    files,
    reviews: routes.flatMap(({ key, review }) => (review ? [{ key, review }] : [])),
    skipped,
  };
}

/**
 * `pnpm create-app`: writes `apps/<name>` from the template once every check passed. The files
 * are written to a hidden sibling folder first and renamed into place, so a failure leaves no
 * half-written app behind.
 */
export async function createApp(options: CreateAppOptions): Promise<AppPlan> {
  const plan = await planApp(options);
  const target = join(options.root, plan.dir);
  const staging = mkdtempSync(join(options.root, 'apps', `.create-app-${plan.manifest.name}-`));
  try {
    for (const [path, text] of plan.files) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), text);
    }
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return plan;
}

import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManifestError, parseManifest, type AppManifest } from '../manifest/index.ts';

export const MANIFEST_FILE = 'app.config.ts';

/** An app found in the workspace: its folder and its validated manifest. */
export interface LoadedApp {
  readonly dir: string;
  readonly manifestFile: string;
  readonly manifest: AppManifest;
}

/** An app whose manifest could not be loaded, with the reason. */
export interface BrokenApp {
  readonly dir: string;
  readonly manifestFile: string;
  readonly error: Error;
}

export interface LoadOptions {
  /** Import each manifest afresh (cache-busting query), for hot reload. @default false */
  readonly fresh?: boolean;
  /**
   * Imports a manifest module and returns its namespace. @default `import()` of the file (the
   * caller runs under tsx, vitest or another TS loader); `pnpm dev` compiles with esbuild instead.
   */
  readonly importModule?: (file: string, fresh: boolean) => Promise<unknown>;
}

/** `import()` of the file itself, made fresh by a cache-busting query. */
async function importFile(file: string, fresh: boolean): Promise<unknown> {
  const url = pathToFileURL(file);
  if (fresh) url.search = `?t=${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return import(url.href);
}

/** Every `apps/<name>/app.config.ts` below `root`, sorted by folder name. */
function findManifestFiles(root: string): string[] {
  const appsDir = join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(appsDir, entry.name, MANIFEST_FILE))
    .filter((file) => existsSync(file))
    .sort();
}

/**
 * Imports one manifest file (TypeScript: the caller runs under tsx, vitest or another TS loader)
 * and validates its default export.
 */
export async function loadManifest(file: string, options: LoadOptions = {}): Promise<AppManifest> {
  let exported: unknown;
  try {
    exported = ((await (options.importModule ?? importFile)(file, options.fresh === true)) as { default?: unknown }).default;
  } catch (error) {
    if (error instanceof ManifestError) throw error;
    // A package that does not resolve from a new app: its workspace is not linked yet.
    const hint = /Cannot find package/.test((error as Error).message)
      ? ' — the app is not linked into the workspace yet: run `pnpm install` (pnpm create-app --no-install skips it)'
      : '';
    throw new Error(`${file}: could not be loaded: ${(error as Error).message}${hint}`, { cause: error });
  }
  if (exported === undefined) throw new Error(`${file}: has no default export; write \`export default defineApp({ ... })\``);
  return parseManifest(exported, file);
}

/**
 * Loads every app's manifest (concurrently, reported in folder order); broken ones are reported
 * beside the good ones, never thrown.
 */
export async function loadWorkspace(root: string, options: LoadOptions = {}): Promise<{ apps: LoadedApp[]; broken: BrokenApp[] }> {
  const loaded = await Promise.all(
    findManifestFiles(root).map(async (manifestFile) => {
      const dir = join(manifestFile, '..');
      try {
        return { dir, manifestFile, manifest: await loadManifest(manifestFile, options) };
      } catch (error) {
        return { dir, manifestFile: relative(root, manifestFile), error: error as Error };
      }
    }),
  );
  return {
    apps: loaded.filter((app): app is LoadedApp => 'manifest' in app),
    broken: loaded.filter((app): app is BrokenApp => 'error' in app),
  };
}

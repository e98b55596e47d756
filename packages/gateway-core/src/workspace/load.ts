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
  const url = pathToFileURL(file);
  if (options.fresh) url.search = `?t=${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let exported: unknown;
  try {
    exported = ((await import(url.href)) as { default?: unknown }).default;
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

/** Loads every app's manifest; broken ones are reported beside the good ones, never thrown. */
export async function loadWorkspace(root: string, options: LoadOptions = {}): Promise<{ apps: LoadedApp[]; broken: BrokenApp[] }> {
  const apps: LoadedApp[] = [];
  const broken: BrokenApp[] = [];
  for (const manifestFile of findManifestFiles(root)) {
    const dir = join(manifestFile, '..');
    try {
      apps.push({ dir, manifestFile, manifest: await loadManifest(manifestFile, options) });
    } catch (error) {
      broken.push({ dir, manifestFile: relative(root, manifestFile), error: error as Error });
    }
  }
  return { apps, broken };
}

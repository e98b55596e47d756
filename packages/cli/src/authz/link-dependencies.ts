import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Gives an exported base revision the head's installed dependencies without installing:
 * every `node_modules` entry of a head workspace package becomes a symlink in the same base
 * package, pointing at the installed package's real path — except workspace packages
 * (`@frontdesk/gateway-core`), which point at the BASE copy, so the base is built by its own
 * code. Third-party versions are the head's; `pnpm-lock.yaml` tells whether that matters
 * (the caller notes it, or installs the base instead).
 */
export function linkDependencies(headRoot: string, baseRoot: string): void {
  const head = realpathSync(headRoot);
  const packages = workspaceDirs(baseRoot);
  const headApps = workspaceDirs(headRoot).filter((dir) => dir.startsWith('apps/') && existsSync(join(headRoot, dir, 'node_modules')));
  for (const dir of packages) {
    // An app the head deleted borrows a sibling's links: every app has the same dependencies.
    const source = existsSync(join(headRoot, dir, 'node_modules')) ? dir : dir.startsWith('apps/') ? headApps[0] : undefined;
    if (source === undefined) continue;
    linkFolder(join(headRoot, source, 'node_modules'), join(baseRoot, dir, 'node_modules'), head, baseRoot);
  }
}

function linkFolder(from: string, to: string, headRoot: string, baseRoot: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry.startsWith('.')) continue;
    const source = join(from, entry);
    if (entry.startsWith('@') && lstatSync(source).isDirectory() && !lstatSync(source).isSymbolicLink()) {
      linkFolder(source, join(to, entry), headRoot, baseRoot);
      continue;
    }
    let real: string;
    try {
      real = realpathSync(source);
    } catch {
      continue; // a dangling link in the head stays absent in the base
    }
    const inside = relative(headRoot, real);
    const workspacePackage = !inside.startsWith('..') && !inside.split(sep).includes('node_modules');
    const target = workspacePackage && existsSync(join(baseRoot, inside)) ? join(baseRoot, inside) : real;
    if (!existsSync(join(to, entry))) symlinkSync(target, join(to, entry), 'dir');
  }
}

/** The repository root and every `apps/*`, `packages/*` and `infra` folder holding a package.json. */
function workspaceDirs(root: string): string[] {
  const dirs = ['.'];
  for (const parent of ['apps', 'packages']) {
    if (!existsSync(join(root, parent))) continue;
    for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json'))) dirs.push(`${parent}/${entry.name}`);
    }
  }
  if (existsSync(join(root, 'infra/package.json'))) dirs.push('infra');
  return dirs;
}

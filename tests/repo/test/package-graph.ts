import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '@frontdesk/test-support';
import { repoRoot } from './repo.ts';

/** Every workspace folder turbo builds a graph of: apps/*, packages/* and infra. */
export const graphWorkspaces = ['apps', 'packages']
  .flatMap((dir) => readdirSync(join(repoRoot, dir)).map((name) => `${dir}/${name}`))
  .concat('infra')
  .filter((dir) => existsSync(join(repoRoot, dir, 'package.json')));

/**
 * A throwaway copy of the repository's package graph (the root manifests, lockfile, turbo.json and
 * every workspace's package.json and turbo.json, plus `extra` root files), whose `node_modules` links the real one
 * so turbo is found where it looks for a local install. The caller adds sources and commits.
 */
export function packageGraphCopy(purpose: string, extra: readonly string[] = []): string {
  const root = tempDir(purpose);
  for (const file of [
    'package.json',
    'pnpm-workspace.yaml',
    'pnpm-lock.yaml',
    'turbo.json',
    ...extra,
    ...graphWorkspaces.map((dir) => `${dir}/package.json`),
    // A workspace's own turbo.json (package configuration) changes its tasks' graph and inputs.
    ...graphWorkspaces.map((dir) => `${dir}/turbo.json`).filter((file) => existsSync(join(repoRoot, file))),
  ]) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(root, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  return root;
}

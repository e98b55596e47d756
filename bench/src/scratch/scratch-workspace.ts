import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../paths.ts';
import { run } from '../process/child.ts';
import type { Mode } from '../suite.ts';

/** How many apps the scratch workspace holds: the 20, or a handful to smoke-test the harness. */
export const SCRATCH_APPS: Readonly<Record<Mode, number>> = { full: 20, quick: 4 };

export interface ScratchWorkspace {
  readonly root: string;
  /** Every app folder name under apps/, the created ones (`bench-app01`, …) included. */
  readonly apps: readonly string[];
  /** The apps `pnpm create-app` made (they share the template, so each has `GET /health`). */
  readonly created: readonly string[];
  /** How the copy was made and how long each step took, for the report. */
  readonly notes: readonly string[];
}

const made = new Map<number, Promise<ScratchWorkspace>>();

/**
 * A temporary copy of this repository with `appCount` apps, made once per `pnpm bench` process and
 * shared by the pipeline and dev-loop suites. The copy holds every file git would commit (tracked
 * and untracked-but-not-ignored — so a clone's content, plus work not yet committed), no
 * node_modules; it is installed from the pnpm store (`--prefer-offline`), apps are added with
 * `pnpm create-app --no-install`, linked with one more offline install, `pnpm routes` regenerates
 * the route docs and CODEOWNERS as create-app would have, and the result is
 * committed on `main` as the base of `turbo --affected`.
 */
export function scratchWorkspace(appCount: number, log: (line: string) => void): Promise<ScratchWorkspace> {
  let workspace = made.get(appCount);
  if (!workspace) {
    workspace = makeScratch(appCount, log);
    made.set(appCount, workspace);
    workspace.catch(() => made.delete(appCount));
  }
  return workspace;
}

/** Removes every scratch copy this process made. */
export async function removeScratchWorkspaces(): Promise<void> {
  const roots = await Promise.allSettled([...made.values()]);
  made.clear();
  for (const result of roots) {
    if (result.status === 'fulfilled') await rm(dirname(result.value.root), { recursive: true, force: true, maxRetries: 3 });
  }
}

async function makeScratch(appCount: number, log: (line: string) => void): Promise<ScratchWorkspace> {
  const top = await mkdtemp(join(tmpdir(), 'frontdesk-bench-scratch-'));
  try {
    return await fillScratch(join(top, 'repo'), appCount, log);
  } catch (error) {
    await rm(top, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
}

async function fillScratch(root: string, appCount: number, log: (line: string) => void): Promise<ScratchWorkspace> {
  const notes: string[] = [];
  const timed = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    const begin = performance.now();
    log(`${what}…`);
    const result = await step();
    const ms = Math.round(performance.now() - begin);
    notes.push(`${what}: ${(ms / 1000).toFixed(1)} s`);
    return result;
  };
  const env = scratchEnv();
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=frontdesk-bench', '-c', 'user.email=bench@localhost', ...args], { cwd: root, env, timeoutMs: 120_000 });

  await timed('copy the repository without node_modules', async () => {
    const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, timeoutMs: 60_000 });
    const files = listed.split('\0').filter((path) => path && !path.startsWith('bench/results/') && existsSync(join(repoRoot, path)));
    for (const path of files) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await cp(join(repoRoot, path), join(root, path), { dereference: false });
    }
  });
  const install = () =>
    run('pnpm', ['install', '--prefer-offline', '--config.confirmModulesPurge=false'], { cwd: root, env, timeoutMs: 10 * 60_000 });
  await timed('pnpm install --prefer-offline (from the local store)', install);

  const existing = await appFolders(root);
  const created: string[] = [];
  // create-app checks a new app against every existing manifest, and a manifest only loads once
  // its app is linked. Linking after each app costs a pnpm install per app, so each new app is
  // parked outside apps/ until all exist (their names and base paths are distinct by construction),
  // then all are linked with one offline install.
  const parked = join(root, '.bench-parked-apps');
  await timed(`pnpm create-app × ${Math.max(0, appCount - existing.length)}`, async () => {
    await mkdir(parked, { recursive: true });
    for (let i = 1; existing.length + created.length < appCount; i += 1) {
      const name = `bench-app${String(i).padStart(2, '0')}`;
      await run('pnpm', ['--silent', 'create-app', name, '--owner', 'team-bench', '--no-install'], { cwd: root, env, timeoutMs: 120_000 });
      await rename(join(root, 'apps', name), join(parked, name));
      created.push(name);
    }
    for (const name of created) await rename(join(parked, name), join(root, 'apps', name));
    await rm(parked, { recursive: true, force: true });
  });
  await timed('pnpm install --offline to link the new apps', () =>
    run('pnpm', ['install', '--offline', '--config.confirmModulesPurge=false'], { cwd: root, env, timeoutMs: 10 * 60_000 }).catch(install),
  );
  // What create-app does after its own install (skipped by --no-install): the route docs and the
  // CODEOWNERS block name every app, as the repository's policy-lint test requires.
  await timed('pnpm routes to regenerate route docs and CODEOWNERS', () =>
    run('pnpm', ['--silent', 'routes'], { cwd: root, env, timeoutMs: 2 * 60_000 }),
  );
  await timed('git init and commit the base on main', async () => {
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-q', '--no-verify', '-m', 'scratch base');
  });
  return { root, apps: await appFolders(root), created, notes };
}

async function appFolders(root: string): Promise<string[]> {
  const entries = await readdir(join(root, 'apps'), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(root, 'apps', e.name, 'app.config.ts')))
    .map((e) => e.name)
    .sort();
}

/** Environment for commands in the scratch copy: no telemetry, no colour, no CI-only behaviour. */
export function scratchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    FORCE_COLOR: '0',
    CDK_DISABLE_VERSION_CHECK: '1',
  };
  delete env.CI;
  return env;
}

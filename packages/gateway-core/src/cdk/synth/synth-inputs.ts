/**
 * What an app's synthesis depends on, as one SHA-256, recorded in the cloud assembly it wrote.
 *
 * Why: an app's stack test reads the template in cdk.out (`synthesizedStack`) rather than building
 * the stack again, so it must know that template is the current one. Who started the test (turbo,
 * a developer, a task nested in another turbo task) says nothing about that; the content does.
 * The record covers what turbo's `synth` task hashes (turbo.json: the package's files but tests
 * and README, its workspace dependencies, the lockfile, STAGE and FRONTDESK_*), plus the variables
 * the synth reads to pick an account, a region and a folder. A file turbo ignores that changed
 * only costs a synthesis more, never a stale read.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { sha256 } from '../../contract/sha256.ts';
import { findWorkspaceRoot, WorkspaceNotFoundError } from '../../contract/workspace-root.ts';
import { assemblyDir } from './cli-environment.ts';

/** The record's file name inside the cloud assembly (CDK reads only what manifest.json names). */
const SYNTH_INPUTS_FILE = 'frontdesk-synth-inputs.json';

/**
 * The variables the synth reads: the stage, Frontdesk's settings, and what decides the account and
 * region (including the credentials the CDK CLI resolves them from; only their hash is kept).
 * A stack reading other variables of its own is not covered: use FRONTDESK_* for those.
 */
const ENVIRONMENT =
  /^(STAGE|FRONTDESK_\w+|CDK_OUTDIR|CDK_DEFAULT_ACCOUNT|CDK_DEFAULT_REGION|AWS_REGION|AWS_DEFAULT_REGION|AWS_PROFILE|AWS_ACCESS_KEY_ID|AWS_WEB_IDENTITY_TOKEN_FILE|AWS_CONTAINER_CREDENTIALS_\w+|AWS_CONFIG_FILE|AWS_SHARED_CREDENTIALS_FILE)$/;
/** What no synthesis reads: outputs, caches, dependencies (the lockfile stands for them), tests. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'cdk.out', '.turbo', 'coverage', '.frontdesk', '.git']);
const SKIPPED_FILE = /(\.test\.[cm]?[jt]sx?|\.tsbuildinfo|^cdk-outputs.*\.json|^\.env(\..*)?)$/;
/** Skipped at a package's root only, as turbo.json's `!test/**` and `!README.md` are. */
const SKIPPED_AT_ROOT = new Set(['test', 'README.md']);

/** The hash of everything the synthesis of the app in `appDir` reads, under `env`. */
export function synthInputs(appDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(env)
    .filter((key) => ENVIRONMENT.test(key))
    .sort())
    hash.update(`env:${name}=${env[name]}\0`);
  const lockfile = workspaceLockfile(appDir);
  hash.update(`lockfile:${lockfile ? digest(lockfile) : '-'}\0`);
  // Where the CDK CLI (run when AWS configuration exists) finds the account, region and its defaults.
  const home = env.HOME ?? homedir();
  for (const file of [
    env.AWS_CONFIG_FILE ?? join(home, '.aws/config'),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws/credentials'),
    join(home, '.cdk.json'),
  ]) {
    hash.update(`config:${file}=${existsSync(file) ? digest(file) : '-'}\0`);
  }
  const outdir = realpathOr(assemblyDir(appDir, env));
  for (const packageDir of [appDir, ...workspaceDependencies(appDir)]) {
    for (const file of filesOf(packageDir, packageDir, outdir)) {
      hash.update(`file:${relative(appDir, file)}=${digest(file)}\0`);
    }
  }
  return hash.digest('hex');
}

/** Writes the record into the assembly a synthesis wrote, once it succeeded. */
export function recordSynthInputs(outdir: string, inputs: string): void {
  writeFileSync(join(outdir, SYNTH_INPUTS_FILE), `${JSON.stringify({ inputs })}\n`);
}

/**
 * Removes the record, and the manifest, before a synthesis starts: one that fails leaves no record,
 * and one that writes no assembly cannot pass on the previous one's.
 */
export function forgetSynthesis(outdir: string): void {
  rmSync(join(outdir, SYNTH_INPUTS_FILE), { force: true });
  rmSync(join(outdir, 'manifest.json'), { force: true });
}

/** The record in `outdir`, if any. */
export function recordedSynthInputs(outdir: string): string | undefined {
  const file = join(outdir, SYNTH_INPUTS_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const { inputs } = JSON.parse(readFileSync(file, 'utf8')) as { inputs?: unknown };
    return typeof inputs === 'string' ? inputs : undefined;
  } catch {
    return undefined;
  }
}

const digest = (file: string) => sha256(readFileSync(file), 'hex');

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The workspace's lockfile, as bundling finds it; none outside a workspace or before an install. */
function workspaceLockfile(appDir: string): string | undefined {
  try {
    const file = join(findWorkspaceRoot(appDir), 'pnpm-lock.yaml');
    return existsSync(file) ? file : undefined;
  } catch (error) {
    if (error instanceof WorkspaceNotFoundError) return undefined;
    throw error;
  }
}

/** The folders of the workspace packages `appDir` depends on (`workspace:`), transitively, in a stable order. */
function workspaceDependencies(appDir: string): string[] {
  const found = new Map<string, string>();
  const visit = (packageDir: string) => {
    const manifest = join(packageDir, 'package.json');
    if (!existsSync(manifest)) return;
    const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    for (const [name, version] of Object.entries({ ...dependencies, ...devDependencies }).sort()) {
      if (!version.startsWith('workspace:') || found.has(name)) continue;
      const link = join(packageDir, 'node_modules', name);
      if (!existsSync(link)) continue; // not installed: the lockfile's hash changes when it is
      const dir = realpathSync(link);
      found.set(name, dir);
      visit(dir);
    }
  };
  visit(appDir);
  return [...found.values()];
}

function* filesOf(dir: string, packageDir: string, outdir: string, walked = new Set<string>()): Generator<string> {
  const real = realpathOr(dir);
  // The assembly itself, wherever it is; a linked folder seen before (or a link cycle).
  if (real === outdir || walked.has(real)) return;
  walked.add(real);
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (dir === packageDir && SKIPPED_AT_ROOT.has(entry.name)) continue;
    const path = join(dir, entry.name);
    // A symbolic link counts as what it points to (a file shared into the app, say).
    const kind = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
    if (kind?.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) yield* filesOf(path, packageDir, outdir, walked);
    else if (kind?.isFile() && !SKIPPED_FILE.test(entry.name)) yield path;
  }
}

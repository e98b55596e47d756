import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStage } from '@frontdesk/gateway-core';
import { lineLocator } from '../lint-policy/locate.ts';
import { diffRevisions } from './diff.ts';
import { changedFiles, exportCommit, git, resolveBase } from './git.ts';
import { linkDependencies } from './link-dependencies.ts';
import { loadRevision } from './load-revision.ts';
import { buildReport, type AuthzReport } from './report.ts';
import { scopeOf, type DiffScope } from './scope.ts';
import type { RevisionSnapshot } from './snapshot.ts';
import { gatewayCoreDir, OWN_GATEWAY_CORE, synthesizeRevision } from './synthesize-revision.ts';

export interface AuthzDiffRequest {
  /** The repository (and head: its working tree). */
  readonly root: string;
  /** @default the merge base of HEAD with main */
  readonly base?: string;
  /** @default `STAGE`, else dev (prod synthesizes only with its FRONTDESK_* settings present) */
  readonly stage?: string;
  /** Compare every app and the shared stack, not only what the changed files affect. @default false */
  readonly all?: boolean;
  /** When pnpm-lock.yaml differs, install the base's own dependencies rather than borrow the head's. @default false */
  readonly installBase?: boolean;
}

const EMPTY: RevisionSnapshot = { stage: '', apps: [], broken: [] };

/**
 * `pnpm authz diff`: exports the base commit into a temporary folder, gives it dependencies,
 * synthesizes the affected apps and the shared stack on both sides (each in its own process,
 * each with its own gateway-core) and classifies every difference.
 */
export async function authzDiff(request: AuthzDiffRequest): Promise<AuthzReport> {
  const { root } = request;
  const stage = resolveStage(request.stage ?? process.env.STAGE ?? 'dev').name;
  const base = resolveBase(root, request.base);
  const files = changedFiles(root, base.commit);
  const scope: DiffScope = request.all ? { apps: 'all', shared: true } : scopeOf(files);
  const head = git(root, ['status', '--porcelain']) === '' ? `HEAD (${git(root, ['rev-parse', 'HEAD']).slice(0, 12)})` : 'the working tree';
  const notes: string[] = [];
  const nothing = scope.apps !== 'all' && scope.apps.length === 0 && !scope.shared;
  let snapshots: [RevisionSnapshot, RevisionSnapshot] = [EMPTY, EMPTY];
  if (!nothing) {
    const baseDir = mkdtempSync(join(tmpdir(), 'frontdesk-authz-base-'));
    try {
      exportCommit(root, base.commit, baseDir);
      prepareDependencies(root, baseDir, request.installBase ?? false, notes);
      snapshots = await Promise.all([loadRevision(baseDir, stage, scope), loadHead(root, stage, scope)]);
    } finally {
      rmSync(baseDir, { recursive: true, force: true });
    }
  }
  const changes = diffRevisions(...snapshots, notes);
  const locate = lineLocator(root);
  for (const change of changes) {
    if (change.file && existsSync(join(root, change.file))) {
      const line = locate(change.file, change.anchor);
      if (line !== undefined) change.line = line;
    }
  }
  const compared =
    scope.apps === 'all' ? [...new Set([...snapshots[0].apps, ...snapshots[1].apps].map((app) => app.folder))].sort() : scope.apps;
  return buildReport({ base, head, stage, scope: { apps: compared, shared: scope.shared }, changes, notes });
}

/**
 * The head in this process when it ships the gateway-core this CLI runs with (the usual case:
 * the command runs from the working tree it reviews), else in a child process like the base.
 */
async function loadHead(root: string, stage: string, scope: DiffScope): Promise<RevisionSnapshot> {
  if (realpathSync(gatewayCoreDir(root)) !== realpathSync(OWN_GATEWAY_CORE)) return loadRevision(root, stage, scope);
  return synthesizeRevision(root, stage, scope.apps === 'all' ? undefined : scope.apps, scope.shared);
}

function prepareDependencies(root: string, baseDir: string, install: boolean, notes: string[]): void {
  const lock = (dir: string) => (existsSync(join(dir, 'pnpm-lock.yaml')) ? readFileSync(join(dir, 'pnpm-lock.yaml'), 'utf8') : '');
  const same = lock(root) === lock(baseDir);
  if (!same && install) {
    execFileSync('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--ignore-scripts'], {
      cwd: baseDir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    notes.push('pnpm-lock.yaml differs from the base: the base was synthesized with its own installed dependencies.');
    return;
  }
  linkDependencies(root, baseDir);
  if (!same) {
    notes.push(
      'pnpm-lock.yaml differs from the base: the base was synthesized with the head’s third-party packages (aws-cdk-lib …). Run with --install-base for an exact base.',
    );
  }
}

import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitAll, git as gitIn, initRepo, writeFiles } from '@frontdesk/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphWorkspaces as workspaces, packageGraphCopy } from './package-graph.ts';
import { readJson, repoRoot } from './repo.ts';

/**
 * Turborepo's `--affected` selection, checked on a throwaway git history: a copy of the
 * workspace's package graph (every package.json, the lockfile, pnpm-workspace.yaml and
 * turbo.json, one source file per workspace), changed one commit at a time.
 */
const turbo = join(repoRoot, 'node_modules/.bin/turbo');
const env: NodeJS.ProcessEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' };
delete env.TURBO_SCM_BASE;
delete env.TURBO_SCM_HEAD;

const nameOf = (dir: string) => readJson<{ name: string }>(`${dir}/package.json`).name;
const apps = workspaces
  .filter((dir) => dir.startsWith('apps/'))
  .map(nameOf)
  .sort();
const rootScripts = readJson<{ scripts: Record<string, string> }>('package.json').scripts;

let root = '';
const git = (...args: string[]) => gitIn(root, ...args);

/** Commits `files` on top of main and returns the new commit; main stays the base. */
function commitOnBranch(branch: string, files: Record<string, string>): void {
  git('checkout', '-q', '-B', branch, 'main');
  writeFiles(root, files);
  commitAll(root, `change on ${branch}`);
}

const turboJson = (args: string[]) => {
  const output = execFileSync(turbo, args, { cwd: root, env, encoding: 'utf8' });
  return JSON.parse(output.slice(output.indexOf('{'))) as Record<string, unknown>;
};

/** The packages `turbo ls --affected` selects against main. */
const affected = () =>
  (turboJson(['ls', '--affected', '--output=json']).packages as { items: { name: string }[] }).items.map((item) => item.name).sort();

/** The packages whose `task` a `turbo run … --dry=json` would execute. */
function tasksRun(task: string, args: string[]): string[] {
  const dry = turboJson(['run', task, ...args, '--dry=json']) as { tasks: { package: string; task: string; command: string }[] };
  return dry.tasks
    .filter((entry) => entry.task === task && entry.command !== '<NONEXISTENT>')
    .map((entry) => entry.package)
    .sort();
}

/** The phases of the root `deploy:affected` script, each as turbo arguments after `run deploy`. */
const deployPhases = rootScripts['deploy:affected']!.split('&&').map((phase) =>
  phase
    .trim()
    .split(/\s+/)
    .slice(3)
    .map((word) => word.replace(/'/g, '')),
);
const deployAffected = () => deployPhases.map((args) => tasksRun('deploy', args));

beforeAll(() => {
  root = packageGraphCopy('affected');
  for (const dir of workspaces) writeFileSync(join(root, dir, 'index.ts'), 'export {};\n');
  writeFiles(root, { 'README.md': '# Frontdesk\n', '.gitignore': 'node_modules/\n.turbo/\n' });
  initRepo(root);
});

// The copy's node_modules is a symlink (or pnpm links); rmSync removes links, never their targets.
afterAll(() => rmSync(root, { recursive: true, force: true }));
describe('turbo --affected on a throwaway history', () => {
  it('selects only the changed app, and deploys it without the shared stack', { timeout: 60_000 }, () => {
    commitOnBranch('one-app', { 'apps/users/src/handler.ts': 'export const changed = true;\n' });
    expect(affected()).toEqual(['@apps/users']);
    expect(tasksRun('test', ['--affected'])).toEqual(['@apps/users']);
    expect(tasksRun('synth', ['--affected'])).toEqual(['@apps/users']);
    expect(deployAffected()).toEqual([[], ['@apps/users']]);
  });

  it('selects every app when gateway-core changes', { timeout: 60_000 }, () => {
    commitOnBranch('core', { 'packages/gateway-core/src/manifest/schema.ts': 'export const changed = true;\n' });
    const selected = affected();
    expect(apps.length).toBeGreaterThanOrEqual(2);
    for (const app of [...apps, '@frontdesk/infra', '@frontdesk/gateway-core']) expect(selected).toContain(app);
    expect(tasksRun('synth', ['--affected'])).toEqual(expect.arrayContaining(apps));
    expect(deployAffected()).toEqual([['@frontdesk/infra'], apps]);
  });

  it('deploys the shared stack, in the first phase, when infra changes', { timeout: 60_000 }, () => {
    commitOnBranch('infra', { 'infra/src/stage-config.ts': 'export const changed = true;\n' });
    expect(affected()).toEqual(['@frontdesk/infra']);
    expect(deployAffected()).toEqual([['@frontdesk/infra'], []]);
  });

  it('selects nothing for a documentation-only change', { timeout: 60_000 }, () => {
    commitOnBranch('docs', { 'README.md': '# Frontdesk\n\nMore words.\n', 'docs/routes.md': '| app |\n' });
    expect(affected()).toEqual([]);
    expect(tasksRun('build', ['--affected'])).toEqual([]);
    expect(deployAffected()).toEqual([[], []]);
  });

  it('honours TURBO_SCM_BASE, as CI sets it on pull requests', { timeout: 60_000 }, () => {
    commitOnBranch('stacked', { 'apps/orders/src/handler.ts': 'export const changed = true;\n' });
    git('checkout', '-q', '-b', 'stacked-2');
    writeFileSync(join(root, 'apps/users/extra.ts'), 'export {};\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'second');
    expect(affected()).toEqual(['@apps/orders', '@apps/users']);
    const onlyLast = execFileSync(turbo, ['ls', '--affected', '--output=json'], {
      cwd: root,
      env: { ...env, TURBO_SCM_BASE: 'HEAD~1' },
      encoding: 'utf8',
    });
    expect(onlyLast).toContain('@apps/users');
    expect(onlyLast).not.toContain('@apps/orders');
  });
});

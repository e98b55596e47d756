import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, repoRoot } from './repo.ts';

/** Every workspace's package.json: apps/*, packages/*, tests/*, infra and bench. */
const packages = () =>
  ['apps', 'packages', 'tests']
    .flatMap((dir) => readdirSync(join(repoRoot, dir)).map((name) => `${dir}/${name}`))
    .concat('infra', 'bench')
    .map((dir) => readJson<{ name: string; scripts?: Record<string, string> }>(`${dir}/package.json`));

describe('pnpm lint', () => {
  it("runs a real check: turbo lint depends on every workspace's typecheck (tsc --noEmit)", () => {
    expect(readJson<{ scripts: Record<string, string> }>('package.json').scripts.lint).toBe('turbo run lint');
    const dry = JSON.parse(
      execFileSync(join(repoRoot, 'node_modules/.bin/turbo'), ['run', 'lint', '--dry=json'], { cwd: repoRoot, encoding: 'utf8' }),
    ) as {
      tasks: { taskId: string; command: string }[];
    };
    const typechecks = dry.tasks
      .filter((task) => task.taskId.endsWith('#typecheck') && task.command === 'tsc --noEmit')
      .map((task) => task.taskId.split('#')[0]);
    const workspaces = packages()
      .filter((pkg) => pkg.scripts?.typecheck !== undefined)
      .map((pkg) => pkg.name);
    expect(workspaces.length).toBeGreaterThan(3);
    expect(typechecks.sort()).toEqual(workspaces.sort());
    // And Biome's linter over each workspace's own files, with the root biome.jsonc.
    const lints = dry.tasks
      .filter((task) => task.taskId.endsWith('#lint') && task.command === 'biome lint .')
      .map((task) => task.taskId.split('#')[0]);
    expect(lints.sort()).toEqual(
      packages()
        .map((pkg) => pkg.name)
        .sort(),
    );
  }, 60_000);
});

describe('pnpm lint:policy', () => {
  it('lints the whole workspace in one process, as lint:policy:all does (one aws-cdk-lib load, not one per workspace)', () => {
    const scripts = readJson<{ scripts: Record<string, string> }>('package.json').scripts;
    expect(scripts['lint:policy']).toBe('frontdesk-lint-policy');
    expect(scripts['lint:policy:all']).toBe(scripts['lint:policy']);
  });
});

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, repoRoot } from './repo.ts';

/**
 * turbo starts every task an app defines through `pnpm run` (~1 CPU-s each), so an app defines
 * only what the pipeline needs: synth bundles the handler into cdk.out itself, so there is no
 * `build` that bundled the same code again; `bundle` writes that bundle to dist/ on request. And
 * the stack is built once: an app's `test` runs after its `synth` and asserts on the template
 * synth wrote (apps/<app>/turbo.json, @frontdesk/gateway-core/cdk/testing).
 */
const appDirs = [
  ...readdirSync(join(repoRoot, 'apps')).map((name) => `apps/${name}`),
  // What `pnpm create-app` copies (create-app-drift.test.ts holds it equal to apps/users).
  'packages/cli/templates/app',
];
/** What `--from-openapi` copies over the template (its own app.config, handler and tests) counts for the stack test too. */
const stackTestDirs = [...appDirs, 'packages/cli/templates/openapi'];
const scriptsOf = (dir: string) => readJson<{ scripts: Record<string, string> }>(`${dir}/package.json`).scripts;

describe("the apps' pipeline tasks", () => {
  it('leave turbo no build to start for an app, and bundle on request', () => {
    for (const dir of appDirs) {
      const scripts = scriptsOf(dir);
      expect(scripts.build, `${dir} build`).toBeUndefined();
      expect(scripts.bundle, `${dir} bundle`).toBe('frontdesk-ts bin/bundle.ts');
      expect(scripts.synth, `${dir} synth`).toBe('frontdesk-ts --import @frontdesk/gateway-core/cdk/synth bin/app.ts');
    }
  });

  it("run an app's tests after its synth, whose template the stack test reads (the stack is built once)", { timeout: 60_000 }, () => {
    const output = execFileSync(join(repoRoot, 'node_modules/.bin/turbo'), ['run', 'test', '--filter=./apps/*', '--dry=json'], {
      cwd: repoRoot,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    const dry = JSON.parse(output.slice(output.indexOf('{'))) as { tasks: { package: string; task: string; dependencies: string[] }[] };
    const tests = dry.tasks.filter((task) => task.task === 'test');
    const apps = appDirs.filter((dir) => dir.startsWith('apps/')).map((dir) => readJson<{ name: string }>(`${dir}/package.json`).name);
    expect(tests.map((task) => task.package).sort()).toEqual(apps.sort());
    for (const task of tests) expect(task.dependencies, task.package).toContain(`${task.package}#synth`);
    // The templates' turbo.json equals apps/users' (create-app-drift.test.ts), so an app made with
    // create-app, with or without --from-openapi, has the same dependency. Every stack test, the
    // templates' included, reads what synth wrote instead of building the stack again.
    for (const dir of stackTestDirs) {
      const stackTest = readFileSync(join(repoRoot, dir, 'test/stack.test.ts'), 'utf8');
      expect(stackTest, dir).toContain("from '@frontdesk/gateway-core/cdk/testing'");
      expect(stackTest, dir).toContain('synthesizedStack(');
      expect(stackTest, dir).not.toMatch(/Template\.fromStack|new App\(|from 'aws-cdk-lib'/);
    }
  });

  it('cache the bundle as turbo output, as the build was', () => {
    const tasks = readJson<{ tasks: Record<string, { outputs?: string[] }> }>('turbo.json').tasks;
    expect(tasks.bundle?.outputs).toEqual(['dist/**']);
    expect(scriptsOf('.').bundle).toBe('turbo run bundle');
  });
});

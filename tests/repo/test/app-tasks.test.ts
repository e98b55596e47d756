import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, repoRoot } from './repo.ts';

/**
 * turbo starts every task an app defines through `pnpm run` (~1 CPU-s each), so an app defines
 * only what the pipeline needs: synth bundles the handler into cdk.out itself, so there is no
 * `build` that bundled the same code again; `bundle` writes that bundle to dist/ on request.
 */
const appDirs = [
  ...readdirSync(join(repoRoot, 'apps')).map((name) => `apps/${name}`),
  // What `pnpm create-app` copies (create-app-drift.test.ts holds it equal to apps/users).
  'packages/cli/templates/app',
];
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

  it('cache the bundle as turbo output, as the build was', () => {
    const tasks = readJson<{ tasks: Record<string, { outputs?: string[] }> }>('turbo.json').tasks;
    expect(tasks.bundle?.outputs).toEqual(['dist/**']);
    expect(scriptsOf('.').bundle).toBe('turbo run bundle');
  });
});

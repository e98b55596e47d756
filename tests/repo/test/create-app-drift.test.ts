import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTemplate, templateFiles } from '../../../packages/cli/src/create-app/template.ts';
import { repoRoot } from './repo.ts';

/**
 * The template must stay the example app `apps/users` with other values: rendered with users'
 * name, owner and base path, its wiring files are byte-for-byte users' own. Only the app's code
 * (manifest routes, handler, tests) may differ.
 */
const users = join(repoRoot, 'apps/users');
const rendered = renderTemplate({ name: 'users', owner: 'team-identity', basePath: 'users' });
const APP_SPECIFIC = /^(app\.config\.ts|src\/.+|test\/.+)$/;

/** Files a developer writes (no build output or dependencies), relative to the app folder. */
function sourceFiles(dir: string): string[] {
  const ignored = ['node_modules', 'cdk.out', 'dist', '.turbo'];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .filter((path) => !ignored.some((part) => path.split('/').includes(part)) && path !== 'cdk-outputs.json')
    .sort();
}

describe('the app template matches apps/users', () => {
  it('has the same wiring files, identical once rendered with users’ values', () => {
    const wiring = sourceFiles(users).filter((path) => !APP_SPECIFIC.test(path));
    expect(templateFiles().filter((path) => !APP_SPECIFIC.test(path))).toEqual(wiring);
    for (const path of wiring) expect(rendered.get(path), path).toBe(readFileSync(join(users, path), 'utf8'));
  });

  it('has a manifest, a handler and tests where users has them', () => {
    for (const path of ['app.config.ts', 'src/handler.ts']) {
      expect(existsSync(join(users, path)), path).toBe(true);
      expect(rendered.has(path), path).toBe(true);
    }
    const tests = (paths: Iterable<string>) => [...paths].filter((path) => /^test\/.+\.test\.ts$/.test(path)).sort();
    expect(tests(rendered.keys())).toEqual(tests(sourceFiles(users)));
  });
});

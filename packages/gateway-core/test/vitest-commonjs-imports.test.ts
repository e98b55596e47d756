import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyCommonJsPackage } from './lazy-commonjs-package.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const plugin = join(packageDir, 'vitest/commonjs-imports.mjs');
const vitest = join(packageDir, 'node_modules/vitest/vitest.mjs');
// Outside any node_modules (the plugin leaves installed files alone), with gateway-core's vitest linked in.
const root = mkdtempSync(join(tmpdir(), 'frontdesk-vitest-commonjs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'node_modules'));
symlinkSync(realpathSync(join(packageDir, 'node_modules/vitest')), join(root, 'node_modules/vitest'));
// The package the plugin is for, linked where pnpm keeps it (node_modules/.pnpm/…).
symlinkSync(realpathSync(join(packageDir, 'node_modules/aws-cdk-lib')), join(root, 'node_modules/aws-cdk-lib'));
symlinkSync(realpathSync(join(packageDir, 'node_modules/constructs')), join(root, 'node_modules/constructs'));

function files(entries: Record<string, string>): void {
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

files({
  ...lazyCommonJsPackage(),
  // A CommonJS package a test mocks, imported by the code under test: not listed, so not rewritten.
  'node_modules/mocked-cjs/package.json': JSON.stringify({ name: 'mocked-cjs', main: 'index.js' }),
  'node_modules/mocked-cjs/index.js': `exports.value = 'real';\n`,
  'src/uses.ts': `import { value } from 'mocked-cjs';\nexport const seen = value;\n`,
  'vitest.config.mjs': `import { commonJsImports } from ${JSON.stringify(plugin)};\nexport default { plugins: [commonJsImports({ packages: ['lazy-cjs', 'aws-cdk-lib'] })] };\n`,
  'test/named.test.ts': [
    `import { expect, it } from 'vitest';`,
    'import {',
    '  used,',
    `} from 'lazy-cjs';`,
    '',
    `it('reads the named export alone', () => {`,
    `  expect(used).toBe('used');`,
    '  expect((globalThis as { unusedRead?: boolean }).unusedRead).toBeUndefined();',
    '});',
  ].join('\n'),
  // The workspace's setting (packages/tsconfig/base.json): it leaves `import { type X } from` as
  // `import {} from`, which must still read no export.
  'tsconfig.json': JSON.stringify({ compilerOptions: { verbatimModuleSyntax: true } }),
  'test/type-only.test.ts': [
    `import { expect, it } from 'vitest';`,
    `import { type used } from 'lazy-cjs';`,
    '',
    `it('loads the package for an import whose names were all types, reading no export', () => {`,
    '  expect((globalThis as { unusedRead?: boolean }).unusedRead).toBeUndefined();',
    '});',
  ].join('\n'),
  'test/mock-listed.test.ts': [
    `import { expect, it, vi } from 'vitest';`,
    `import { used } from 'lazy-cjs';`,
    '',
    `vi.mock('lazy-cjs', () => ({ used: 'mocked' }));`,
    '',
    `it('cannot mock a package the plugin requires', () => {`,
    `  expect(used).toBe('mocked');`,
    '});',
  ].join('\n'),
  'test/mocked.test.ts': [
    `import { expect, it, vi } from 'vitest';`,
    `import { seen } from '../src/uses.ts';`,
    '',
    `vi.mock('mocked-cjs', () => ({ value: 'mocked' }));`,
    '',
    `it('leaves a package the plugin was not given to Vitest, mocks included', () => {`,
    `  expect(seen).toBe('mocked');`,
    '});',
  ].join('\n'),
  // An import cycle whose first-evaluated module calls into the other before that one's body ran.
  'src/cycle-a.ts': `import { used } from 'lazy-cjs';\nimport { fromB } from './cycle-b.ts';\nexport function greet() {\n  return used;\n}\nexport const seen = fromB;\n`,
  'src/cycle-b.ts': `import { greet } from './cycle-a.ts';\nexport const fromB = greet();\n`,
  'test/cycle.test.ts': [
    `import { expect, it } from 'vitest';`,
    `import { seen } from '../src/cycle-a.ts';`,
    '',
    `it('binds a rewritten import before the importer runs, as an import does', () => {`,
    `  expect(seen).toBe('used');`,
    '});',
  ].join('\n'),
  'test/default-named.test.ts': [
    `import { expect, it } from 'vitest';`,
    `import { default as lazy } from 'lazy-cjs';`,
    '',
    `it('keeps Vitest’s interop for { default as x }: module.exports', () => {`,
    `  expect(lazy.used).toBe('used');`,
    '});',
  ].join('\n'),
  'test/aws-cdk-lib.test.ts': [
    `import { createRequire } from 'node:module';`,
    `import { Duration } from 'aws-cdk-lib';`,
    `import { expect, it } from 'vitest';`,
    '',
    `it('loads aws-cdk-lib’s named exports only, from the installed package', () => {`,
    '  expect(Duration.seconds(120).toMinutes()).toBe(2);',
    '  const loaded = Object.keys(createRequire(import.meta.url).cache);',
    `  expect(loaded.some((file) => file.includes('/aws-cdk-lib/core/'))).toBe(true);`,
    `  expect(loaded.some((file) => file.includes('/aws-cdk-lib/aws-ec2/'))).toBe(false);`,
    '});',
  ].join('\n'),
  'test/interop.test.ts': [
    `import { expect, it } from 'vitest';`,
    `import lazy, { used } from 'lazy-cjs';`,
    `import * as all from 'lazy-cjs';`,
    '',
    `it('keeps Vitest’s interop for default and namespace imports', () => {`,
    `  expect([lazy.used, used, all.used]).toEqual(['used', 'used', 'used']);`,
    '});',
  ].join('\n'),
});

function run(...args: string[]) {
  return spawnSync(process.execPath, [vitest, 'run', '--pool=threads', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}

describe('commonJsImports: named imports of a CommonJS package in app tests', () => {
  // Each fixture test file passes under the plugin; its own assertion says what it proves.
  it.each([
    ['require the file Vitest resolved and read only the names imported', 'test/named.test.ts'],
    ['rewrite aws-cdk-lib as pnpm installs it: a stack test loads only the service modules it names', 'test/aws-cdk-lib.test.ts'],
    ['rewrite an import whose names were all types too, so it reads no export', 'test/type-only.test.ts'],
    ['leave every other package to Vitest, so vi.mock still reaches the code under test', 'test/mocked.test.ts'],
    ['keep an import a module of its own, bound before an import cycle runs the importer', 'test/cycle.test.ts'],
    ['leave { default as x } to Vitest', 'test/default-named.test.ts'],
    ['leave default and namespace imports to Vitest', 'test/interop.test.ts'],
  ])('%s', (_, file) => {
    const result = run(file);
    expect(result.stdout + result.stderr).toMatch(/Tests\s+1 passed/);
  });

  it('refuse a vi.mock of a package they rewrite, saying why, instead of letting the mock silently miss', () => {
    const result = run('test/mock-listed.test.ts');
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("vi.mock('lazy-cjs') would not reach the code under test");
  });
});

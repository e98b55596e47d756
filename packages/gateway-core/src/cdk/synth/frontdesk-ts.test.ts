import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyCommonJsPackage } from '../../../test/lazy-commonjs-package.ts';

const packageDir = fileURLToPath(new URL('../../..', import.meta.url));
const launcher = join(packageDir, 'bin/frontdesk-ts.mjs');
// Inside the package, so bare specifiers (zod) resolve from gateway-core's dependencies.
const root = mkdtempSync(join(packageDir, 'node_modules/.frontdesk-ts-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(entries: Record<string, string>): void {
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

/** Its own TMPDIR, to see that the temporary bundle goes whichever way the process ends. */
const tmp = mkdtempSync(join(root, '..', '.frontdesk-ts-tmp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function launch(...args: string[]) {
  return spawnSync(process.execPath, [launcher, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TMPDIR: tmp },
  });
}

describe('frontdesk-ts: a TypeScript entry run by plain Node', () => {
  it('runs the preloads first, passes argv, and gives each module its own import.meta', () => {
    files({
      'preload.ts': `(globalThis as { order?: string[] }).order = ['preload'];\n`,
      'lib/where.ts': `export const where: string = import.meta.url;\nexport const dir = import.meta.dirname;\n`,
      'entry.ts': [
        `import { z } from 'zod';`,
        `import { where, dir } from './lib/where.ts';`,
        `const order = (globalThis as { order?: string[] }).order ?? [];`,
        `console.log(JSON.stringify({ order: [...order, 'entry'], argv: process.argv.slice(2), self: import.meta.url, file: import.meta.filename, where, dir, zod: typeof z.object }));`,
      ].join('\n'),
    });
    const result = launch('--import', './preload.ts', 'entry.ts', '--flag', 'value');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      order: ['preload', 'entry'],
      argv: ['--flag', 'value'],
      self: pathToFileURL(join(root, 'entry.ts')).href,
      file: join(root, 'entry.ts'),
      where: pathToFileURL(join(root, 'lib/where.ts')).href,
      dir: join(root, 'lib'),
      zod: 'function',
    });
  });

  it('requires a CommonJS package, so only the exports the code reads are evaluated (lazy exports stay lazy)', () => {
    // Node's ESM wrapper of a CommonJS module reads every export it detects, `unused` included.
    files({
      ...lazyCommonJsPackage('exports.loads = (globalThis.lazyLoads = (globalThis.lazyLoads ?? 0) + 1);'),
      'node_modules/esm-only/package.json': JSON.stringify({ name: 'esm-only', type: 'module', exports: './index.js' }),
      'node_modules/esm-only/index.js': `export const format = typeof require === 'undefined' ? 'esm' : 'cjs';\n`,
      'lazy.ts': [
        `import lazy, { used } from 'lazy-cjs';`,
        `import * as all from 'lazy-cjs';`,
        `import { format } from 'esm-only';`,
        'const seen = globalThis as { lazyLoads?: number; unusedRead?: boolean };',
        `console.log(JSON.stringify({ used, same: lazy.used === used && all.used === used, loads: seen.lazyLoads, unusedRead: seen.unusedRead ?? false, format }));`,
      ].join('\n'),
    });
    const result = launch('lazy.ts');
    expect(result.stderr).toBe('');
    // One module instance, module.exports as the default export (Node's interop); an ESM package is still imported.
    expect(JSON.parse(result.stdout)).toEqual({ used: 'used', same: true, loads: 1, unusedRead: false, format: 'esm' });
  });

  it('keeps a string that mentions import.meta.url as it is', () => {
    files({ 'text.ts': `console.log('import.meta.url');\n` });
    expect(launch('text.ts').stdout).toBe('import.meta.url\n');
  });

  it('fails with the error and a stack trace naming the TypeScript source line', () => {
    files({ 'throws.ts': `type T = string;\nconst name: T = 'x';\nthrow new Error(\`broken \${name}\`);\n` });
    const result = launch('throws.ts');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Error: broken x');
    expect(result.stderr).toContain(`${join(root, 'throws.ts')}:3:`);
  });

  it('exits with the code the entry gives process.exit, and leaves no temporary bundle behind', () => {
    files({ 'exits.ts': 'process.exit(3);\n' });
    expect(launch('exits.ts').status).toBe(3);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('fails without running anything when the entry does not compile, and names its usage', () => {
    files({ 'bad.ts': 'const = ;\n' });
    const bad = launch('bad.ts');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bad.ts');
    const none = launch();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('usage: frontdesk-ts');
  });
});

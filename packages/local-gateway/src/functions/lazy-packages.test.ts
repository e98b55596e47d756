import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlerBundler } from './bundle.ts';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'frontdesk-lazy-packages-'));
  for (const name of ['eager-words', 'lazy-words']) {
    write(`node_modules/${name}/package.json`, `{ "name": "${name}", "version": "1.0.0", "type": "module", "main": "index.js" }\n`);
    write(`node_modules/${name}/index.js`, `export const word = '${name} word';\n`);
  }
  // Shaped like an AWS SDK client: CommonJS `main`, and a `module` build whose imports have no
  // extensions (plain Node cannot load it; esbuild's mainFields would pick it).
  write(
    'node_modules/sdk-like/package.json',
    '{ "name": "sdk-like", "version": "1.0.0", "main": "./dist-cjs/index.js", "module": "./dist-es/index.js" }\n',
  );
  write('node_modules/sdk-like/dist-cjs/index.js', "exports.word = 'sdk-like word';\n");
  write('node_modules/sdk-like/dist-es/index.js', "export * from './words';\n");
  write('node_modules/sdk-like/dist-es/words.js', "export const word = 'sdk-like word';\n");
  write(
    'apps/shop/src/handler.ts',
    [
      "import { word } from 'eager-words';",
      "import { greet } from './greet.ts';",
      "export const handler = async () => `${word}, ${(await import('lazy-words')).word}, ${(await import('sdk-like')).word}, ${(await import('./later.ts')).later}, ${greet()}`;",
      '',
    ].join('\n'),
  );
  write('apps/shop/src/greet.ts', "export const greet = () => 'hello';\n");
  write('apps/shop/src/later.ts', "export const later = 'later';\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('local bundles load dynamically imported packages from node_modules', () => {
  it('keeps a dynamic import() of an installed package a dynamic import of its file, and bundles everything else', async () => {
    const bundler = new HandlerBundler(join(root, '.frontdesk/cache/functions'));
    try {
      const bundle = await bundler.rebuild({ name: 'shop', entry: join(root, 'apps/shop/src/handler.ts') });
      const code = readFileSync(bundle.file, 'utf8');
      expect(code).toContain(`import(${JSON.stringify(pathToFileURL(join(root, 'node_modules/lazy-words/index.js')).href)})`);
      expect(code).not.toContain("'lazy-words word'");
      // Node's choice (`main`), not the `module` build esbuild's mainFields would take.
      expect(code).toContain(`import(${JSON.stringify(pathToFileURL(join(root, 'node_modules/sdk-like/dist-cjs/index.js')).href)})`);
      expect(code).toContain('"eager-words word"'); // a static import is inlined
      expect(code).toContain('"later"'); // so is a dynamically imported module of the app's own
      expect(bundle.inputs.some((input) => input.includes('lazy-words'))).toBe(false);
      const { handler } = (await import(pathToFileURL(bundle.file).href)) as { handler: () => Promise<string> };
      expect(await handler()).toBe('eager-words word, lazy-words word, sdk-like word, later, hello');
    } finally {
      await bundler.dispose();
    }
  });
});

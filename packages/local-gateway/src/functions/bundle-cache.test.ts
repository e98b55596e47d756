import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlerBundler, type HandlerEntry } from './bundle.ts';
import { BundleCache, FileHashes } from './bundle-cache.ts';

let root: string;
let bundlers: HandlerBundler[] = [];
const file = (path: string) => join(root, path);
const write = (path: string, text: string) => {
  mkdirSync(join(file(path), '..'), { recursive: true });
  writeFileSync(file(path), text);
};
const entry = (name = 'shop'): HandlerEntry => ({
  name,
  entry: file(`apps/${name}/src/handler.ts`),
  keyFiles: [file('pnpm-lock.yaml'), file(`apps/${name}/package.json`)],
});

/** A bundler as one `pnpm dev` process has it: a new one per (re)start, over the same cache folder. */
const start = () => {
  const bundler = new HandlerBundler(file('.frontdesk/cache/functions'));
  bundlers.push(bundler);
  return bundler;
};
const bundle = async (bundler: HandlerBundler, entries = [entry()]) => {
  const bundles = await bundler.bundleAll(entries);
  const result = bundles.get(entries[0]?.name ?? '');
  if (!result || result instanceof Error) throw result ?? new Error('no bundle');
  return result;
};
/** Lets a reload's cache record (written just after the rebuild) be written. */
const recorded = () => new Promise((resolve) => setImmediate(resolve));
const answer = async (bundleFile: string) =>
  ((await import(`${pathToFileURL(bundleFile).href}?${Math.random()}`)) as { handler: () => string }).handler();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'frontdesk-bundle-cache-'));
  write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
  for (const name of ['shop', 'users']) {
    write(`apps/${name}/package.json`, '{ "type": "module", "dependencies": { "greeting": "1.0.0" } }\n');
    write(`apps/${name}/src/handler.ts`, `import { greet } from './greet.ts';\nexport const handler = () => greet('${name}');\n`);
    write(
      `apps/${name}/src/greet.ts`,
      "import { word } from 'greeting';\nexport const greet = (who: string): string => `${word} ${who}`;\n",
    );
  }
  write('node_modules/greeting/package.json', '{ "name": "greeting", "version": "1.0.0", "type": "module", "main": "index.js" }\n');
  write('node_modules/greeting/index.js', "export const word = 'hello';\n");
});
afterEach(async () => {
  await Promise.all(bundlers.map((bundler) => bundler.dispose()));
  bundlers = [];
  rmSync(root, { recursive: true, force: true });
});

describe('the on-disk bundle cache', () => {
  it('reuses every bundle on a restart with unchanged inputs: esbuild builds nothing', async () => {
    const first = start();
    const built = await first.bundleAll([entry('shop'), entry('users')]);
    expect(first.counts).toEqual({ fromCache: 0, built: 2 });

    const restarted = start();
    const reused = await restarted.bundleAll([entry('shop'), entry('users')]);
    expect(restarted.counts).toEqual({ fromCache: 2, built: 0 });
    expect(reused).toEqual(built);
    expect(await answer((reused.get('shop') as { file: string }).file)).toBe('hello shop');
  });

  it('rebuilds an app whose source changed, and only that app', async () => {
    await start().bundleAll([entry('shop'), entry('users')]);
    write(
      'apps/shop/src/greet.ts',
      "import { word } from 'greeting';\nexport const greet = (who: string): string => `${word}, ${who}!`;\n",
    );

    const restarted = start();
    const bundles = await restarted.bundleAll([entry('shop'), entry('users')]);
    expect(restarted.counts).toEqual({ fromCache: 1, built: 1 });
    expect(await answer((bundles.get('shop') as { file: string }).file)).toBe('hello, shop!');
  });

  it('rebuilds when a dependency changes: its files, or the versions the lockfile pins', async () => {
    const before = await bundle(start());
    write('node_modules/greeting/package.json', '{ "name": "greeting", "version": "2.0.0", "type": "module", "main": "index.js" }\n');
    write('node_modules/greeting/index.js', "export const word = 'hi';\n");
    const upgraded = start();
    const after = await bundle(upgraded);
    expect(upgraded.counts).toEqual({ fromCache: 0, built: 1 });
    expect(after.codeSha256).not.toBe(before.codeSha256);
    expect(await answer(after.file)).toBe('hi shop');

    // The lockfile alone changing (a resolution elsewhere) is a miss too: it pins the versions.
    write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n# greeting 2.0.1\n");
    const relocked = start();
    await bundle(relocked);
    expect(relocked.counts).toEqual({ fromCache: 0, built: 1 });

    write('apps/shop/package.json', '{ "type": "module", "dependencies": { "greeting": "2.0.1" } }\n');
    const redeclared = start();
    await bundle(redeclared);
    expect(redeclared.counts).toEqual({ fromCache: 0, built: 1 });
  });

  it.each([
    ['a record that is not JSON', () => write('.frontdesk/cache/functions/shop/bundle.json', '{"format":1,"key":')],
    ['a record of another shape', () => write('.frontdesk/cache/functions/shop/bundle.json', '{"format":1,"inputs":[]}')],
    [
      'a truncated bundle',
      () => {
        const { file: bundleFile } = JSON.parse(readFileSync(file('.frontdesk/cache/functions/shop/bundle.json'), 'utf8')) as {
          file: string;
        };
        writeFileSync(bundleFile, readFileSync(bundleFile).subarray(0, 40));
      },
    ],
    [
      'a bundle rewritten in place at the same size',
      () => {
        const { file: bundleFile } = JSON.parse(readFileSync(file('.frontdesk/cache/functions/shop/bundle.json'), 'utf8')) as {
          file: string;
        };
        const size = readFileSync(bundleFile).length;
        writeFileSync(bundleFile, `throw new Error('corrupt');${' '.repeat(size - 27)}`);
        expect(readFileSync(bundleFile).length).toBe(size);
      },
    ],
    [
      'a missing bundle',
      () => {
        const { file: bundleFile } = JSON.parse(readFileSync(file('.frontdesk/cache/functions/shop/bundle.json'), 'utf8')) as {
          file: string;
        };
        rmSync(bundleFile);
      },
    ],
  ])('falls back to a build on %s, and the next start hits again', async (_case, corrupt) => {
    const original = await bundle(start());
    corrupt();

    const recovering = start();
    const rebuilt = await bundle(recovering);
    expect(recovering.counts).toEqual({ fromCache: 0, built: 1 });
    expect(rebuilt.codeSha256).toBe(original.codeSha256);
    expect(await answer(rebuilt.file)).toBe('hello shop');

    const next = start();
    await bundle(next);
    expect(next.counts).toEqual({ fromCache: 1, built: 0 });
  });

  it('records a reload, so the next start reuses the edited bundle', async () => {
    const session = start();
    await bundle(session);
    write('apps/shop/src/handler.ts', "import { greet } from './greet.ts';\nexport const handler = () => greet('edited shop');\n");
    const reloaded = await session.rebuild(entry());
    expect(session.counts).toEqual({ fromCache: 0, built: 2 });
    await recorded();

    const restarted = start();
    expect((await bundle(restarted)).codeSha256).toBe(reloaded.codeSha256);
    expect(restarted.counts).toEqual({ fromCache: 1, built: 0 });
  });

  it('never records a reload beside sources saved after it: a rebuild under way cancels the record of the one before', async () => {
    const session = start();
    await bundle(session);
    write('apps/shop/src/handler.ts', "import { greet } from './greet.ts';\nexport const handler = () => greet('first edit');\n");
    const first = await session.rebuild(entry());
    // A second save, rebuilding while the first rebuild's record is still to be written: that
    // record would pair the first bundle with the second save's hashes.
    write('apps/shop/src/handler.ts', "import { greet } from './greet.ts';\nexport const handler = () => greet('second edit');\n");
    const second = session.rebuild(entry());
    await recorded();
    const record = JSON.parse(readFileSync(file('.frontdesk/cache/functions/shop/bundle.json'), 'utf8')) as { file: string };
    expect(record.file).not.toBe(first.file);

    const newest = await second;
    await recorded();
    const restarted = start();
    const reused = await bundle(restarted);
    expect(restarted.counts).toEqual({ fromCache: 1, built: 0 });
    expect(reused.codeSha256).toBe(newest.codeSha256);
    expect(await answer(reused.file)).toBe('hello second edit');
  });

  it('keys bundles by esbuild version and options as well', async () => {
    const built = await bundle(start());
    const cache = new BundleCache(file('.frontdesk/cache/functions'));
    const key = { esbuildVersion: '0.0.0', options: { target: 'node20' }, entry: entry().entry, files: [] };
    cache.store('shop', key, built, new FileHashes());
    expect(cache.lookup('shop', key, new FileHashes())).toEqual(built);
    expect(cache.lookup('shop', { ...key, esbuildVersion: '0.0.1' }, new FileHashes())).toBeUndefined();
    expect(cache.lookup('shop', { ...key, options: { target: 'node22' } }, new FileHashes())).toBeUndefined();
    expect(cache.lookup('shop', { ...key, entry: file('apps/shop/src/other.ts') }, new FileHashes())).toBeUndefined();
  });
});

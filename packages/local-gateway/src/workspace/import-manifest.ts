import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as gatewayCore from '@frontdesk/gateway-core';
import { IMPORT_META_DEFINE, ownImportMeta } from '@frontdesk/gateway-core/esbuild';
import { build, version, type BuildResult, type Message, type Plugin } from 'esbuild';
import { writeFileWhole } from '../files/write-file.ts';
import type { Bundle } from '../functions/bundle.ts';
import { BundleCache, FileHashes, type BundleKey } from '../functions/bundle-cache.ts';
import { PACKAGE_DIR } from '../package-dir.ts';

/** Where the manifest's compiled module finds the dev server's own `@frontdesk/gateway-core`. */
const HOST_KEY = 'frontdesk.local-gateway.gateway-core';
(globalThis as Record<symbol, unknown>)[Symbol.for(HOST_KEY)] = gatewayCore;

/** A module re-exporting the dev server's gateway-core, as a compiled manifest imports it. */
const HOST_MODULE = `const core = globalThis[Symbol.for(${JSON.stringify(HOST_KEY)})];\nexport const { ${Object.keys(gatewayCore)
  .filter((name) => name !== 'default')
  .join(', ')} } = core;\n`;

/**
 * An import of `@frontdesk/gateway-core` that resolves, from the manifest's folder, to the very
 * file the dev server's own copy comes from, gets that copy (its `defineApp`, its `ManifestError`,
 * its zod schemas, loaded once) instead of a second one compiled into every manifest. An import
 * that does not resolve fails as it would in Node: the app is not linked yet.
 */
function sharedGatewayCore(): Plugin {
  let own: Promise<string | undefined> | undefined;
  return {
    name: 'frontdesk-shared-gateway-core',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^@frontdesk\// }, async (args) => {
        if (args.pluginData === HOST_KEY) return undefined;
        const resolve = (resolveDir: string) =>
          esbuild.resolve(args.path, { kind: args.kind, resolveDir, importer: args.importer, pluginData: HOST_KEY });
        const resolved = await resolve(args.resolveDir);
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        own ??= esbuild
          .resolve('@frontdesk/gateway-core', { kind: 'import-statement', resolveDir: PACKAGE_DIR, pluginData: HOST_KEY })
          .then((result) => (result.errors.length > 0 ? undefined : result.path));
        return resolved.path === (await own) ? { path: 'gateway-core', namespace: HOST_KEY } : resolved;
      });
      esbuild.onLoad({ filter: /.*/, namespace: HOST_KEY }, () => ({ contents: HOST_MODULE, loader: 'js' }));
    },
  };
}

const plugins = [sharedGatewayCore(), ownImportMeta()];

/**
 * Imports app manifests (`app.config.ts`) without a TypeScript loader in the process: esbuild
 * compiles a manifest and what it imports into one module under `<root>/.frontdesk/cache/manifests/`,
 * which is imported. `import.meta.url`, `dirname` and `filename` name each compiled module's own
 * file, as they do when tsx imports it. A compiled manifest is recorded in
 * the on-disk cache ({@link BundleCache}, as app bundles are): a start whose manifest and its
 * imports hash the same reuses it without running esbuild. `fresh` re-evaluates the module, as a
 * cache-busting import does.
 */
export function manifestImporter(root: string): (file: string, fresh: boolean) => Promise<unknown> {
  const outRoot = join(root, '.frontdesk', 'cache', 'manifests');
  const cache = new BundleCache(outRoot);
  return async (file, fresh) => {
    const name = createHash('sha256').update(file).digest('hex').slice(0, 16);
    const key: BundleKey = {
      esbuildVersion: version,
      options: { format: COMPILED_FORMAT, host: HOST_MODULE },
      entry: file,
      // Which gateway-core an import resolves to depends on how the app is linked.
      files: [join(root, 'pnpm-lock.yaml'), join(dirname(file), 'package.json')],
    };
    let compiled = cache.lookup(name, key, new FileHashes());
    if (!compiled) {
      compiled = await compile(file, join(outRoot, name));
      try {
        cache.store(name, key, compiled, new FileHashes());
      } catch {
        // The cache only saves time: without a record the manifest is compiled again next start.
      }
    }
    const url = pathToFileURL(compiled.file);
    if (fresh) url.search = `?t=${Date.now()}-${Math.random().toString(36).slice(2)}`;
    return import(url.href);
  };
}

/** Bump when the compiled module's shape changes: older cache records then miss. */
const COMPILED_FORMAT = 2;

async function compile(file: string, outDir: string): Promise<Bundle> {
  const fileUrl = JSON.stringify(pathToFileURL(file).href);
  let result: BuildResult<{ write: false; metafile: true }>;
  try {
    result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      plugins,
      // Each compiled module's own import.meta.url, .filename and .dirname: a helper beside the
      // manifest that reads a file relative to itself finds the same file here and at synth.
      define: IMPORT_META_DEFINE,
      // Bundled CommonJS dependencies call require().
      banner: {
        js: `import { createRequire as __frontdeskCreateRequire } from 'node:module'; const require = __frontdeskCreateRequire(${fileUrl});`,
      },
    });
  } catch (error) {
    throw compileError(file, error);
  }
  const output = result.outputFiles[0];
  if (!output) throw new Error(`${file}: esbuild produced no output`);
  const hash = createHash('sha256').update(output.contents);
  const compiled = join(outDir, `${hash.copy().digest('hex').slice(0, 16)}.mjs`);
  mkdirSync(outDir, { recursive: true });
  writeFileWhole(compiled, output.contents);
  const cwd = process.cwd();
  // The shared gateway-core is no file of the manifest's: its exports are part of the key.
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith(`${HOST_KEY}:`));
  return { file: compiled, codeSha256: hash.digest('base64'), inputs: inputs.map((input) => resolve(cwd, input)) };
}

/**
 * esbuild's failure as the error Node's import would give: an unresolved package reads (and is
 * coded) as Node's `ERR_MODULE_NOT_FOUND`, which is how an app not linked yet is recognised.
 */
function compileError(file: string, error: unknown): Error {
  const first = (error as { errors?: Message[] }).errors?.[0];
  if (!first) return error as Error;
  const missing = /^Could not resolve "([^"]+)"/.exec(first.text);
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}` : file;
  if (missing?.[1] && !missing[1].startsWith('.') && !missing[1].startsWith('/'))
    return Object.assign(new Error(`Cannot find package '${missing[1]}' imported from ${where}`), { code: 'ERR_MODULE_NOT_FOUND' });
  return new Error(`${where}: ${first.text}`);
}

// @ts-check
/**
 * How Frontdesk's esbuild builds load source files, shared by `frontdesk-ts` (apps' synth and
 * bundle), the local gateway's manifest compiler and its dev-server build. JavaScript, as the
 * first two run before anything can compile TypeScript.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';

/** esbuild's loader for each source extension. */
const LOADERS = /** @type {const} */ ({
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
  '.json': 'json',
});

/** The loader for `file` by its extension (`js` for any other). @param {string} file */
export function loaderOf(file) {
  return LOADERS[/** @type {keyof typeof LOADERS} */ (extname(file))] ?? 'js';
}

/** The identifiers `import.meta.url`, `.filename` and `.dirname` become in a build using {@link ownImportMeta}. */
const META = { url: '__frontdeskMetaUrl', filename: '__frontdeskMetaFilename', dirname: '__frontdeskMetaDirname' };

/** esbuild's `define` that points each module's `import.meta` fields at {@link ownImportMeta}'s constants. */
export const IMPORT_META_DEFINE = Object.fromEntries(Object.entries(META).map(([field, name]) => [`import.meta.${field}`, name]));

/**
 * Gives every module compiled into a bundle its own `import.meta.url`, `filename` and `dirname`, as
 * Node does (esbuild would otherwise leave the bundle's): constants declared on each module's first
 * line (so line numbers stay the source's), which esbuild's scope hoisting keeps apart; use with
 * {@link IMPORT_META_DEFINE}. (`import.meta.resolve` still resolves from the bundle.)
 * @returns {import('esbuild').Plugin}
 */
export function ownImportMeta() {
  return {
    name: 'frontdesk-own-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.(?:[mc]?[jt]s|[jt]sx)$/ }, (args) => {
        if (args.namespace !== 'file') return undefined;
        const constants = `const ${META.url} = ${JSON.stringify(pathToFileURL(args.path).href)}, ${META.filename} = ${JSON.stringify(args.path)}, ${META.dirname} = ${JSON.stringify(dirname(args.path))};`;
        return { contents: constants + readFileSync(args.path, 'utf8'), loader: loaderOf(args.path) };
      });
    },
  };
}

#!/usr/bin/env node
// @ts-check
/**
 * `frontdesk-ts [--import <module>]… <entry.ts> [args…]`: runs a TypeScript entry with plain Node,
 * as `node --import tsx [--import <module>]… <entry.ts>` would, for the apps' `bundle` and `synth`.
 *
 * Why: under tsx every module Node loads goes through tsx's hooks, aws-cdk-lib's thousands of
 * `require` calls included (~0.7 CPU-s of an app's ~2.4 s synth). Here esbuild bundles the entry
 * and the workspace TypeScript it imports into one ESM module (in a temporary folder, with an
 * inline source map, so stack traces and CDK's construct traces name the .ts files); every
 * installed package stays external, imported by its resolved path, so Node loads it natively.
 * `import.meta.url` keeps meaning the module's own source file (`esbuild/sources.mjs`). This file is JavaScript because
 * it is what lets Node 20 (no type stripping) run the TypeScript.
 *
 * A CommonJS package is loaded with `require` rather than `import`: Node's ESM wrapper of a CommonJS
 * module reads every export it detects, and aws-cdk-lib's exports are lazy getters, each loading its
 * service module on first read, so `import { App } from 'aws-cdk-lib'` loaded ~975 files where the
 * stack needs ~380 (an app's synth 2.4 → 1.7 CPU-s). The same file runs either way (one module
 * instance, Node's default-export interop); only the exports the code reads are evaluated.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { IMPORT_META_DEFINE, ownImportMeta } from '../esbuild/sources.mjs';
import { isCommonJs } from './module-format.mjs';

const USAGE = 'usage: frontdesk-ts [--import <module>]… <entry.ts> [args…]';
const args = process.argv.slice(2);
/** @type {string[]} */
const preloads = [];
while (args[0] === '--import') {
  args.shift();
  const module = args.shift();
  if (!module) fail(`--import needs a module\n${USAGE}`);
  preloads.push(module);
}
const given = args.shift();
if (!given) fail(`no entry file\n${USAGE}`);
const entry = resolve(given);
// What the entry sees, as under `node <entry>`.
process.argv = [process.argv[0] ?? 'node', entry, ...args];

/** The namespace of the stand-in modules that `require` a CommonJS package, and the bundle's `require`. */
const CJS = 'frontdesk-commonjs';
const REQUIRE = '__frontdeskRequire';

/** @type {import('esbuild').Plugin} */
const packagesStayExternal = {
  name: 'frontdesk-packages-external',
  setup(pluginBuild) {
    // Bare specifiers: a workspace package (a symlink to TypeScript source) is bundled, anything
    // installed is imported from where it resolved. Built-ins stay as they are.
    pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      const found = await pluginBuild.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0 || found.external) return found;
      const real = realpathSync(found.path);
      if (!real.split(sep).includes('node_modules')) return { path: real };
      return isCommonJs(real) ? { path: real, namespace: CJS } : { path: pathToFileURL(real).href, external: true };
    });
    // esbuild's interop reads a property of the stand-in's exports where the code uses it.
    pluginBuild.onLoad({ filter: /.*/, namespace: CJS }, (args) => ({
      contents: `module.exports = ${REQUIRE}(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-ts-'));
const outfile = join(dir, 'entry.mjs');
// Also when the entry calls process.exit (the synth preload does, handing over to the CDK CLI).
// (A data: URL would need no file, but Node 20 maps no stack trace of one to its sources.)
const removeBundle = () => rmSync(dir, { recursive: true, force: true });
process.once('exit', removeBundle);
try {
  await build({
    // The preloads first, then the entry: ESM evaluates a bundle's modules in import order.
    stdin: { contents: [...preloads, entry].map((module) => `import ${JSON.stringify(module)};`).join('\n'), resolveDir: process.cwd() },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    // Node's own conditions (import, node, default): esbuild's extra `module` condition could pick
    // a file Node would not load for that package.
    conditions: ['node'],
    sourcemap: 'inline',
    // Each module's own import.meta.url, .filename and .dirname.
    define: IMPORT_META_DEFINE,
    plugins: [packagesStayExternal, ownImportMeta()],
    banner: {
      js: `import { createRequire as __frontdeskCreateRequire } from 'node:module'; const ${REQUIRE} = __frontdeskCreateRequire(import.meta.url);`,
    },
    logLevel: 'error',
  });
} catch {
  // esbuild has printed the errors.
  process.exit(1);
}
process.setSourceMapsEnabled(true);
try {
  await import(pathToFileURL(outfile).href);
} finally {
  // Node has read the module; everything it imports lives elsewhere.
  removeBundle();
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`frontdesk-ts: ${message}`);
  process.exit(2);
}

// @ts-check
/**
 * `commonJsImports()`, a Vite plugin for app tests: a named import of aws-cdk-lib (`import { App }
 * from 'aws-cdk-lib'`, or another CommonJS package named in `packages`) reads just those exports
 * from `require(<the file Vitest resolved>)`, as synth's `frontdesk-ts` does, instead of Vitest's
 * native `import()`.
 *
 * Why: Node's ESM wrapper of a CommonJS module reads every export it detects, and each of
 * aws-cdk-lib's exports is a getter that loads its service module, so a stack test loaded ~630
 * files where the stack needs a fraction (~0.7 CPU-s of an app's test task). The same file runs
 * (one module instance; Vitest resolves it, so it is the file `import()` would load), and a named
 * import is that property of `module.exports` either way (Node's detected export, or Vitest's
 * fall-back to the default export). The import itself stays: its specifier names a module of
 * this plugin's that requires the file and exports those names, so bindings, evaluation order and
 * line numbers are an import's. A declaration with a default or namespace import (or `{ default
 * as x }`) keeps Vitest's own interop: it is left as it is. Only modules Vitest transforms (the
 * workspace's TypeScript) are rewritten. JavaScript, as Vitest loads its config's imports with
 * plain Node.
 *
 * Only the packages named: a `require` bypasses Vitest's module mocks, so `vi.mock('<package>')`
 * would not reach a rewritten import; a mock of a listed package is refused with that reason.
 * Tests build real aws-cdk-lib constructs; an SDK client a test mocks must stay an `import`,
 * hence no "every CommonJS package".
 */
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { isCommonJs } from '../bin/module-format.mjs';

/**
 * Ids of the modules that stand in for a named import: `PREFIX<file, base64url>?<names, JSON>`.
 * A path-like id, so Vitest's runner asks this plugin for it; the file encoded, since Vitest
 * hands an id containing `/node_modules/` to Node's own import instead.
 */
const PREFIX = '/@frontdesk-commonjs/';

/** @param {{ packages?: readonly string[] }} [options] @returns {import('vitest/config').Plugin} */
export function commonJsImports({ packages = ['aws-cdk-lib'] } = {}) {
  /** @param {string} source */
  const listed = (source) => packages.some((name) => source === name || source.startsWith(`${name}/`));
  return {
    name: 'frontdesk-commonjs-imports',
    // After TypeScript is stripped: type-only imports are gone by then.
    enforce: 'post',
    async transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (file.split(sep).includes('node_modules') || !/\.[cm]?[jt]sx?$/.test(file) || !code.includes('import')) return null;
      // A require is out of vi.mock's reach: a mock of a listed package would silently not apply.
      for (const [, mocked] of code.matchAll(/\bvi\s*\.\s*(?:mock|doMock)\s*\(\s*['"`]([^'"`]+)['"`]/g)) {
        if (mocked && listed(mocked))
          this.error(
            `commonJsImports() requires ${mocked}, so vi.mock('${mocked}') would not reach the code under test: leave it out of the plugin's packages (commonJsImports({ packages: [] })) or do not mock it`,
          );
      }
      /** @type {{ start: number, end: number, text: string }[]} */
      const edits = [];
      for (const node of this.parse(code).body) {
        if (node.type !== 'ImportDeclaration' || !listed(String(node.source.value))) continue;
        /** @type {string[]} */
        const names = [];
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') break;
          names.push(specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value));
        }
        // `{ default as x }` is module.exports under Vitest's interop, not a property of it: left to Vitest.
        if (names.length !== node.specifiers.length || names.includes('default')) continue;
        const target = installedCommonJs((await this.resolve(String(node.source.value), id))?.id);
        if (!target) continue;
        // Only the module specifier changes: the declaration, its bindings and the lines stay.
        const { start, end } = /** @type {{ start: number, end: number }} */ (/** @type {unknown} */ (node.source));
        edits.push({
          start,
          end,
          text: JSON.stringify(`${PREFIX}${Buffer.from(target).toString('base64url')}?${JSON.stringify([...new Set(names)])}`),
        });
      }
      if (edits.length === 0) return null;
      let out = code;
      for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return { code: out, map: null };
    },
    resolveId(source) {
      return source.startsWith(PREFIX) ? source : null;
    },
    // A module of its own (not a `const` where the import was), so its bindings exist before the
    // importer's body runs, in whatever order an import cycle evaluates it.
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const query = id.lastIndexOf('?');
      const target = Buffer.from(id.slice(PREFIX.length, query), 'base64url').toString();
      /** @type {string[]} */
      const names = JSON.parse(id.slice(query + 1));
      const lines = [
        `import { createRequire } from 'node:module';`,
        `const exported = createRequire(${JSON.stringify(target)})(${JSON.stringify(target)});`,
        ...names.map((name, index) => `const name${index} = exported[${JSON.stringify(name)}];`),
        `export { ${names.map((name, index) => `name${index} as ${JSON.stringify(name)}`).join(', ')} };`,
      ];
      return { code: lines.join('\n'), map: null };
    },
  };
}

/** The real path of a resolved id when it is an installed CommonJS file, else undefined. @param {string | undefined} id */
function installedCommonJs(id) {
  const file = id?.split('?')[0];
  if (!file?.startsWith(sep)) return undefined;
  try {
    const real = realpathSync(file);
    return real.split(sep).includes('node_modules') && isCommonJs(real) ? real : undefined;
  } catch {
    return undefined;
  }
}

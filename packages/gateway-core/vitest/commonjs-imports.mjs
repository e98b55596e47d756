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
 * fall-back to the default export). A declaration with a default or namespace import keeps
 * Vitest's own interop: it is left as it is. Only modules Vitest transforms (the workspace's
 * TypeScript) are rewritten, and their lines keep their numbers. JavaScript, as Vitest loads its
 * config's imports with plain Node.
 *
 * Only the packages named: a `require` bypasses Vitest's module mocks, so `vi.mock('<package>')`
 * would not reach a rewritten import. Nobody mocks aws-cdk-lib (tests build real constructs);
 * an SDK client a test mocks must stay an `import`, hence no "every CommonJS package".
 */
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { isCommonJs } from '../bin/module-format.mjs';

/** The name the rewritten imports call, declared on a rewritten module's first line. */
const REQUIRE = '__frontdeskRequire';
const PRELUDE = `import { createRequire as __frontdeskCreateRequire } from 'node:module'; const ${REQUIRE} = __frontdeskCreateRequire(import.meta.url); `;

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
      /** @type {{ start: number, end: number, text: string }[]} */
      const edits = [];
      for (const node of this.parse(code).body) {
        if (node.type !== 'ImportDeclaration' || node.specifiers.length === 0) continue;
        const source = String(node.source.value);
        if (!listed(source)) continue;
        /** @type {string[]} */
        const bindings = [];
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') break;
          const name = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
          bindings.push(`${JSON.stringify(name)}: ${specifier.local.name}`);
        }
        if (bindings.length !== node.specifiers.length) continue;
        const target = installedCommonJs((await this.resolve(source, id))?.id);
        if (!target) continue;
        const { start, end } = /** @type {{ start: number, end: number }} */ (/** @type {unknown} */ (node));
        // As many line breaks as the declaration spanned, so the lines below keep their numbers.
        const breaks = '\n'.repeat(code.slice(start, end).split('\n').length - 1);
        edits.push({ start, end, text: `const { ${bindings.join(', ')} } = ${REQUIRE}(${JSON.stringify(target)});${breaks}` });
      }
      if (edits.length === 0) return null;
      let out = code;
      for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return { code: PRELUDE + out, map: null };
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

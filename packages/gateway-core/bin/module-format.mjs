// @ts-check
/**
 * Which installed files Node loads as CommonJS, for `frontdesk-ts` and the app tests' Vitest plugin
 * (`vitest/commonjs-imports.mjs`), which both `require` those rather than `import` them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** @type {Map<string, boolean>} */
const commonJsDirs = new Map();

/**
 * Whether Node loads `file` as CommonJS: `.cjs`, or `.js` whose nearest package.json has no
 * `"type": "module"` (Node's rule; `.mjs`, `.json` and `.node` are not).
 * @param {string} file
 */
export function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  return file.endsWith('.js') && dirIsCommonJs(dirname(file));
}

/** @param {string} dir @returns {boolean} */
function dirIsCommonJs(dir) {
  const known = commonJsDirs.get(dir);
  if (known !== undefined) return known;
  const manifest = join(dir, 'package.json');
  const commonJs = existsSync(manifest)
    ? JSON.parse(readFileSync(manifest, 'utf8')).type !== 'module'
    : dirname(dir) === dir || dirIsCommonJs(dirname(dir));
  commonJsDirs.set(dir, commonJs);
  return commonJs;
}

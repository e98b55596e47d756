/**
 * Files of `node_modules/lazy-cjs`, a CommonJS package of aws-cdk-lib's shape: every export a getter
 * that loads its module on first read (the `_noFold` indirection keeps Node's export detection seeing
 * `exports.x = void 0`, as there). Reading `unused` sets `globalThis.unusedRead`; `more` lines follow.
 */
export function lazyCommonJsPackage(...more: string[]): Record<string, string> {
  return {
    'node_modules/lazy-cjs/package.json': JSON.stringify({ name: 'lazy-cjs', main: 'index.js' }),
    'node_modules/lazy-cjs/index.js': [
      'var _noFold;',
      `exports.used = void 0, Object.defineProperty(exports, _noFold = 'used', { enumerable: true, get: () => 'used' });`,
      `exports.unused = void 0, Object.defineProperty(exports, _noFold = 'unused', { enumerable: true, get: () => { globalThis.unusedRead = true; } });`,
      ...more,
    ].join('\n'),
  };
}

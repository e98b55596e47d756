import type { Plugin } from 'vitest/config';

/**
 * A Vite plugin for app tests: named imports of aws-cdk-lib (or of the CommonJS `packages` given)
 * read only what they name, through `require` (see commonjs-imports.mjs).
 */
export function commonJsImports(options?: { readonly packages?: readonly string[] }): Plugin;

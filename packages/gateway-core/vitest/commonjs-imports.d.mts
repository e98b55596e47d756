import type { Plugin } from 'vitest/config';

/** A Vite plugin for app tests: named imports of CommonJS packages read only what they name (see commonjs-imports.mjs). */
export function commonJsImports(): Plugin;

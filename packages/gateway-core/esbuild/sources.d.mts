import type { Loader, Plugin } from 'esbuild';

/** The loader for `file` by its extension (`js` for any other). */
export function loaderOf(file: string): Loader;
/** esbuild's `define` that points each module's `import.meta` fields at {@link ownImportMeta}'s constants. */
export const IMPORT_META_DEFINE: Readonly<Record<string, string>>;
/** Every compiled module keeps its own `import.meta.url`, `filename` and `dirname` (see sources.mjs). */
export function ownImportMeta(): Plugin;

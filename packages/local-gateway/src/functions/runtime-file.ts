import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { bundleHandler } from './bundle.ts';

/**
 * Worker threads load plain JavaScript: the runtime (`worker-runtime.ts`) is bundled once per
 * start into the cache, next to the app bundles.
 */
export async function buildRuntimeFile(cacheDir: string): Promise<string> {
  const entry = fileURLToPath(new URL('./worker-runtime.ts', import.meta.url));
  return (await bundleHandler(entry, join(cacheDir, 'runtime'))).file;
}

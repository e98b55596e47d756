import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { bundleHandler } from './bundle.ts';

/**
 * Worker threads load plain JavaScript: the runtime (`worker-runtime.ts`) is bundled into the
 * cache, next to the app bundles, and reused from there while its sources are unchanged.
 */
export async function buildRuntimeFile(cacheDir: string): Promise<string> {
  const entry = fileURLToPath(new URL('./worker-runtime.ts', import.meta.url));
  const packageFile = fileURLToPath(new URL('../../package.json', import.meta.url));
  return (await bundleHandler(entry, join(cacheDir, 'runtime'), [packageFile])).file;
}

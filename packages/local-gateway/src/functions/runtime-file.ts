import { join } from 'node:path';
import { PACKAGE_DIR } from '../package-dir.ts';
import { bundleHandler } from './bundle.ts';

/**
 * Worker threads load plain JavaScript: the runtime (`worker-runtime.ts`) is bundled into the
 * cache, next to the app bundles, and reused from there while its sources are unchanged.
 */
export async function buildRuntimeFile(cacheDir: string): Promise<string> {
  const entry = join(PACKAGE_DIR, 'src', 'functions', 'worker-runtime.ts');
  const packageFile = join(PACKAGE_DIR, 'package.json');
  return (await bundleHandler(entry, join(cacheDir, 'runtime'), [packageFile])).file;
}

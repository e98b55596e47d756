import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `from` that holds a package.json. */
function packageDirOf(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * `packages/local-gateway`, whether this code runs from its sources (`src/…`) or from the
 * dev-server build (`dist/dev-server/<hash>/…`, see bin/dev.mjs): files read at run time (the
 * worker runtime's sources, the console's page) are found from here, never beside the module.
 */
export const PACKAGE_DIR = packageDirOf(dirname(fileURLToPath(import.meta.url)));

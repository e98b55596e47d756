import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds the line a finding should point at in a repository file: the first line holding the
 * anchor quoted ('GET /x' or "GET /x"), else the first holding it bare, else `defineApp(`.
 */
export function lineLocator(root: string): (file: string, anchor: string | undefined) => number | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, anchor) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(join(root, file), 'utf8').split('\n'));
      } catch {
        cache.set(file, undefined);
      }
    }
    const lines = cache.get(file);
    if (!lines) return undefined;
    const candidates = anchor === undefined ? ['defineApp('] : [`'${anchor}'`, `"${anchor}"`, `${anchor}:`, anchor, 'defineApp('];
    for (const needle of candidates) {
      const index = lines.findIndex((line) => line.includes(needle));
      if (index >= 0) return index + 1;
    }
    return undefined;
  };
}

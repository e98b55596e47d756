import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `bench/src`). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where results are published. */
export const docsDir = join(repoRoot, 'docs');

/**
 * Cache for things the benchmark installs on demand (the serverless-offline peer). Outside the
 * workspace so the template's own `pnpm install` never sees it.
 */
export function benchCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FRONTDESK_BENCH_CACHE) return resolve(env.FRONTDESK_BENCH_CACHE);
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(base, 'frontdesk-bench');
}

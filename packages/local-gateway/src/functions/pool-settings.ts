import { DEFAULT_POOL, type PoolSettings } from './worker-pool.ts';

/** Beyond this many workers per version a 2-core laptop only thrashes; Lambda's own ceiling is the account's concurrency. */
const MAX_WORKERS_LIMIT = 256;

/**
 * The worker pool's settings from `FRONTDESK_MAX_WORKERS` (workers per function version, 1–256)
 * and `FRONTDESK_WORKER_IDLE_SECONDS` (how long an idle worker lives, above 0); a bad value is an
 * error naming the variable, before any port is bound.
 */
export function poolSettingsFrom(env: Readonly<Record<string, string | undefined>>, overrides: Partial<PoolSettings> = {}): PoolSettings {
  const maxWorkers = overrides.maxWorkers ?? readNumber(env, 'FRONTDESK_MAX_WORKERS');
  const idleSeconds = readNumber(env, 'FRONTDESK_WORKER_IDLE_SECONDS');
  const idleMs = overrides.idleMs ?? (idleSeconds === undefined ? undefined : idleSeconds * 1000);
  if (maxWorkers !== undefined && (!Number.isInteger(maxWorkers) || maxWorkers < 1 || maxWorkers > MAX_WORKERS_LIMIT)) {
    throw new RangeError(
      `FRONTDESK_MAX_WORKERS must be a whole number of workers per app from 1 to ${MAX_WORKERS_LIMIT}, got ${maxWorkers}`,
    );
  }
  if (idleMs !== undefined && !(idleMs > 0 && Number.isFinite(idleMs))) {
    throw new RangeError(`FRONTDESK_WORKER_IDLE_SECONDS must be a number of seconds above 0, got ${idleMs / 1000}`);
  }
  return { maxWorkers: maxWorkers ?? DEFAULT_POOL.maxWorkers, idleMs: idleMs ?? DEFAULT_POOL.idleMs };
}

function readNumber(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a number, got "${text}"`);
  return value;
}

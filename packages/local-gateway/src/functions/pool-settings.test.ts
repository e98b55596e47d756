import { describe, expect, it } from 'vitest';
import { poolSettingsFrom } from './pool-settings.ts';
import { DEFAULT_POOL } from './worker-pool.ts';

describe('poolSettingsFrom', () => {
  it('defaults to 10 workers per version, retired after 5 idle minutes', () => {
    expect(poolSettingsFrom({})).toEqual(DEFAULT_POOL);
    expect(DEFAULT_POOL).toEqual({ maxWorkers: 10, idleMs: 300_000 });
  });

  it('reads FRONTDESK_MAX_WORKERS and FRONTDESK_WORKER_IDLE_SECONDS; options win over the environment', () => {
    expect(poolSettingsFrom({ FRONTDESK_MAX_WORKERS: '3', FRONTDESK_WORKER_IDLE_SECONDS: '0.5' })).toEqual({ maxWorkers: 3, idleMs: 500 });
    expect(poolSettingsFrom({ FRONTDESK_MAX_WORKERS: '3' }, { maxWorkers: 1, idleMs: 20 })).toEqual({ maxWorkers: 1, idleMs: 20 });
  });

  it('refuses values that are not a worker count or a duration, naming the variable', () => {
    expect(() => poolSettingsFrom({ FRONTDESK_MAX_WORKERS: '0' })).toThrow(
      /FRONTDESK_MAX_WORKERS must be a whole number of workers per app from 1 to 256, got 0/,
    );
    expect(() => poolSettingsFrom({ FRONTDESK_MAX_WORKERS: '2.5' })).toThrow(/FRONTDESK_MAX_WORKERS/);
    expect(() => poolSettingsFrom({ FRONTDESK_MAX_WORKERS: 'many' })).toThrow(/FRONTDESK_MAX_WORKERS must be a number, got "many"/);
    expect(() => poolSettingsFrom({ FRONTDESK_WORKER_IDLE_SECONDS: '0' })).toThrow(
      /FRONTDESK_WORKER_IDLE_SECONDS must be a number of seconds above 0/,
    );
    expect(() => poolSettingsFrom({ FRONTDESK_WORKER_IDLE_SECONDS: '-1' })).toThrow(/FRONTDESK_WORKER_IDLE_SECONDS/);
  });
});

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvokeResult } from './function-instance.ts';
import { blockUntil, fixture, poolOf, threadOf, useWorkerExitFixture } from './worker-exit.fixture.ts';

/** Real worker threads whose handler ends its environment on its own (`worker-exit.fixture.ts`). */
useWorkerExitFixture();
let dir: string;
beforeAll(() => {
  dir = fixture.dir;
});

describe('a worker that ends on its own between invocations fails no request it never started', () => {
  it.each(['exit', 'timer', 'reject'] as const)(
    'sequential requests (%s after the answer): each one answered, on a fresh worker each time, each a cold start',
    async (end) => {
      const { pool, run, coldStarts, died } = poolOf(4);
      try {
        const results: InvokeResult[] = [];
        // Each request is started as soon as the previous one is answered: before the gateway takes the exit.
        for (let i = 0; i < 6; i += 1) results.push(await run(end));
        expect(results.map((result) => result.ok)).toEqual([true, true, true, true, true, true]);
        expect(results.map((result) => result.worker)).toEqual([1, 2, 3, 4, 5, 6].map((id) => expect.objectContaining({ id, cold: true })));
        expect(new Set(results.map(threadOf)).size).toBe(6);
        expect(results.every((result) => result.ok && JSON.parse(result.payload).invocations === 1)).toBe(true);
        expect(coldStarts).toEqual([1, 2, 3, 4, 5, 6]);
        // The sixth ends too, after its answer: taken with that answer or later.
        await expect.poll(() => died.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
        // The request started on a fresh worker reports its init phase, as a Lambda cold start does.
        expect(results.every((result) => result.worker?.initDurationMs !== undefined)).toBe(true);
      } finally {
        await pool.stop();
      }
    },
  );

  it('concurrent requests queued for two workers that end after each answer: every one answered', async () => {
    const { pool, run, coldStarts } = poolOf(2);
    try {
      const results = await Promise.all(Array.from({ length: 10 }, () => run('exit')));
      expect(results.map((result) => (result.ok ? 'ok' : result.error.errorType))).toEqual(Array(10).fill('ok'));
      // Never two invocations on one worker: each ended after its one answer.
      expect(new Set(results.map(threadOf)).size).toBe(10);
      expect(coldStarts).toHaveLength(10);
      expect(results.every((result) => result.worker?.cold === true)).toBe(true);
    } finally {
      await pool.stop();
    }
  });

  it('a request whose own handler ends the worker fails with Runtime.ExitError; the requests queued behind it do not', async () => {
    const { pool, run, coldStarts } = poolOf(1);
    try {
      const first = run();
      const [, own, after, later] = await Promise.all([first, run('during'), run(), run()]);
      expect(own).toMatchObject({
        ok: false,
        error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: exit status 9' },
      });
      expect([after.ok, later.ok]).toEqual([true, true]);
      expect(after.worker).toMatchObject({ id: 2, cold: true });
      expect(coldStarts).toEqual([1, 2]);
    } finally {
      await pool.stop();
    }
  });

  it('a worker that ends before its first invocation (its own init’s doing) fails that invocation once, without starting workers on end', async () => {
    const { pool, created } = poolOf(4, { handlerFile: join(dir, 'init', 'index.mjs') });
    try {
      const result = await pool.run((instance) => {
        // The worker is initialized and about to end: the invocation is posted to it all the same.
        blockUntil(join(dir, 'init-gone-1'));
        return instance.invoke('{}', 'request-init', 'arn:aws:lambda:us-east-1:000000000000:function:exits');
      });
      expect(result).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError' }, worker: { id: 1, cold: true } });
      expect(created()).toBe(1);
    } finally {
      await pool.stop();
    }
  });
});

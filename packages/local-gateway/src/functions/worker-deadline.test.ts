import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { FunctionInstance } from './function-instance.ts';
import { blockUntil, fixture, poolOf, stall, threadOf, until, useWorkerExitFixture } from './worker-exit.fixture.ts';
import { WITHDRAWN } from './worker-progress.ts';
import type { InvokeMessage } from './worker-runtime.ts';

/**
 * A request's deadline, on real worker threads (`worker-exit.fixture.ts`): it runs from the
 * request's first post, a retry on a fresh worker included; a request the worker has not taken by
 * then is taken back and times out, never starting there; and the deadline is kept when this
 * thread is held up past it with an answer queued: when that answer was made is not known here.
 */
useWorkerExitFixture();
let dir: string;
let runtimeFile: string;
beforeAll(() => {
  ({ dir, runtimeFile } = fixture);
});

describe("a request's deadline, whatever worker ends or stalls", () => {
  it('a request handed to a worker that ended times out when this thread is held up past its deadline (no retry past it)', async () => {
    const { pool, run, coldStarts } = poolOf(1, { timeoutSeconds: 1 });
    try {
      // Worker 1 answers, then waits (blocked, so it takes nothing) for a file `go` before it ends.
      const first = await run('on-go');
      expect(first.ok).toBe(true);
      const thread = threadOf(first);
      // The next request is posted to it. Then, in a callback after which timers come before I/O,
      // this thread lets the worker end and is held up past the request's deadline: its timer and
      // the worker's exit are both due. Whichever this thread takes first, the request's time is up.
      const deadlines: Array<number | undefined> = [];
      const next = await pool.run((instance, deadline) => {
        deadlines.push(deadline);
        const result = instance.invoke('{}', 'request-stalled', 'arn:aws:lambda:us-east-1:000000000000:function:exits', false, deadline);
        if (deadlines.length > 1) return result;
        // Runs right after invoke posts (its own wait for `initialized` was queued first).
        void instance.initialized.then(() =>
          setImmediate(() => {
            writeFileSync(join(dir, `go-${thread}`), '');
            blockUntil(join(dir, `gone-${thread}`));
            stall(1500);
          }),
        );
        return result;
      });
      expect(next).toMatchObject({ ok: false, timedOut: true, error: { errorType: 'Sandbox.Timedout' }, worker: { id: 1, cold: false } });
      expect(deadlines).toEqual([undefined]);
      expect(coldStarts).toEqual([1]);
    } finally {
      await pool.stop();
    }
  });

  it('a request handed to a worker stuck in work after its answer times out at its deadline, not a full timeout later on a fresh worker', async () => {
    const { pool, run, coldStarts, created } = poolOf(1, { timeoutSeconds: 1 });
    try {
      expect((await run('loop')).ok).toBe(true);
      // Worker 1 loops (a timer's work after its answer) and never takes the next request: taken
      // back at its deadline, it is answered then (an HTTP API's 30 s cap is the gateway's, not ours to double).
      expect(await run()).toMatchObject({ ok: false, timedOut: true, error: { errorType: 'Sandbox.Timedout' }, worker: { id: 1 } });
      expect(created()).toBe(1);
      // The stuck worker was ended at that deadline: the next request gets a fresh one.
      expect(await run()).toMatchObject({ ok: true, worker: { id: 2, cold: true } });
      expect(coldStarts).toEqual([1, 2]);
    } finally {
      await pool.stop();
    }
  });

  it('a request retried on a fresh worker keeps its first deadline: its handler gets only the time left', async () => {
    const { pool, run } = poolOf(4, { timeoutSeconds: 30 });
    try {
      expect((await run('exit')).ok).toBe(true);
      const deadlines: Array<number | undefined> = [];
      const posted = Date.now();
      const result = await pool.run((instance, deadline) => {
        deadlines.push(deadline);
        return instance.invoke(
          JSON.stringify({ dir }),
          'request-retried',
          'arn:aws:lambda:us-east-1:000000000000:function:exits',
          false,
          deadline,
        );
      });
      expect(result).toMatchObject({ ok: true, worker: { id: 2, cold: true } });
      expect(deadlines).toHaveLength(2);
      expect(deadlines[0]).toBeUndefined();
      expect(deadlines[1]).toBeGreaterThanOrEqual(posted + 30_000);
      expect(deadlines[1]).toBeLessThanOrEqual(Date.now() + 30_000);
      // The handler's own view of it: getRemainingTimeInMillis counts down from the first post.
      const remaining = (JSON.parse((result as { payload: string }).payload) as { remaining: number }).remaining;
      expect(remaining).toBeLessThanOrEqual((deadlines[1] ?? 0) - posted);
    } finally {
      await pool.stop();
    }
  });

  it('a retry whose deadline has passed times out without running', async () => {
    const { pool } = poolOf(1);
    try {
      const result = await pool.run((instance) =>
        instance.invoke(
          JSON.stringify({ dir }),
          'request-late',
          'arn:aws:lambda:us-east-1:000000000000:function:exits',
          false,
          Date.now() - 1,
        ),
      );
      expect(result).toMatchObject({
        ok: false,
        timedOut: true,
        error: { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: request-late Error: Task timed out after 30.00 seconds' },
      });
      expect(result.ranMs).toBeUndefined();
    } finally {
      await pool.stop();
    }
  });

  it('a request taken back at its deadline never starts on that worker, though the worker frees itself before it is ended', async () => {
    const { pool, run } = poolOf(1, { timeoutSeconds: 1 });
    try {
      // Worker 1 answers, then is held (blocked, so it takes nothing) until a file `go`.
      const first = await run('hold');
      const thread = threadOf(first);
      const result = await pool.run((instance) => {
        // Ending a thread takes a while (Worker.terminate is asynchronous): the worker gets free in
        // it here. A probe posted behind the request (the id the withdrawn count lets start) shows
        // when the worker has seen the request: it takes its messages in order.
        const internals = instance as unknown as { worker: Worker };
        const terminate = instance.terminate.bind(instance);
        instance.terminate = async () => {
          writeFileSync(join(dir, `go-${thread}`), '');
          const probe: InvokeMessage = {
            type: 'invoke',
            id: WITHDRAWN,
            requestId: 'probe',
            payload: JSON.stringify({ dir, id: 'probe' }),
            deadline: Date.now() + 30_000,
            invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:exits',
          };
          internals.worker.postMessage(probe);
          await until(() => existsSync(join(dir, 'ran-probe')), 'the probe');
          await terminate();
        };
        return instance.invoke(
          JSON.stringify({ dir, id: 'withdrawn' }),
          'request-withdrawn',
          'arn:aws:lambda:us-east-1:000000000000:function:exits',
        );
      });
      expect(result).toMatchObject({ ok: false, timedOut: true, error: { errorType: 'Sandbox.Timedout' } });
      await until(() => !pool.alive, 'the end of worker 1');
      expect(existsSync(join(dir, 'ran-probe'))).toBe(true);
      expect(existsSync(join(dir, 'ran-withdrawn'))).toBe(false);
    } finally {
      await pool.stop();
    }
  });

  it('an instance that ended after its init phase hands an invocation posted later back unstarted, with its deadline', async () => {
    const instance = new FunctionInstance({
      runtimeFile,
      data: { handlerFile: join(dir, 'init', 'index.mjs'), functionName: 'exits', functionVersion: '1', memoryLimitInMB: 128 },
      env: { GONE: join(dir, 'init-gone-direct') },
      memoryMb: 128,
      timeoutSeconds: 30,
    });
    try {
      await instance.initialized;
      await until(() => !instance.alive, 'the worker’s end');
      const before = Date.now();
      const result = await instance.invoke('{}', 'request-after-end', 'arn:aws:lambda:us-east-1:000000000000:function:exits');
      expect(result).toMatchObject({ ok: false, notStarted: true, error: { errorType: 'Runtime.ExitError' } });
      expect(result.ok ? undefined : result.deadline).toBeGreaterThanOrEqual(before + 30_000);
    } finally {
      await instance.terminate();
    }
  });

  it('a request whose answer is queued when this thread, held up, reaches its deadline times out (an overrun must never pass)', async () => {
    const { pool, run, coldStarts } = poolOf(1, { timeoutSeconds: 1 });
    try {
      expect((await run()).ok).toBe(true);
      const result = await pool.run((instance) => {
        const invoked = instance.invoke(
          JSON.stringify({ dir, id: 'answered-in-time' }),
          'request-held',
          'arn:aws:lambda:us-east-1:000000000000:function:exits',
        );
        // Right after the post, this thread waits for the answer's marker, then is held up past the
        // deadline: the timer is due before this thread reads the answer waiting in its queue.
        void instance.initialized.then(() =>
          setImmediate(() => {
            blockUntil(join(dir, 'ran-answered-in-time'));
            stall(1500);
          }),
        );
        return invoked;
      });
      expect(result).toMatchObject({ ok: false, timedOut: true, error: { errorType: 'Sandbox.Timedout' } });
      expect(coldStarts).toEqual([1]);
    } finally {
      await pool.stop();
    }
  });

  it('a request the worker took and that outlives its deadline still times out', async () => {
    const { pool, run } = poolOf(1, { timeoutSeconds: 1 });
    try {
      expect((await run()).ok).toBe(true);
      const result = await pool.run((instance) => {
        const invoked = instance.invoke(
          JSON.stringify({ dir, end: 'hang' }),
          'request-hang',
          'arn:aws:lambda:us-east-1:000000000000:function:exits',
        );
        return invoked;
      });
      expect(result).toMatchObject({ ok: false, timedOut: true, error: { errorType: 'Sandbox.Timedout' } });
    } finally {
      await pool.stop();
    }
  });
});

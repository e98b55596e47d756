import { describe, expect, it, vi } from 'vitest';
import type { FunctionInstance, InvokeResult } from './function-instance.ts';
import { WorkerPool } from './worker-pool.ts';

/** A stand-in for a worker: warm at once; `answered`: it has answered its invocation, not yet taken. */
interface FakeWorker {
  readonly id: number;
  alive: boolean;
  answered: boolean;
}

function poolOf(maxWorkers: number) {
  const started: FakeWorker[] = [];
  const pool = new WorkerPool({
    maxWorkers: () => maxWorkers,
    idleMs: 60_000,
    create: () => {
      const worker: FakeWorker = { id: started.length + 1, alive: true, answered: false };
      started.push(worker);
      const instance = {
        get alive() {
          return worker.alive;
        },
        get warm() {
          return worker.alive;
        },
        get answered() {
          return worker.answered;
        },
        initialized: Promise.resolve(),
        initDurationMs: 1,
        retire: () => {
          worker.alive = false;
        },
        terminate: async () => {
          worker.alive = false;
        },
        worker,
      };
      return { id: worker.id, instance: instance as unknown as FunctionInstance };
    },
  });
  /** Runs one invocation taking `ranMs` (as its worker reports it); it ends when `finish` is called. */
  const start = (ranMs: number) => {
    let finish: () => void = () => undefined;
    let ranOn: FakeWorker | undefined;
    const result = pool.run(
      (instance) =>
        new Promise<InvokeResult>((resolve) => {
          ranOn = (instance as unknown as { worker: FakeWorker }).worker;
          ranOn.answered = false;
          finish = () => {
            ranOn!.answered = false;
            resolve({ ok: true, payload: 'null', ranMs });
          };
        }),
    );
    return {
      result,
      finish: () => finish(),
      /** The worker has posted its answer, not yet taken (the gateway's thread is busy). */
      answer: () => {
        if (ranOn) ranOn.answered = true;
      },
      worker: () => ranOn?.id,
    };
  };
  /** Two workers started and idle, and `count` finished invocations of `ranMs` each behind them. */
  const warmUp = async (ranMs: number, count = 4) => {
    const [a, b] = [start(ranMs), start(ranMs)];
    await expect.poll(() => started.length).toBe(2);
    a.finish();
    b.finish();
    await Promise.all([a.result, b.result]);
    for (let i = 1; i < count; i += 1) {
      const next = start(ranMs);
      await expect.poll(next.worker).toBeDefined();
      next.finish();
      await next.result;
    }
  };
  return { pool, started, start, warmUp };
}

describe('WorkerPool: one request per worker; quick functions keep few workers busy', () => {
  it('a quick function: a request waits for the busy worker that is answering instead of waking an idle one', async () => {
    const { pool, start, warmUp } = poolOf(4);
    await warmUp(0.1);
    const first = start(0.1);
    await expect.poll(first.worker).toBeDefined();
    // The first worker has answered (its answer not yet taken): the second request waits for it.
    first.answer();
    const second = start(0.1);
    expect(pool.counts()).toMatchObject({ busy: 1, idle: 1, queued: 1 });
    first.finish();
    await first.result;
    await expect.poll(second.worker).toBe(first.worker());
    second.finish();
    expect((await second.result).worker).toMatchObject({ id: first.worker(), cold: false });
  });

  it('a quick function: a request behind an invocation that turns slow takes the idle worker (a slow request never queues the next)', async () => {
    const { start, warmUp } = poolOf(4);
    await warmUp(0.1);
    const slow = start(0.1);
    await expect.poll(slow.worker).toBeDefined();
    // Unlike above, this invocation keeps running (not answered): past the slow line the next one moves on.
    const next = start(0.1);
    await expect.poll(next.worker).toBeDefined();
    expect(next.worker()).not.toBe(slow.worker());
    next.finish();
    slow.finish();
    await Promise.all([next.result, slow.result]);
  });

  it('a slow function: a request takes an idle worker at once, one request per worker', async () => {
    const { pool, start, warmUp } = poolOf(4);
    await warmUp(50);
    const first = start(50);
    await expect.poll(first.worker).toBeDefined();
    const second = start(50);
    await expect.poll(second.worker).toBeDefined();
    expect(second.worker()).not.toBe(first.worker());
    expect(pool.counts()).toMatchObject({ busy: 2, idle: 0, queued: 0 });
    first.finish();
    second.finish();
    await Promise.all([first.result, second.result]);
  });

  it('a worker freed while another quick one is answering goes idle: the answering one takes the waiting request', async () => {
    const { pool, start, warmUp } = poolOf(4);
    await warmUp(0.1);
    const x = start(0.1);
    await expect.poll(x.worker).toBeDefined();
    const y = start(0.1);
    // x runs on past the slow line, so y gets the other worker.
    await expect.poll(y.worker).toBeDefined();
    expect(y.worker()).not.toBe(x.worker());
    x.answer();
    y.answer();
    const waiting = start(0.1);
    expect(pool.counts()).toMatchObject({ busy: 2, queued: 1 });
    y.finish();
    await y.result;
    expect(pool.counts()).toMatchObject({ busy: 1, idle: 1, queued: 1 });
    x.finish();
    await x.result;
    await expect.poll(waiting.worker).toBe(x.worker());
    waiting.finish();
    await waiting.result;
    expect(pool.counts()).toMatchObject({ busy: 0, idle: 2, queued: 0 });
  });

  it('a quick function: a request waits for a young invocation until its slow line, and for an answered one however long', async () => {
    const { pool, start, warmUp } = poolOf(3);
    await warmUp(0.1);
    // Pool time, exactly: the checks are timers against performance.now().
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const a = start(0.1);
      await vi.advanceTimersByTimeAsync(6);
      const b = start(0.1);
      await vi.advanceTimersByTimeAsync(3);
      expect(b.worker()).toBeUndefined();
      // a turns slow (10 ms in, never answered: a slow invocation, or its worker preempted before it
      // posted): b takes the idle worker, though it waited 4 ms only.
      await vi.advanceTimersByTimeAsync(1);
      expect(b.worker()).toBeDefined();
      expect(b.worker()).not.toBe(a.worker());
      // b has answered, its answer not yet taken (the gateway's thread is busy): c waits for it, however long.
      b.answer();
      const c = start(0.1);
      await vi.advanceTimersByTimeAsync(50);
      expect(c.worker()).toBeUndefined();
      expect(pool.counts()).toMatchObject({ busy: 2, queued: 1 });
      b.finish();
      await vi.advanceTimersByTimeAsync(0);
      expect(c.worker()).toBe(b.worker());
      a.finish();
      c.finish();
      await Promise.all([a.result, b.result, c.result]);
    } finally {
      vi.useRealTimers();
      await pool.stop();
    }
  });

  it('a retired pool (the app reloaded) gives a freed worker to the request waiting there, whatever still runs', async () => {
    const { pool, start, warmUp } = poolOf(2);
    await warmUp(0.1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const a = start(0.1);
      await vi.advanceTimersByTimeAsync(0);
      const b = start(0.1);
      // b's slow line: it takes the other worker; a request now waits for two young quick invocations.
      await vi.advanceTimersByTimeAsync(10);
      const waiting = start(0.1);
      await vi.advanceTimersByTimeAsync(0);
      expect(pool.counts()).toMatchObject({ busy: 2, queued: 1 });
      pool.retire();
      await vi.advanceTimersByTimeAsync(1);
      a.finish();
      await vi.advanceTimersByTimeAsync(0);
      // b runs on (a slow outlier, up to its timeout): the waiting request must not wait for it.
      expect(waiting.worker()).toBe(a.worker());
      expect(b.worker()).not.toBe(a.worker());
    } finally {
      vi.useRealTimers();
      await pool.stop();
    }
  });
});

describe('WorkerPool: a request its worker never started (the worker ended first) runs on a fresh worker', () => {
  const EXITED = { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: exit status 0', trace: [] };

  /** An invocation that, on its first worker, finds it ended before taking it (once `end` is called); on the next, succeeds. */
  const bouncing = (pool: WorkerPool) => {
    const ranOn: number[] = [];
    let end: () => void = () => undefined;
    const result = pool.run((instance) => {
      const worker = (instance as unknown as { worker: FakeWorker }).worker;
      ranOn.push(worker.id);
      if (ranOn.length > 1) return Promise.resolve({ ok: true, payload: 'null', ranMs: 50 });
      return new Promise<InvokeResult>((resolve) => {
        end = () => {
          worker.alive = false;
          resolve({ ok: false, timedOut: false, error: EXITED, notStarted: true });
        };
      });
    });
    return { result, ranOn, end: () => end() };
  };

  it('first in line, ahead of a request queued before it ended: a cold start on a new worker', async () => {
    const { pool, start } = poolOf(1);
    const warm = start(50);
    await expect.poll(warm.worker).toBe(1);
    warm.finish();
    await warm.result;
    const bounced = bouncing(pool);
    await expect.poll(() => bounced.ranOn).toEqual([1]);
    const queued = start(50);
    expect(pool.counts()).toMatchObject({ busy: 1, queued: 1 });
    bounced.end();
    expect((await bounced.result).worker).toMatchObject({ id: 2, cold: true });
    expect(bounced.ranOn).toEqual([1, 2]);
    await expect.poll(queued.worker).toBe(2);
    queued.finish();
    expect((await queued.result).worker).toMatchObject({ id: 2, cold: false });
  });

  it('not again when the worker was started for it (its init phase ended it): the error is the answer', async () => {
    const { pool, started } = poolOf(2);
    const bounced = bouncing(pool);
    await expect.poll(() => bounced.ranOn).toEqual([1]);
    bounced.end();
    expect(await bounced.result).toMatchObject({ ok: false, error: EXITED, worker: { id: 1, cold: true } });
    expect(started).toHaveLength(1);
  });

  it('in a retired pool (the app reloaded) too; not once the pool is stopped', async () => {
    const retiring = poolOf(1);
    const warm = retiring.start(50);
    await expect.poll(warm.worker).toBe(1);
    warm.finish();
    await warm.result;
    const drained = bouncing(retiring.pool);
    await expect.poll(() => drained.ranOn).toEqual([1]);
    retiring.pool.retire();
    drained.end();
    expect(await drained.result).toMatchObject({ ok: true, worker: { id: 2, cold: true } });
    // The retired pool's fresh worker ends once it has answered.
    expect(retiring.started[1]?.alive).toBe(false);

    const stopping = poolOf(1);
    const first = stopping.start(50);
    await expect.poll(first.worker).toBe(1);
    first.finish();
    await first.result;
    const stopped = bouncing(stopping.pool);
    await expect.poll(() => stopped.ranOn).toEqual([1]);
    await stopping.pool.stop();
    stopped.end();
    expect(await stopped.result).toMatchObject({ ok: false, error: EXITED });
    expect(stopping.started).toHaveLength(1);
  });
});

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionInstance, type InvokeResult } from './function-instance.ts';
import { buildRuntimeFile } from './runtime-file.ts';
import type { Worker } from 'node:worker_threads';
import type { InvokeMessage } from './worker-runtime.ts';
import { WITHDRAWN } from './worker-progress.ts';
import { WorkerPool } from './worker-pool.ts';

/**
 * Real worker threads whose handler ends its environment on its own. The interleaving that lost
 * requests (a worker hands in its answer and exits; the gateway takes the answer and posts the next
 * request to it before it takes the exit) is forced, not hoped for: the gateway's thread takes the
 * answer, then waits, blocked, until the worker has gone (the handler writes a marker file just
 * before it ends), and only then lets the pool go on. The next request is then posted to a worker
 * that will never take it, every time.
 */
const HANDLER = [
  "import { existsSync, writeFileSync } from 'node:fs';",
  "import { threadId } from 'node:worker_threads';",
  'let invocations = 0;',
  // Bounded (10 s): a regression fails the test instead of hanging the run.
  'const waitFor = (file) => { const until = Date.now() + 10_000; while (!existsSync(file)) { if (Date.now() > until) throw new Error(`never came: ${file}`); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); } };',
  'export const handler = async (event, context) => {',
  '  invocations += 1;',
  "  if (event.id) writeFileSync(`${event.dir}/ran-${event.id}`, '');",
  "  const gone = () => writeFileSync(`${event.dir}/gone-${threadId}`, '');",
  "  if (event.end === 'during') process.exit(9);",
  "  if (event.end === 'hang') await new Promise(() => {});",
  "  if (event.end === 'loop') setImmediate(() => { gone(); for (;;); });",
  "  if (event.end === 'on-go') setImmediate(() => { writeFileSync(`${event.dir}/waiting-${threadId}`, ''); waitFor(`${event.dir}/go-${threadId}`); gone(); process.exit(0); });",
  "  if (event.end === 'hold') setImmediate(() => { writeFileSync(`${event.dir}/waiting-${threadId}`, ''); waitFor(`${event.dir}/go-${threadId}`); });",
  "  if (event.end === 'exit') setImmediate(() => { gone(); process.exit(0); });",
  "  if (event.end === 'timer') setTimeout(() => { gone(); process.exit(3); }, 1);",
  "  if (event.end === 'reject') setImmediate(() => { gone(); void Promise.reject(new Error('after the answer')); });",
  '  return { threadId, invocations, remaining: context.getRemainingTimeInMillis() };',
  '};',
].join('\n');

/** Ends the worker (a marker first) as soon as its init phase is over, before any invocation. */
const DIES_AFTER_INIT = [
  "import { writeFileSync } from 'node:fs';",
  "setImmediate(() => { writeFileSync(process.env.GONE, ''); process.exit(0); });",
  'export const handler = async () => ({ ran: true });',
].join('\n');

type End = 'exit' | 'timer' | 'reject' | 'loop' | 'during' | 'on-go' | 'hold' | undefined;

/** Holds this thread (the gateway's) up for `ms`. */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Past this, a marker that never came fails the test instead of hanging the run. */
const MARKER_BOUND_MS = 10_000;

/** Blocks this thread (the gateway's) until `file` exists: the worker is gone, its exit not yet taken. */
function blockUntil(file: string): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + MARKER_BOUND_MS;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} never came`);
    Atomics.wait(sleeper, 0, 0, 1);
  }
}

/** Waits (without blocking this thread) until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const bound = Date.now() + MARKER_BOUND_MS;
  while (!condition()) {
    if (Date.now() > bound) throw new Error(`${what} never came`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let dir: string;
let runtimeFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-worker-exit-'));
  runtimeFile = await buildRuntimeFile(join(dir, 'cache'));
  writeFileSync(join(dir, 'index.mjs'), HANDLER);
  mkdirSync(join(dir, 'init'));
  writeFileSync(join(dir, 'init', 'index.mjs'), DIES_AFTER_INIT);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function poolOf(maxWorkers: number, { handlerFile = join(dir, 'index.mjs'), timeoutSeconds = 30 } = {}) {
  const coldStarts: number[] = [];
  const died: number[] = [];
  let started = 0;
  const pool = new WorkerPool({
    maxWorkers: () => maxWorkers,
    idleMs: 60_000,
    create: () => {
      started += 1;
      const instance = new FunctionInstance({
        runtimeFile,
        data: { handlerFile, functionName: 'exits', functionVersion: '1', memoryLimitInMB: 128 },
        env: { GONE: join(dir, `init-gone-${started}`) },
        memoryMb: 128,
        timeoutSeconds,
      });
      return { id: started, instance };
    },
    onColdStart: (id) => coldStarts.push(id),
    onDied: (id) => died.push(id),
  });
  let sequence = 0;
  /** One invocation; with `end` set, its worker ends right after answering (forced as described above). */
  const run = (end?: End): Promise<InvokeResult> => {
    sequence += 1;
    const requestId = `request-${sequence}`;
    return pool.run(async (instance) => {
      const result = await instance.invoke(JSON.stringify({ dir, end }), requestId, 'arn:aws:lambda:us-east-1:000000000000:function:exits');
      if (result.ok && end !== undefined && end !== 'during') {
        const thread = (JSON.parse(result.payload) as { threadId: number }).threadId;
        blockUntil(join(dir, `${end === 'on-go' || end === 'hold' ? 'waiting' : 'gone'}-${thread}`));
      }
      return result;
    });
  };
  return { pool, run, coldStarts, died, created: () => started };
}

const threadOf = (result: InvokeResult) => (result.ok ? (JSON.parse(result.payload) as { threadId: number }).threadId : undefined);

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
        await expect.poll(() => died).toEqual([1, 2, 3, 4, 5]);
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

  it('a request answered in time is not timed out because this thread was held up past its deadline', async () => {
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
      expect(result).toMatchObject({ ok: true, worker: { id: 1, cold: false } });
      expect(coldStarts).toEqual([1]);
      expect(pool.counts()).toMatchObject({ idle: 1 });
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

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionInstance, type InvokeResult } from './function-instance.ts';
import { buildRuntimeFile } from './runtime-file.ts';
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
  'const waitFor = (file) => { while (!existsSync(file)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); };',
  'export const handler = async (event) => {',
  '  invocations += 1;',
  "  const gone = () => writeFileSync(`${event.dir}/gone-${threadId}`, '');",
  "  if (event.end === 'during') process.exit(9);",
  "  if (event.end === 'hang') await new Promise(() => {});",
  "  if (event.end === 'loop') setImmediate(() => { gone(); for (;;); });",
  "  if (event.end === 'on-go') setImmediate(() => { writeFileSync(`${event.dir}/waiting-${threadId}`, ''); waitFor(`${event.dir}/go-${threadId}`); gone(); process.exit(0); });",
  "  if (event.end === 'exit') setImmediate(() => { gone(); process.exit(0); });",
  "  if (event.end === 'timer') setTimeout(() => { gone(); process.exit(3); }, 1);",
  "  if (event.end === 'reject') setImmediate(() => { gone(); void Promise.reject(new Error('after the answer')); });",
  '  return { threadId, invocations };',
  '};',
].join('\n');

/** Ends the worker (a marker first) as soon as its init phase is over, before any invocation. */
const DIES_AFTER_INIT = [
  "import { writeFileSync } from 'node:fs';",
  "setImmediate(() => { writeFileSync(process.env.GONE, ''); process.exit(0); });",
  'export const handler = async () => ({ ran: true });',
].join('\n');

type End = 'exit' | 'timer' | 'reject' | 'loop' | 'during' | 'on-go' | undefined;

/** Holds this thread (the gateway's) up for `ms`. */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Blocks this thread (the gateway's) until `file` exists: the worker is gone, its exit not yet taken. */
function blockUntil(file: string): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(file)) Atomics.wait(sleeper, 0, 0, 1);
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
        blockUntil(join(dir, `${end === 'on-go' ? 'waiting' : 'gone'}-${thread}`));
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

  it('a request handed to a worker that ended is not timed out when this thread is held up past its deadline', async () => {
    const { pool, run, coldStarts } = poolOf(1, { timeoutSeconds: 1 });
    try {
      // Worker 1 answers, then waits (blocked, so it takes nothing) for a file `go` before it ends.
      const first = await run('on-go');
      expect(first.ok).toBe(true);
      const thread = threadOf(first);
      // The next request is posted to it. Then, in a callback after which timers come before I/O,
      // this thread lets the worker end and is held up past the request's deadline: its timer and
      // the worker's exit are both due, the timer first.
      let stalled = false;
      const next = await pool.run((instance) => {
        const result = instance.invoke('{}', 'request-stalled', 'arn:aws:lambda:us-east-1:000000000000:function:exits');
        if (stalled) return result; // run again on a fresh worker: no stall there
        stalled = true;
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
      expect(next).toMatchObject({ ok: true, worker: { id: 2, cold: true } });
      expect(coldStarts).toEqual([1, 2]);
    } finally {
      await pool.stop();
    }
  });

  it('a request handed to a worker stuck in work after its answer is taken back at its deadline and run on a fresh worker', async () => {
    const { pool, run, coldStarts } = poolOf(1, { timeoutSeconds: 1 });
    try {
      expect((await run('loop')).ok).toBe(true);
      // Worker 1 loops (a timer's work after its answer) and never takes the next request.
      expect(await run()).toMatchObject({ ok: true, worker: { id: 2, cold: true } });
      expect(coldStarts).toEqual([1, 2]);
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

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEnd } from '../workspace/app-function.ts';
import { FunctionInstance, type WorkerEnd } from './function-instance.ts';
import { blockUntil, until, useHandlerFolder } from './worker-exit.fixture.ts';
import { WorkerPool } from './worker-pool.ts';

/**
 * Why a worker ended between requests reaches the developer: its `onDied` carries the error,
 * exit code and last request, and the error is logged as the Node.js runtime logs it, an ERROR line
 * of that request. The gateway's thread is held until the worker is gone (a marker file), so
 * the next request is handed to the dying worker first, every time (worker-exit.test.ts).
 */
const HANDLER = [
  "import { writeFileSync } from 'node:fs';",
  'export const handler = async (event) => {',
  "  const gone = () => writeFileSync(`${event.dir}/gone-${event.id}`, '');",
  "  if (event.end === 'reject') setImmediate(() => { gone(); void Promise.reject(new Error('background work failed: ECONNRESET')); });",
  "  if (event.end === 'throw') setTimeout(() => { gone(); throw new TypeError('cannot read properties of undefined'); }, 1);",
  "  if (event.end === 'exit') setImmediate(() => { gone(); process.exit(3); });",
  "  if (event.end === 'handled') { process.once('uncaughtException', () => gone()); setTimeout(() => { throw new Error('handled by the app'); }, 1); }",
  '  return { id: event.id };',
  '};',
].join('\n');

const folder = useHandlerFolder('worker-end', HANDLER);

function poolOf() {
  const died: Array<{ id: number; end: WorkerEnd | undefined }> = [];
  const lines: Array<{ requestId: string | undefined; stream: string; text: string }> = [];
  let started = 0;
  const pool = new WorkerPool({
    maxWorkers: () => 1,
    idleMs: 60_000,
    create: () => {
      started += 1;
      const instance = new FunctionInstance({
        runtimeFile: folder.runtimeFile,
        data: { handlerFile: join(folder.dir, 'index.mjs'), functionName: 'ends', functionVersion: '1', memoryLimitInMB: 128 },
        env: {},
        memoryMb: 128,
        timeoutSeconds: 30,
        onLog: (requestId, stream, text) => lines.push({ requestId, stream, text }),
      });
      return { id: started, instance };
    },
    onDied: (id, end) => died.push({ id, end }),
  });
  /** Runs request `id`; with `end`, holds this thread until its worker is gone (its end not yet taken). */
  const run = (id: string, end?: string) =>
    pool.run(async (instance, deadline) => {
      const result = await instance.invoke(
        JSON.stringify({ dir: folder.dir, id, end }),
        id,
        'arn:aws:lambda:us-east-1:000000000000:function:ends',
        false,
        deadline,
      );
      if (end) blockUntil(join(folder.dir, `gone-${id}`));
      return result;
    });
  return { pool, run, died, lines };
}

describe('a worker that ends between requests says why', () => {
  it.each([
    [
      'reject',
      'Unhandled Promise Rejection',
      { errorType: 'Error', errorMessage: 'background work failed: ECONNRESET' },
      // The AWS runtime's wrapping of a rejection's reason (Errors.UnhandledPromiseRejection).
      { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: background work failed: ECONNRESET' },
    ],
    [
      'throw',
      'Uncaught Exception',
      { errorType: 'TypeError', errorMessage: 'cannot read properties of undefined' },
      { errorType: 'TypeError', errorMessage: 'cannot read properties of undefined' },
    ],
  ] as const)(
    '%s after the answer: onDied carries the error and the request; the request logs it as an ERROR line',
    async (end, label, expected, logged) => {
      const { pool, run, died, lines } = poolOf();
      try {
        const requestId = `request-${end}`;
        expect((await run(requestId, end)).ok).toBe(true);
        // Handed to the dying worker first, it runs on a fresh one; the first worker's end is reported.
        expect(await run(`${requestId}-next`)).toMatchObject({ ok: true, worker: { id: 2, cold: true } });
        await until(() => died.length > 0, 'onDied');
        expect(died).toEqual([{ id: 1, end: { ...expected, requestId } }]);
        const error = lines.filter((line) => line.text.includes('\tERROR\t'));
        expect(error).toHaveLength(1);
        expect(error[0]).toMatchObject({ requestId, stream: 'stderr' });
        expect(error[0]?.text).toMatch(
          new RegExp(
            `^\\S+\\t${requestId}\\tERROR\\t${label} \\t\\{"errorType":"${logged.errorType}","errorMessage":"${logged.errorMessage}","stack":\\[`,
          ),
        );
        expect(describeEnd(died[0]?.end as WorkerEnd)).toBe(`${expected.errorType}: ${expected.errorMessage}, last request ${requestId}`);
      } finally {
        await pool.stop();
      }
    },
  );

  it("an error the app's own uncaughtException listener takes: no ERROR line, and the worker serves on", async () => {
    const { pool, run, died, lines } = poolOf();
    try {
      expect((await run('request-handled', 'handled')).ok).toBe(true);
      expect(await run('request-handled-next')).toMatchObject({ ok: true, worker: { id: 1, cold: false } });
      expect(died).toEqual([]);
      expect(lines.filter((line) => line.text.includes('\tERROR\t'))).toEqual([]);
    } finally {
      await pool.stop();
    }
  });

  it('process.exit after the answer: onDied carries the exit code and request; no ERROR line', async () => {
    const { pool, run, died, lines } = poolOf();
    try {
      expect((await run('request-exit', 'exit')).ok).toBe(true);
      expect((await run('request-exit-next')).ok).toBe(true);
      await until(() => died.length > 0, 'onDied');
      expect(died).toEqual([
        {
          id: 1,
          end: {
            errorType: 'Runtime.ExitError',
            errorMessage: 'Runtime exited with error: exit status 3',
            exitCode: 3,
            requestId: 'request-exit',
          },
        },
      ]);
      expect(describeEnd(died[0]?.end as WorkerEnd)).toBe(
        'Runtime.ExitError: Runtime exited with error: exit status 3, last request request-exit',
      );
      expect(lines.filter((line) => line.text.includes('\tERROR\t'))).toEqual([]);
    } finally {
      await pool.stop();
    }
  });
});

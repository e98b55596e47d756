import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FunctionInstance } from './function-instance.ts';
import { useHandlerFolder } from './worker-exit.fixture.ts';
import { ANSWERED, MAX_INVOCATIONS, STARTED } from './worker-progress.ts';
import { WorkerPool } from './worker-pool.ts';

/** Each run appends its id to `runs`: a request run twice shows up twice. */
const HANDLER = [
  "import { appendFileSync } from 'node:fs';",
  'export const handler = async (event) => {',
  '  appendFileSync(`${event.dir}/runs`, `${event.id}\\n`);',
  '  if (event.exit) process.exit(9);',
  '  return { id: event.id };',
  '};',
].join('\n');

const folder = useHandlerFolder('worker-progress', HANDLER);

const runs = () => (existsSync(join(folder.dir, 'runs')) ? readFileSync(join(folder.dir, 'runs'), 'utf8').trim().split('\n') : []);

describe('the shared invocation counts stay within Int32', () => {
  it('a worker that has served its last id is retired: the next request, one that ends its worker, runs once on a fresh worker', async () => {
    let started = 0;
    const pool = new WorkerPool({
      maxWorkers: () => 1,
      idleMs: 60_000,
      create: () => {
        started += 1;
        const instance = new FunctionInstance({
          runtimeFile: folder.runtimeFile,
          data: { handlerFile: join(folder.dir, 'index.mjs'), functionName: 'counts', functionVersion: '1', memoryLimitInMB: 128 },
          env: {},
          memoryMb: 128,
          timeoutSeconds: 30,
        });
        return { id: started, instance };
      },
    });
    const run = (id: string, exit = false) =>
      pool.run((instance, deadline) =>
        instance.invoke(
          JSON.stringify({ dir: folder.dir, id, exit }),
          id,
          'arn:aws:lambda:us-east-1:000000000000:function:counts',
          false,
          deadline,
        ),
      );
    try {
      expect(await run('warm')).toMatchObject({ ok: true, worker: { id: 1 } });
      // Stand-in for MAX_INVOCATIONS - 2 more invocations on worker 1: what it and the gateway would hold.
      const internals = (await pool.run(async (instance) => ({ ok: true as const, payload: '', instance }))) as unknown as {
        instance: { nextId: number; progress: Int32Array };
      };
      const last = MAX_INVOCATIONS - 1;
      internals.instance.nextId = last;
      Atomics.store(internals.instance.progress, STARTED, last);
      Atomics.store(internals.instance.progress, ANSWERED, last);
      // Its last id: answered, and the worker retired after it.
      expect(await run('last')).toMatchObject({ ok: true, worker: { id: 1 } });
      expect(Atomics.load(internals.instance.progress, STARTED)).toBe(MAX_INVOCATIONS);
      // Past it the counts would wrap (a started invocation would look unstarted and run twice).
      expect(await run('ends-its-worker', true)).toMatchObject({
        ok: false,
        error: { errorType: 'Runtime.ExitError' },
        worker: { id: 2, cold: true },
      });
      expect(runs().filter((id) => id === 'ends-its-worker')).toEqual(['ends-its-worker']);
    } finally {
      await pool.stop();
    }
  });
});

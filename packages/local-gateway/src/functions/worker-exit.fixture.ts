import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
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

export type End = 'exit' | 'timer' | 'reject' | 'loop' | 'during' | 'on-go' | 'hold' | undefined;

/** Holds this thread (the gateway's) up for `ms`. */
export function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Past this, a marker that never came fails the test instead of hanging the run. */
const MARKER_BOUND_MS = 10_000;

/** Blocks this thread (the gateway's) until `file` exists: the worker is gone, its exit not yet taken. */
export function blockUntil(file: string): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + MARKER_BOUND_MS;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} never came`);
    Atomics.wait(sleeper, 0, 0, 1);
  }
}

/** Waits (without blocking this thread) until `condition` holds. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const bound = Date.now() + MARKER_BOUND_MS;
  while (!condition()) {
    if (Date.now() > bound) throw new Error(`${what} never came`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * For a test file with a handler of its own: a temporary folder holding it as `index.mjs` (and
 * the markers), and the worker runtime built, before the file's tests; removed after.
 */
export function useHandlerFolder(name: string, handler: string): { readonly dir: string; readonly runtimeFile: string } {
  const folder = { dir: '', runtimeFile: '' };
  beforeAll(async () => {
    folder.dir = mkdtempSync(join(tmpdir(), `frontdesk-${name}-`));
    folder.runtimeFile = await buildRuntimeFile(join(folder.dir, 'cache'));
    writeFileSync(join(folder.dir, 'index.mjs'), handler);
  }, 60_000);
  afterAll(() => rmSync(folder.dir, { recursive: true, force: true }));
  return folder;
}

/** The fixture's folder (handlers, markers) and the runtime file, set before the tests run. */
export const fixture = { dir: '', runtimeFile: '' };

/** Builds the runtime and writes the handlers before the file's tests; removes them after. */
export function useWorkerExitFixture(): void {
  beforeAll(async () => {
    fixture.dir = mkdtempSync(join(tmpdir(), 'frontdesk-worker-exit-'));
    fixture.runtimeFile = await buildRuntimeFile(join(fixture.dir, 'cache'));
    writeFileSync(join(fixture.dir, 'index.mjs'), HANDLER);
    mkdirSync(join(fixture.dir, 'init'));
    writeFileSync(join(fixture.dir, 'init', 'index.mjs'), DIES_AFTER_INIT);
  }, 60_000);
  afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));
}

export function poolOf(maxWorkers: number, { handlerFile = join(fixture.dir, 'index.mjs'), timeoutSeconds = 30 } = {}) {
  const coldStarts: number[] = [];
  const died: number[] = [];
  let started = 0;
  const pool = new WorkerPool({
    maxWorkers: () => maxWorkers,
    idleMs: 60_000,
    create: () => {
      started += 1;
      const instance = new FunctionInstance({
        runtimeFile: fixture.runtimeFile,
        data: { handlerFile, functionName: 'exits', functionVersion: '1', memoryLimitInMB: 128 },
        env: { GONE: join(fixture.dir, `init-gone-${started}`) },
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
    return pool.run(async (instance, deadline) => {
      const result = await instance.invoke(
        JSON.stringify({ dir: fixture.dir, end }),
        requestId,
        'arn:aws:lambda:us-east-1:000000000000:function:exits',
        false,
        deadline,
      );
      if (result.ok && end !== undefined && end !== 'during') {
        const thread = (JSON.parse(result.payload) as { threadId: number }).threadId;
        blockUntil(join(fixture.dir, `${end === 'on-go' || end === 'hold' ? 'waiting' : 'gone'}-${thread}`));
      }
      return result;
    });
  };
  return { pool, run, coldStarts, died, created: () => started };
}

export const threadOf = (result: InvokeResult) => (result.ok ? (JSON.parse(result.payload) as { threadId: number }).threadId : undefined);

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionInstance } from './function-instance.ts';
import { buildRuntimeFile } from './runtime-file.ts';

// A real worker thread: what the pool reads from a worker (`answered`) must say what it runs.
describe('FunctionInstance.answered: the worker has answered what it runs, and nothing more', () => {
  let dir: string;
  let instance: FunctionInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-answered-'));
    const handlerFile = join(dir, 'index.mjs');
    writeFileSync(
      handlerFile,
      [
        'export const handler = async (event) => {',
        "  if (event.kind === 'bigint') return { n: 1n };",
        "  if (event.kind === 'wait') await new Promise((resolve) => setTimeout(resolve, 1000));",
        '  return { kind: event.kind };',
        '};',
      ].join('\n'),
    );
    instance = new FunctionInstance({
      runtimeFile: await buildRuntimeFile(join(dir, 'cache')),
      data: { handlerFile, functionName: 'answered', functionVersion: '1', memoryLimitInMB: 128 },
      env: {},
      memoryMb: 128,
      timeoutSeconds: 10,
    });
    await instance.initialized;
  }, 60_000);
  afterAll(async () => {
    await instance.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = (kind: string) =>
    instance.invoke(JSON.stringify({ kind }), `request-${kind}`, 'arn:aws:lambda:local:000000000000:function:answered');

  it('is false while an invocation runs, true once its answer is posted, also after a result that cannot be serialised', async () => {
    expect((await invoke('first')).ok).toBe(true);
    // JSON.stringify throws on a BigInt: the invocation fails, and is answered once.
    const failed = await invoke('bigint');
    expect(failed.ok).toBe(false);
    const running = invoke('wait');
    // Posted after invoke's first await; read then, while the worker waits in its handler (a
    // second): a count one ahead would say answered.
    await new Promise((resolve) => setImmediate(resolve));
    expect(instance.answered).toBe(false);
    expect((await running).ok).toBe(true);
    expect((await invoke('after')).ok).toBe(true);
  });
});

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ColdInit {
  /** Fresh `node` process to handler module imported (config read, authorizer built), as Lambda's Init phase counts it. */
  readonly samplesMs: readonly number[];
  /** The same for a module that exports an empty handler: the runtime's own floor. */
  readonly emptySamplesMs: readonly number[];
  /** `await import()` of the module alone, inside the process (Node's start-up excluded). */
  readonly importSamplesMs: readonly number[];
  readonly emptyImportSamplesMs: readonly number[];
  /** What the first DPoP request adds on top: the DynamoDB client the replay store loads lazily. */
  readonly withDynamoDbSdkImportSamplesMs: readonly number[];
}

/**
 * Cold init of `outfile` beside an empty module's, in the same run, rounds interleaved so both
 * see the same load. Each sample is a fresh `node` process (nothing cached between samples but
 * the OS page cache, as on a warm Lambda host).
 */
export function coldInit(outfile: string, env: Record<string, string>, runs: number): ColdInit {
  const empty = join(dirname(outfile), 'empty-handler.mjs');
  writeFileSync(empty, 'export const handler = async () => ({});\n');
  const once = (file: string, extra = '') => {
    // performance.now() counts from the process's start (its timeOrigin), so `processMs` is Node's
    // start-up plus the import; the process exits at once, not waiting for anything left pending.
    const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); ${extra}
const done = performance.now(); process.stdout.write(JSON.stringify({ processMs: done, importMs: done - t }), () => process.exit(0));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
      cwd: dirname(outfile),
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', ...env },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`cold init run failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as { processMs: number; importMs: number };
  };
  const result = { samplesMs: [], emptySamplesMs: [], importSamplesMs: [], emptyImportSamplesMs: [], withDynamoDbSdkImportSamplesMs: [] };
  const push = (key: keyof typeof result, value: number) => (result[key] as number[]).push(Number(value.toFixed(2)));
  for (let i = 0; i < runs; i += 1) {
    const handler = once(outfile);
    const baseline = once(empty);
    push('samplesMs', handler.processMs);
    push('importSamplesMs', handler.importMs);
    push('emptySamplesMs', baseline.processMs);
    push('emptyImportSamplesMs', baseline.importMs);
    push('withDynamoDbSdkImportSamplesMs', once(outfile, `await import('@aws-sdk/client-dynamodb');`).importMs);
  }
  return result;
}

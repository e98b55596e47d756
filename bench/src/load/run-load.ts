import { createRequire } from 'node:module';
import { run } from '../process/child.ts';
import { autocannonArgs, loadDeadlineMs, type LoadSpec } from './load-spec.ts';

const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** What one load run measured. Throughput counts only 2xx responses: errors are not service. */
export interface LoadResult {
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
  readonly durationSeconds: number;
}

interface AutocannonJson {
  readonly duration: number;
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly '2xx': number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

/** Runs autocannon in its own process (so load generation does not share an event loop with the measured server). */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const output = await run(process.execPath, [autocannonBin, ...autocannonArgs(spec)], { timeoutMs: loadDeadlineMs(spec) });
  const json = JSON.parse(output.slice(output.indexOf('{'))) as AutocannonJson;
  const failed = json.non2xx + json.errors + json.timeouts;
  if (json['2xx'] === 0) throw new Error(`no successful response from ${spec.url} (${failed} failed)`);
  return {
    throughput: json['2xx'] / json.duration,
    p50: json.latency.p50,
    p99: json.latency.p99,
    ok: json['2xx'],
    failed,
    durationSeconds: json.duration,
  };
}

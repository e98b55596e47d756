import { median } from '../stats.ts';

export interface PairResult {
  /** Operations per wall-clock second, from the median batch (robust to bursts of load from other processes). */
  readonly a: number;
  readonly b: number;
  /** Operations per CPU second (process user+system, including the threads WebCrypto runs on). */
  readonly aCpu: number;
  readonly bCpu: number;
}

/**
 * Runs `a` and `b` sequentially in alternating small batches, so both see the same machine load
 * (the shared machine is rarely idle), and reports each one's rate by wall clock — from its median
 * batch, so a burst of load from another process during a few batches does not decide the ratio —
 * and by CPU time (totals).
 * `i` numbers every call of either side, so a list indexed by it is used once overall.
 */
export async function interleave(
  batches: number,
  batchSize: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<PairResult> {
  const totals = { aCpu: 0, bCpu: 0 };
  const aWalls: number[] = [];
  const bWalls: number[] = [];
  let i = 0;
  const run = async (body: (i: number) => Promise<unknown>) => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    for (let n = 0; n < batchSize; n += 1) await body(i++);
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
  for (let batch = 0; batch < batches; batch += 1) {
    const first = await run(a);
    const second = await run(b);
    aWalls.push(first.wall);
    totals.aCpu += first.cpu;
    bWalls.push(second.wall);
    totals.bCpu += second.cpu;
  }
  const ops = batches * batchSize * 1000;
  return {
    a: (batchSize * 1000) / median(aWalls),
    b: (batchSize * 1000) / median(bWalls),
    aCpu: ops / totals.aCpu,
    bCpu: ops / totals.bCpu,
  };
}

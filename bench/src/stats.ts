/**
 * Order statistics over repeated measurements. Every figure the benchmark publishes is the median
 * of its rounds, so one noisy round on a shared machine cannot move it.
 */

/** The `p`-th percentile (0–100) by linear interpolation between closest ranks (type 7, as in R and NumPy). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`percentile of a non-finite value: ${value}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (rank - lower);
}

/** The median: the mean of the two middle values when the count is even. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** `value / baseline`, or `undefined` when the baseline is zero or missing (no ratio is better than an infinite one). */
export function ratio(value: number, baseline: number | undefined): number | undefined {
  if (baseline === undefined || baseline === 0 || !Number.isFinite(baseline) || !Number.isFinite(value)) return undefined;
  return value / baseline;
}

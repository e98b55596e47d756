import type { Figure, Target } from '../results.ts';
import { figure } from '../targets.ts';
import type { Rounds } from './measure.ts';

export interface LoadFigureOptions {
  /** Figure id prefix, e.g. `gateway`. */
  readonly suite: string;
  readonly subject: string;
  readonly baseline: string;
  readonly connections: number;
  readonly subjectRounds: Rounds;
  readonly baselineRounds: Rounds;
  readonly targets?: { readonly throughput?: Target; readonly p99?: Target };
}

/** Throughput, p50 and p99 of a subject at one connection count, each beside the baseline's. */
export function loadFigures(options: LoadFigureOptions): Figure[] {
  const { suite, subject, baseline, connections: c, subjectRounds, baselineRounds } = options;
  const pick = (rounds: Rounds, key: 'throughput' | 'p50' | 'p99') => rounds.map((round) => round[key]);
  const metric = (key: 'throughput' | 'p50' | 'p99', unit: string, target?: Target) =>
    figure({
      id: `${suite}.c${c}.${key}`,
      label: `${subject}, ${c} conn — ${key}`,
      kind: key,
      unit,
      samples: pick(subjectRounds, key),
      baseline: { label: baseline, samples: pick(baselineRounds, key) },
      ...(target && { target }),
    });
  return [metric('throughput', 'req/s', options.targets?.throughput), metric('p50', 'ms'), metric('p99', 'ms', options.targets?.p99)];
}

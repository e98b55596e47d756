/**
 * The shape of `docs/benchmarks.json`: the one source the Markdown table and the SVG chart are
 * drawn from. A figure is always a median of rounds, optionally set against a baseline measured in
 * the same run, optionally judged against a target.
 */

export type SuiteName = 'gateway' | 'peer' | 'pool' | 'authorizer' | 'pipeline' | 'dev-loop';
export const SUITE_NAMES: readonly SuiteName[] = ['gateway', 'peer', 'pool', 'authorizer', 'dev-loop', 'pipeline'];

/** What a figure measures; the chart groups bars by it. */
export type MetricKind = 'throughput' | 'p50' | 'p99' | 'time' | 'size' | 'memory';

/** A promise we made: the figure's value (or its ratio to the baseline) must stay on one side of a bound. */
export interface Target {
  /** `value` judges the figure itself; `ratio` judges figure ÷ baseline. */
  readonly on: 'value' | 'ratio';
  readonly op: '>=' | '<=';
  readonly bound: number;
  /** How the target reads in the issue, e.g. "≥ 0.5× bare Node". */
  readonly text: string;
}

export interface Figure {
  /** Stable identifier, e.g. `gateway.c50.throughput`. */
  readonly id: string;
  readonly label: string;
  readonly kind: MetricKind;
  readonly unit: string;
  /** Median of `samples`. */
  readonly value: number;
  /** One value per round, in run order. */
  readonly samples: readonly number[];
  readonly baseline?: { readonly label: string; readonly value: number };
  /** `value ÷ baseline.value`, when a baseline was measured. */
  readonly ratio?: number;
  readonly target?: Target;
  /** Whether the target is met; absent when there is no target or nothing to judge. */
  readonly met?: boolean;
}

export interface SuiteResult {
  readonly suite: SuiteName;
  /** `skipped` when what the suite measures does not exist yet (the reason says which part). */
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly reason?: string;
  /** When the suite ran (ISO 8601): a run of selected suites keeps the other suites' earlier results. */
  readonly measuredAt: string;
  readonly durationMs: number;
  readonly figures: readonly Figure[];
  /** How the suite measured: rounds, durations, versions of the peer — whatever a reader needs to rerun it. */
  readonly method: readonly string[];
}

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverage: readonly number[];
}

export interface BenchReport {
  readonly date: string;
  readonly mode: 'full' | 'quick';
  readonly machine: Machine;
  readonly durationMs: number;
  readonly suites: readonly SuiteResult[];
}

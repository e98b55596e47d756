import type { Figure, SuiteName, SuiteResult } from './results.ts';

export type Mode = 'full' | 'quick';

interface SuiteContext {
  readonly mode: Mode;
  /** A scratch folder for this suite, removed after the run. */
  readonly workDir: string;
  /** Progress line, prefixed with the suite and elapsed time by the runner. */
  readonly log: (line: string) => void;
  /** Results of suites already run in this run, so a later suite can reuse a measurement instead of repeating it. */
  readonly earlier: ReadonlyMap<SuiteName, SuiteResult>;
  /** Figures measured so far: kept in the report if the suite is stopped at its limit before it returns. */
  readonly keep: (figures: readonly Figure[]) => void;
}

/** What a suite hands back; the runner adds the name, status and duration. */
interface SuiteOutcome {
  readonly figures: readonly Figure[];
  readonly method: readonly string[];
}

export interface Suite {
  readonly name: SuiteName;
  readonly title: string;
  /** The most time the suite may take in each mode; the runner stops it there (documented in docs/benchmarks.md). */
  readonly budgetMs: Readonly<Record<Mode, number>>;
  /** Why the suite cannot run yet (a part it measures has not landed), or `undefined` when it can. */
  readonly unavailable: () => Promise<string | undefined>;
  readonly run: (context: SuiteContext) => Promise<SuiteOutcome>;
}

/** How hard load suites push in each mode: a quick run is a smoke test of the harness, not a measurement. */
export interface LoadPlan {
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly maxRequestsPerRound: number;
  readonly connections: readonly number[];
}

export const LOAD_PLANS: Readonly<Record<Mode, LoadPlan>> = {
  full: { rounds: 3, warmupSeconds: 1, durationSeconds: 5, maxRequestsPerRound: 500_000, connections: [1, 10, 50] },
  quick: { rounds: 1, warmupSeconds: 1, durationSeconds: 2, maxRequestsPerRound: 100_000, connections: [1, 10, 50] },
};

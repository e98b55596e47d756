import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAll } from './process/child.ts';
import { formatDuration } from './report/format.ts';
import type { Figure, SuiteName, SuiteResult } from './results.ts';
import type { Mode, Suite } from './suite.ts';

/** The whole run stops here, whatever the suites' own budgets add up to (documented in docs/benchmarks.md). */
export const TOTAL_BUDGET_MS: Readonly<Record<Mode, number>> = { full: 35 * 60_000, quick: 15 * 60_000 };

/**
 * Runs suites one after another (never in parallel: they would measure each other), each within
 * its budget and within what is left of the total budget. A suite that cannot run yet is recorded
 * as skipped with the reason; one that fails or overruns is recorded as failed, and the run goes on.
 */
export async function runSuites(suites: readonly Suite[], mode: Mode, print: (line: string) => void): Promise<SuiteResult[]> {
  const runStart = performance.now();
  const results = new Map<SuiteName, SuiteResult>();
  for (const [index, suite] of suites.entries()) {
    const begin = performance.now();
    const measuredAt = new Date().toISOString();
    const left = TOTAL_BUDGET_MS[mode] - (begin - runStart);
    const budget = Math.min(suite.budgetMs[mode], left);
    const prefix = `[${index + 1}/${suites.length} ${suite.name}]`;
    print(`${prefix} ${suite.title} — budget ${formatDuration(budget)}`);
    const log = (line: string) => print(`${prefix} +${formatDuration(performance.now() - begin)} ${line}`);
    const finish = (result: Omit<SuiteResult, 'suite' | 'measuredAt' | 'durationMs'>) => {
      const full: SuiteResult = { suite: suite.name, measuredAt, durationMs: Math.round(performance.now() - begin), ...result };
      results.set(suite.name, full);
      print(`${prefix} ${full.status}${full.reason ? `: ${full.reason.split('\n')[0]}` : ''} (${formatDuration(full.durationMs)})`);
    };

    if (budget <= 0) {
      finish({
        status: 'skipped',
        reason: `the run's total budget (${formatDuration(TOTAL_BUDGET_MS[mode])}) was used up`,
        figures: [],
        method: [],
      });
      continue;
    }
    const missing = await suite.unavailable();
    if (missing) {
      finish({ status: 'skipped', reason: missing, figures: [], method: [] });
      continue;
    }
    const workDir = await mkdtemp(join(tmpdir(), `frontdesk-bench-${suite.name}-`));
    let timer: NodeJS.Timeout | undefined;
    let kept: readonly Figure[] = [];
    try {
      const overrun = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`exceeded its budget of ${formatDuration(budget)}`)), budget);
      });
      const outcome = await Promise.race([
        suite.run({ mode, workDir, log, earlier: results, keep: (figures) => (kept = figures) }),
        overrun,
      ]);
      finish({ status: 'ok', ...outcome });
    } catch (error) {
      const method = kept.length > 0 ? ['Stopped before the end: the figures measured until then are kept.'] : [];
      finish({ status: 'failed', reason: (error as Error).message, figures: kept, method });
    } finally {
      clearTimeout(timer);
      // An overrun suite may still hold servers or load generators: stop everything it started.
      await stopAll();
      await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
  return [...results.values()];
}

/**
 * `pnpm bench`: runs the benchmark suites with progress on stdout and writes benchmarks.json,
 * benchmarks.md and benchmarks.svg (drawn from the JSON) — to docs/ for full runs.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseCliOptions, USAGE } from './cli-options.ts';
import { describeMachine } from './machine.ts';
import { docsDir, repoRoot } from './paths.ts';
import { stopAll } from './process/child.ts';
import { formatDuration, formatTarget, formatVerdict } from './report/format.ts';
import { writeReport } from './report/write-report.ts';
import { SUITE_NAMES, type BenchReport, type SuiteResult } from './results.ts';
import { runSuites, TOTAL_BUDGET_MS } from './run-suites.ts';
import { removeScratchWorkspaces } from './scratch/scratch-workspace.ts';
import { ALL_SUITES } from './suites/index.ts';

let options;
try {
  options = parseCliOptions(process.argv.slice(2).filter((arg) => arg !== '--'));
} catch (error) {
  process.stderr.write(`pnpm bench: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const budgets = Object.fromEntries(ALL_SUITES.map((suite) => [suite.name, suite.budgetMs]));
if (options.render) {
  const dir = options.out ? resolve(options.out) : docsDir;
  const saved = JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8')) as BenchReport;
  const written = await writeReport(saved, dir, budgets, TOTAL_BUDGET_MS);
  process.stdout.write(`redrawn from ${join(dir, 'benchmarks.json')}:\n${written.map((path) => `  ${path}`).join('\n')}\n`);
  process.exit(0);
}

const interrupt = () =>
  void stopAll()
    .then(removeScratchWorkspaces)
    .then(() => process.exit(130));
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

const print = (line: string) => process.stdout.write(`${line}\n`);
const outDir = options.out ? resolve(options.out) : options.mode === 'quick' ? join(repoRoot, 'bench/results') : docsDir;
const machine = describeMachine();
const date = new Date().toISOString();
print(
  `frontdesk bench — ${options.mode} run of ${options.suites.join(', ')}; stops after ${formatDuration(TOTAL_BUDGET_MS[options.mode])} at most`,
);
print(`machine: ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' / ')}`);

const begin = performance.now();
const selected = ALL_SUITES.filter((suite) => options.suites.includes(suite.name));
const fresh = await runSuites(selected, options.mode, print);
await removeScratchWorkspaces();

// Suites not selected this time keep their latest results in the same folder, with their own dates.
const previous = await readPrevious(join(outDir, 'benchmarks.json'), options.mode);
const suites: SuiteResult[] = SUITE_NAMES.flatMap((name) => {
  const result = fresh.find((s) => s.suite === name) ?? previous.find((s) => s.suite === name);
  return result ? [result] : [];
});
const report: BenchReport = { date, mode: options.mode, machine, durationMs: Math.round(performance.now() - begin), suites };
const written = await writeReport(report, outDir, budgets, TOTAL_BUDGET_MS);

print('');
for (const suite of fresh) {
  for (const f of suite.figures.filter((figure) => figure.target))
    print(`${formatVerdict(f).padEnd(12)} ${suite.suite}: ${f.label}: ${formatTarget(f)}`);
  if (suite.status !== 'ok') print(`${suite.status.padEnd(12)} ${suite.suite}: ${suite.reason?.split('\n')[0]}`);
}
print(`\nfinished in ${formatDuration(performance.now() - begin)}; results written to:\n${written.map((path) => `  ${path}`).join('\n')}`);
process.exit(fresh.some((suite) => suite.status === 'failed') ? 1 : 0);

async function readPrevious(path: string, mode: string): Promise<SuiteResult[]> {
  if (!existsSync(path)) return [];
  try {
    const report = JSON.parse(await readFile(path, 'utf8')) as BenchReport;
    return report.mode === mode ? [...report.suites] : [];
  } catch {
    return [];
  }
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BenchReport } from '../results.ts';
import { renderChart } from './chart.ts';
import { renderMarkdown, type Budgets } from './markdown.ts';

/** Writes benchmarks.json, then the chart and the Markdown drawn from it; returns the three paths. */
export async function writeReport(
  report: BenchReport,
  dir: string,
  budgets: Budgets,
  totalBudgetMs: { readonly full: number; readonly quick: number },
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'benchmarks.json');
  const svg = join(dir, 'benchmarks.svg');
  const md = join(dir, 'benchmarks.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(svg, renderChart(report));
  await writeFile(md, renderMarkdown(report, relative(dir, svg), budgets, totalBudgetMs));
  return [json, md, svg];
}

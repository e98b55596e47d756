import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';
import { sampleReport } from './sample-report.ts';

describe('renderMarkdown', () => {
  const md = renderMarkdown(sampleReport, 'benchmarks.svg');

  it('states the machine and the date', () => {
    expect(md).toContain('Measured 2026-11-28 16:00:00 UTC (full run, 10 min 00 s) on 2 cores (Test CPU), 23.5 GiB memory, Node v20.20.2');
  });

  it('lists every target with its measured value and verdict', () => {
    expect(md).toContain('| gateway | local gateway, 50 conn — throughput | ≥ 0.5× bare Node (0.630×) | ✅ met |');
    expect(md).toContain('| gateway | local gateway, 50 conn — p99 | ≤ 20 ms (28 ms) | ❌ missed |');
    expect(md).toContain('| pipeline | fully cached re-run | ≤ 3 s (1.9 s) | ✅ met |');
  });

  it('shows each figure beside its same-run baseline and ratio', () => {
    expect(md).toContain(
      '| local gateway, 50 conn — throughput | 5,100 req/s | bare Node http + jose: 8,100 req/s | 0.630× | ≥ 0.5× bare Node | ✅ met |',
    );
  });

  it('says why a suite has no figures', () => {
    expect(md).toContain('**failed**: serverless-offline exited (1) before it was ready');
    expect(md).toContain('| authorizer | — | not measured: the root package.json has no "create-app" script | skipped |');
  });

  it('embeds the chart', () => {
    expect(md).toContain('![Throughput and p99 per suite](benchmarks.svg)');
  });
});

describe('the "Running it" section', () => {
  it('documents every suite’s limit and the bound on the whole run', () => {
    const md = renderMarkdown(
      sampleReport,
      'benchmarks.svg',
      { gateway: { full: 180_000, quick: 90_000 } },
      { full: 900_000, quick: 600_000 },
    );
    expect(md).toContain('the whole run at 15 min 00 s (quick: 10 min 00 s)');
    expect(md).toContain('| whole run | 15 min 00 s | 10 min 00 s |');
    expect(md).toContain('| gateway | 3 min 00 s | 1 min 30 s |');
  });
});

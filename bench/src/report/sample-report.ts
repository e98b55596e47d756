import type { BenchReport, Target } from '../results.ts';
import { figure } from '../targets.ts';

/** Fixed targets: the report tests check rendering, not the targets of the day (those live in targets.ts). */
const SAMPLE_TARGETS = {
  throughput: { on: 'ratio', op: '>=', bound: 0.5, text: '≥ 0.5× bare Node' },
  p99: { on: 'value', op: '<=', bound: 20, text: '≤ 20 ms' },
  cachedRerun: { on: 'value', op: '<=', bound: 3000, text: '≤ 3 s' },
} as const satisfies Record<string, Target>;

/** A small but complete report: every suite status, figures with and without baselines and targets. */
export const sampleReport: BenchReport = {
  date: '2026-11-28T16:00:00.000Z',
  mode: 'full',
  machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 23.5, node: 'v20.20.2', platform: 'linux x64', loadAverage: [0.1, 0.2, 0.3] },
  durationMs: 600_000,
  suites: [
    {
      suite: 'gateway',
      status: 'ok',
      measuredAt: '2026-11-28T16:00:00.000Z',
      durationMs: 120_000,
      method: ['autocannon, 3 rounds'],
      figures: [
        figure({
          id: 'gateway.c50.throughput',
          label: 'local gateway, 50 conn — throughput',
          kind: 'throughput',
          unit: 'req/s',
          samples: [5000, 5200, 5100],
          baseline: { label: 'bare Node http + jose', samples: [8000, 8200, 8100] },
          target: SAMPLE_TARGETS.throughput,
        }),
        figure({
          id: 'gateway.c50.p99',
          label: 'local gateway, 50 conn — p99',
          kind: 'p99',
          unit: 'ms',
          samples: [25, 30, 28],
          baseline: { label: 'bare Node http + jose', samples: [9, 10, 11] },
          target: SAMPLE_TARGETS.p99,
        }),
        figure({ id: 'gateway.c50.p50', label: 'local gateway, 50 conn — p50', kind: 'p50', unit: 'ms', samples: [8, 9, 10] }),
      ],
    },
    {
      suite: 'peer',
      status: 'failed',
      reason: 'serverless-offline exited (1) before it was ready',
      measuredAt: '2026-11-28T16:02:00.000Z',
      durationMs: 5_000,
      figures: [],
      method: [],
    },
    {
      suite: 'authorizer',
      status: 'skipped',
      reason: 'the root package.json has no "create-app" script',
      measuredAt: '2026-11-28T16:02:05.000Z',
      durationMs: 0,
      figures: [],
      method: [],
    },
    {
      suite: 'pipeline',
      status: 'ok',
      measuredAt: '2026-11-28T16:02:05.000Z',
      durationMs: 300_000,
      method: ['scratch copy with 20 apps'],
      figures: [
        figure({
          id: 'pipeline.cached',
          label: 'fully cached re-run',
          kind: 'time',
          unit: 'ms',
          samples: [1800, 2000, 1900],
          target: SAMPLE_TARGETS.cachedRerun,
        }),
      ],
    },
  ],
};

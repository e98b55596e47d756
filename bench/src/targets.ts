import type { Figure, Target } from './results.ts';
import { median, ratio } from './stats.ts';

/** Whether `figure` meets `target`; `undefined` when the judged quantity was not measured. */
function meets(target: Target, value: number, figureRatio: number | undefined): boolean | undefined {
  const judged = target.on === 'ratio' ? figureRatio : value;
  if (judged === undefined || !Number.isFinite(judged)) return undefined;
  return target.op === '>=' ? judged >= target.bound : judged <= target.bound;
}

export interface FigureInput {
  readonly id: string;
  readonly label: string;
  readonly kind: Figure['kind'];
  readonly unit: string;
  readonly samples: readonly number[];
  readonly baseline?: { readonly label: string; readonly samples: readonly number[] };
  readonly target?: Target;
}

/** Builds a published figure: medians of the rounds, the ratio of the medians, and the verdict. */
export function figure(input: FigureInput): Figure {
  const value = median(input.samples);
  const baseline = input.baseline && { label: input.baseline.label, value: median(input.baseline.samples) };
  const figureRatio = baseline ? ratio(value, baseline.value) : undefined;
  const met = input.target ? meets(input.target, value, figureRatio) : undefined;
  return {
    id: input.id,
    label: input.label,
    kind: input.kind,
    unit: input.unit,
    value,
    samples: input.samples,
    ...(baseline && { baseline }),
    ...(figureRatio !== undefined && { ratio: figureRatio }),
    ...(input.target && { target: input.target }),
    ...(met !== undefined && { met }),
  };
}

/** Every suite's targets, in one place so the report and the closing note agree. */
export const TARGETS = {
  /** Issue 17: requests/s at 50 connections, and p99 against the bare server's p99 in the same run. */
  gatewayVsBare: { on: 'ratio', op: '>=', bound: 0.9, text: '≥ 0.9× bare Node' },
  gatewayP99At50: { on: 'ratio', op: '<=', bound: 1.2, text: '≤ 1.2× bare Node p99' },
  gatewayVsPeer: { on: 'ratio', op: '>=', bound: 20, text: '≥ 20× serverless-offline' },
  /** Issue 17: a CPU-bound handler on as many workers as cores, against one worker. */
  poolCpuScaling: { on: 'ratio', op: '>=', bound: 1.5, text: '≥ 1.5× one worker' },
  /** Issue 17: a 50 ms sleeping handler at 10 connections: overlapping, not queued. */
  poolSleepThroughput: { on: 'ratio', op: '>=', bound: 5, text: '≥ 5× one worker' },
  poolSleepP99: { on: 'value', op: '<=', bound: 100, text: '≤ 100 ms (2× the sleep)' },
  authorizerBundle: { on: 'value', op: '<=', bound: 40, text: '≤ 40 KB' },
  authorizerInit: { on: 'ratio', op: '<=', bound: 1.5, text: '≤ 1.5× an empty handler' },
  /** First-seen Bearer tokens, audit line included. */
  authorizerFirstSeen: { on: 'ratio', op: '>=', bound: 0.9, text: '≥ 0.9× bare jose' },
  authorizerDpop: { on: 'ratio', op: '>=', bound: 0.8, text: '≥ 0.8× bare jose' },
  /** Repeated Bearer tokens, answered by the verified-token cache. */
  authorizerRepeated: { on: 'ratio', op: '>=', bound: 5, text: '≥ 5× bare jose' },
  /** Issue 17: the template app's handler bundle, SDK clients and X-Ray imported only where used. */
  templateBundle: { on: 'value', op: '<=', bound: 150, text: '≤ 150 KB' },
  /** Issue 17: `turbo run build test synth --affected` after a gateway-core change, per app. */
  coreAffectedPerApp: { on: 'value', op: '<=', bound: 5000, text: '≤ 5 s per app' },
  oneAppAffected: { on: 'ratio', op: '<=', bound: 1.5, text: '≤ 1.5× a single-app run' },
  cachedRerun: { on: 'value', op: '<=', bound: 3000, text: '≤ 3 s' },
  /** `pnpm dev` restarted with 20 apps (bundles from the on-disk cache). */
  startup20Apps: { on: 'value', op: '<=', bound: 2000, text: '≤ 2 s' },
  /** The same restart against the 2-app one: start-up must not grow with the number of apps. */
  startup20VsTwo: { on: 'ratio', op: '<=', bound: 1.3, text: '≤ 1.3× the 2-app start-up' },
  reload: { on: 'value', op: '<=', bound: 300, text: '≤ 300 ms' },
} as const satisfies Record<string, Target>;

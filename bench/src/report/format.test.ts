import { describe, expect, it } from 'vitest';
import { figure } from '../targets.ts';
import { formatDuration, formatRatio, formatTarget, formatValue, formatVerdict } from './format.ts';

describe('formatValue', () => {
  it('groups thousands and drops decimals on large values', () => {
    expect(formatValue(8712.4, 'req/s')).toBe('8,712 req/s');
  });
  it('keeps two decimals on small values', () => {
    expect(formatValue(3.456, 'ms')).toBe('3.46 ms');
  });
  it('switches milliseconds to seconds from one second up', () => {
    expect(formatValue(2700, 'ms')).toBe('2.7 s');
  });
});

describe('formatRatio', () => {
  it('writes a multiplier', () => {
    expect(formatRatio(0.625)).toBe('0.625×');
    expect(formatRatio(1.05)).toBe('1.05×');
    expect(formatRatio(21.43)).toBe('21.4×');
  });
  it('never rounds a ratio onto the bound it misses', () => {
    expect(formatRatio(0.7974)).toBe('0.797×');
  });
});

describe('verdicts beside figures', () => {
  const ratioTarget = { on: 'ratio', op: '>=', bound: 0.5, text: '≥ 0.5× bare Node' } as const;
  const valueTarget = { on: 'value', op: '<=', bound: 20, text: '≤ 20 ms' } as const;

  it('judges a ratio target on the ratio of medians', () => {
    const f = figure({
      id: 'a',
      label: 'a',
      kind: 'throughput',
      unit: 'req/s',
      samples: [600, 650, 700],
      baseline: { label: 'bare', samples: [1000, 1000, 1000] },
      target: ratioTarget,
    });
    expect(f.ratio).toBe(0.65);
    expect(formatVerdict(f)).toBe('✅ met');
    expect(formatTarget(f)).toBe('≥ 0.5× bare Node (0.650×)');
  });
  it('judges a value target on the median, not on the best round', () => {
    const f = figure({ id: 'b', label: 'b', kind: 'p99', unit: 'ms', samples: [12, 25, 31], target: valueTarget });
    expect(f.value).toBe(25);
    expect(formatVerdict(f)).toBe('❌ missed');
    expect(formatTarget(f)).toBe('≤ 20 ms (25 ms)');
  });
  it('says "not measured" when a ratio target has no baseline', () => {
    const f = figure({ id: 'c', label: 'c', kind: 'throughput', unit: 'req/s', samples: [1], target: ratioTarget });
    expect(formatVerdict(f)).toBe('not measured');
  });
  it('has no verdict without a target', () => {
    const f = figure({ id: 'd', label: 'd', kind: 'p50', unit: 'ms', samples: [1] });
    expect(formatVerdict(f)).toBe('—');
    expect(formatTarget(f)).toBe('');
  });
});

describe('formatDuration', () => {
  it('uses seconds under a minute and minutes above', () => {
    expect(formatDuration(42_300)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
  });
});

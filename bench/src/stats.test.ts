import { describe, expect, it } from 'vitest';
import { median, percentile, ratio } from './stats.ts';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is the value itself for one round', () => {
    expect(median([7])).toBe(7);
  });
  it('refuses an empty list rather than inventing a figure', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 101 }, (_, i) => i);
  it('interpolates between closest ranks', () => {
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9);
  });
  it('returns the extremes at 0 and 100', () => {
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
  });
  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
  it('rejects a percentile outside 0..100 and non-finite samples', () => {
    expect(() => percentile([1], 101)).toThrow(/0\.\.100/);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(/non-finite/);
  });
});

describe('ratio', () => {
  it('divides by the baseline', () => {
    expect(ratio(450, 900)).toBe(0.5);
  });
  it('has no ratio against a zero or missing baseline', () => {
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(1, undefined)).toBeUndefined();
  });
});

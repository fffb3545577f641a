import { describe, expect, it } from 'vitest';
import { ci95, mean, percentile, stddev, summarize, tQuantile975 } from '../../src/shared/stats.ts';

describe('stats', () => {
  it('mean, stddev, percentile', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 10);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([5], 99)).toBe(5);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('t quantiles: table for small n, 1.96 beyond', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(29)).toBe(2.045);
    expect(tQuantile975(30)).toBe(1.96);
    expect(tQuantile975(1000)).toBe(1.96);
  });

  it('95% CI half-width matches known values', () => {
    // R: t.test(1:5)$conf.int = 1.036757 4.963243
    expect(ci95([1, 2, 3, 4, 5])).toBeCloseTo(1.963243, 3);
    // R: t.test(c(10, 12))$conf.int = -1.706205 23.706205
    expect(ci95([10, 12])).toBeCloseTo(12.706205, 3);
    // Beyond the table: normal approximation, 1.96 * sd / sqrt(n).
    const xs = Array.from({ length: 40 }, (_, i) => i);
    expect(ci95(xs)).toBeCloseTo((1.96 * stddev(xs)) / Math.sqrt(40), 10);
    expect(ci95([3])).toBeNull();
    expect(ci95([7, 7, 7])).toBe(0);
  });

  it('summarize skips missing values', () => {
    expect(summarize([1, null, 3, undefined])).toEqual({ mean: 2, ci95: 12.706 * 1, n: 2 });
    expect(summarize([null])).toEqual({ mean: null, ci95: null, n: 0 });
    expect(summarize([5])).toEqual({ mean: 5, ci95: null, n: 1 });
  });
});

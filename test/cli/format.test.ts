import { describe, expect, it } from 'vitest';
import { formatCount, formatPct, formatSlowdown, formatUs, formatWithCi, sig3 } from '../../src/cli/format.ts';

describe('formatting', () => {
  it('durations pick µs, ms or s', () => {
    expect(formatUs(26)).toBe('26 µs');
    expect(formatUs(2.5)).toBe('2.5 µs');
    expect(formatUs(684)).toBe('684 µs');
    expect(formatUs(13_091)).toBe('13.1 ms');
    expect(formatUs(298_640)).toBe('299 ms');
    expect(formatUs(2_768_349)).toBe('2.77 s');
    expect(formatUs(507.7e6)).toBe('508 s');
    expect(formatUs(0)).toBe('0 µs');
    expect(formatUs(null)).toBe('-');
  });

  it('sig3, percentages, slowdown, counts', () => {
    expect(sig3(44.675)).toBe('44.7');
    expect(sig3(2.0)).toBe('2');
    expect(formatPct(0.969)).toBe('96.9%');
    expect(formatPct(1)).toBe('100%');
    expect(formatPct(0)).toBe('0%');
    expect(formatSlowdown(523.7 / 507.7)).toBe('+3.2%');
    expect(formatSlowdown(0.99)).toBe('-1.0%');
    expect(formatCount(1234)).toBe('1234');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(3_400_000)).toBe('3.4M');
  });

  it('mean ± CI', () => {
    expect(formatWithCi({ mean: 1500, ci95: 200, n: 5 }, formatUs)).toBe('1.5 ms ± 200 µs');
    expect(formatWithCi({ mean: 1500, ci95: null, n: 1 }, formatUs)).toBe('1.5 ms');
    expect(formatWithCi({ mean: null, ci95: null, n: 0 }, formatUs)).toBe('-');
  });
});

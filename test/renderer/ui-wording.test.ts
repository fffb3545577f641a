/*
 * The wording and display rules of the run page, Compare and the memory map
 * that keep single-seed noise, units and names from being misread.
 */
import { describe, expect, it } from 'vitest';
import { cellView, compareColumns, formatGroupStat, formatRel, groupsSeparate, METRICS, noisyNote, seedsText, slowdownNote } from '../../src/renderer/lib/metrics.ts';
import { compareHint, policyStyles, shade } from '../../src/renderer/lib/compare.ts';
import { counterDisplayName } from '../../src/renderer/lib/counters.ts';
import { KIND_INFO, kindColour, kindLabel } from '../../src/renderer/lib/kinds.ts';
import { pfnTicks } from '../../src/renderer/lib/memmap.ts';
import { REGION_FREE_LABEL } from '../../src/renderer/lib/memory-lines.ts';
import { counterOrigin } from '../../src/shared/vmstat.ts';
import { summary } from '../cli/helpers.ts';
import type { RunInfo, SeedGroup } from '../../src/shared/types.ts';

const slowRun = (slow: number) => summary({ background: { completionS: 100 * slow, baselineS: 100, slowdown: slow, perWorkload: {} }, vmstat: {} });
const slowdown = METRICS.find((m) => m.id === 'slowdown')!;

function group(label: string, runIds: number[], mean: number, ci95: number | null): SeedGroup {
  return { label, policy: label, params: {}, runIds, seeds: runIds, stats: { slowdown: { n: runIds.length, mean, ci95 } } };
}

describe('background slowdown: one seed is not a result', () => {
  it('the run page says a negative value is variation, not a speed-up, and points to several seeds', () => {
    // gcma seed 1 on cubox-rfc-v2: 478 s vs 530 s without the device.
    const neg = slowdownNote(478 / 530)!;
    expect(neg).toMatch(/^one seed; negative means the background finished sooner than in the run without the device/);
    expect(neg).toMatch(/not a speed-up/);
    expect(neg).toMatch(/several seeds/);
    expect(slowdownNote(1.034)).toMatch(/^one seed; it varies/);
    // A value that prints as ±0.0% is not "negative".
    expect(slowdownNote(0.99996)).toMatch(/^one seed; it varies/);
    expect(slowdownNote(null)).toBeNull();
  });

  it('Compare does not rank one run against another', () => {
    const c = cellView(slowdown, slowRun(0.901), slowRun(0.972), false)!;
    expect(c.abs).toBe('\u22127.1 pp');
    expect(c.verdict).toBe('none');
    expect(c.unresolved).toBe(true);
    // Given seed groups that separate, it is ranked.
    expect(cellView(slowdown, slowRun(0.901), slowRun(0.972), false, true)!.verdict).toBe('better');
    // Other metrics are ranked as before.
    const p99 = METRICS.find((m) => m.id === 'p99')!;
    expect(cellView(p99, summary(), summary({ requests: { ...summary().requests, latencyUs: { ...summary().requests.latencyUs, p99: 1 } } }), false)!.unresolved).toBe(false);
  });

  it('seed groups separate only with 2+ runs each and non-overlapping 95 % intervals', () => {
    // The reviewer's groups: +1.1 % ± 28.6 pp against −3.9 % ± 5.1 pp overlap.
    expect(groupsSeparate(group('a', [1, 2], 0.011, 0.286), group('b', [3, 4, 5, 6, 7], -0.039, 0.051), 'slowdown')).toBe(false);
    expect(groupsSeparate(group('a', [1, 2, 3], 0.1, 0.02), group('b', [4, 5, 6], 0.0, 0.03), 'slowdown')).toBe(true);
    // A single run has no interval.
    expect(groupsSeparate(group('a', [1], 0.1, null), group('b', [4, 5, 6], 0.0, 0.01), 'slowdown')).toBe(false);
    // Two runs of one group (same configuration, another seed) never separate.
    const g = group('a', [1, 2, 3], 0.1, 0.01);
    expect(groupsSeparate(g, g, 'slowdown')).toBe(false);
    expect(groupsSeparate(undefined, g, 'slowdown')).toBe(false);
  });

  it('the note under the table says why', () => {
    expect(noisyNote([], true)).toBeNull();
    expect(noisyNote(['Background slowdown'], false)).toMatch(/^Background slowdown: not marked better or worse.*compare several seeds/);
    expect(noisyNote(['Background slowdown'], true)).toMatch(/95 % intervals do not overlap/);
  });
});

describe('compare: readable deltas and units', () => {
  it('huge relative increases read as a ratio', () => {
    expect(formatRel(146.05)).toBe('×147');
    expect(formatRel(62.17)).toBe('×63.2');
    expect(formatRel(11)).toBe('×12');
    expect(formatRel(7)).toBe('+700%');
    expect(formatRel(-0.999)).toBe('\u2212100%');
  });

  it('± of a percentage metric is in percentage points', () => {
    expect(formatGroupStat('slowdown', 1.011, 0.286)).toEqual({ mean: '+1.1%', ci: '28.6 pp' });
    expect(formatGroupStat('successRate', 0.95, 0.012)).toEqual({ mean: '95.0%', ci: '1.2 pp' });
    expect(formatGroupStat('regionUtilisation', 0.3, 0.05)).toEqual({ mean: '30.0%', ci: '5.0 pp' });
  });

  it('seed lists are worded', () => {
    expect(seedsText([1])).toBe('1 seed: 1');
    expect(seedsText([2, 1])).toBe('2 seeds: 1, 2');
    expect(seedsText([1, 2, 3, 4, 5])).toBe('5 seeds: 1–5');
    expect(seedsText([1, 2, 3, 7])).toBe('4 seeds: 1–3, 7');
  });

  it('swap reads as one measure in one unit: the table’s column is the seed groups’ Swap I/O, as a size', () => {
    const r = { id: 1, summary: summary({ vmstat: { pswpin: 100, pswpout: 9121 } }) } as unknown as RunInfo;
    const cols = compareColumns([r]);
    expect(cols.map((m) => m.id)).not.toContain('vmstat.pswpout');
    const swap = cols.find((m) => m.id === 'swapIo')!;
    expect(swap.label).toBe('Swap I/O');
    expect(swap.format(swap.get(r.summary!)!)).toBe('36.0 MiB');
    expect(swap.formatDelta(-9121)).toBe('\u221235.6 MiB');
  });

  it('runs of one policy share a hue, in shades by seed', () => {
    const run = (id: number, policy: string, seed: number) => ({ id, seed, policy: { name: policy } }) as unknown as RunInfo;
    const hues = ['#4477aa', '#ee6677'];
    const st = policyStyles([run(1, 'carveout', 1), run(5, 'gcma', 2), run(4, 'gcma', 1), run(7, 'mainline-cma', 1)], (i) => ({ colour: hues[i % 2]!, dash: i >= 2 ? [6, 3] : undefined }));
    expect(st.get(1)!.colour).toBe('#4477aa');
    // gcma: seed 1 darker than seed 2, both of the second hue.
    expect(st.get(4)!.colour).toBe(shade('#ee6677', -0.35));
    expect(st.get(5)!.colour).toBe(shade('#ee6677', 0.45));
    expect(st.get(7)!.dash).toEqual([6, 3]);
    // Dark theme: from the pure hue to lighter, never darker into the background.
    const d = policyStyles([run(4, 'gcma', 1), run(5, 'gcma', 2)], (i) => ({ colour: hues[i % 2]!, dash: undefined }), true);
    expect(d.get(4)!.colour).toBe('#4477aa');
    expect(d.get(5)!.colour).toBe(shade('#4477aa', 0.6));
    expect(shade('#808080', 0)).toBe('#808080');
    expect(shade('#808080', -1)).toBe('#000000');
    expect(shade('#808080', 1)).toBe('#ffffff');
  });

  it('"Compare with…" says what to do next', () => {
    expect(compareHint(5, 'cubox-rfc-v2')).toMatch(/^Run #5 is selected; showing runs of cubox-rfc-v2\. Tick .* then press Compare\.$/);
  });
});

describe('memory map names and colours', () => {
  const lum = (hex: string) => {
    const v = parseInt(hex.slice(1), 16);
    const c = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((x) => x / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x! + 0.05) / (y! + 0.05);
  };

  it('reserved pages are named free on both the map and the region chart', () => {
    expect(kindLabel('reserved')).toBe('reserved (free)');
    expect(REGION_FREE_LABEL).toMatch(/free.*reserved/);
    expect(KIND_INFO.find((k) => k.kind === 'reserved')!.help).toMatch(/Region contents chart counts them as free/);
  });

  it('free and reserved stand apart in the dark theme; the light theme is unchanged', () => {
    expect(contrast(kindColour('free', true), kindColour('reserved', true))).toBeGreaterThanOrEqual(3);
    expect(kindColour('free', false)).toBe('#e3e6ea');
    expect(kindColour('reserved', false)).toBe('#4a4f57');
    // Still apart from kernel's grey in the dark theme (by hue, and some lightness).
    expect(kindColour('reserved', true)).not.toBe(kindColour('kernel', true));
  });

  it('tooltips use the legend’s spelling', () => {
    expect(kindLabel('file-clean')).toBe('file clean');
    expect(kindLabel('unknown-kind')).toBe('unknown-kind');
  });

  it('address ticks are round pfns, a power of two of pageblocks apart', () => {
    // cubox-rfc-v2: 1 GiB = 0x40000 pages, 512-page pageblocks.
    expect(pfnTicks(0x40000, 512)).toEqual([0, 0x10000, 0x20000, 0x30000, 0x40000]);
    const t = pfnTicks(0x3e800, 512);
    const step = t[1]!;
    expect(Math.log2(step / 512) % 1).toBe(0);
    expect(t.every((p) => p % step === 0 && p <= 0x3e800)).toBe(true);
    expect(t.length).toBeLessThanOrEqual(7);
  });
});

describe('vmstat card', () => {
  it('names CMA sysfs counters by their file under /sys/kernel/mm/cma/<area>/', () => {
    expect(counterOrigin('cma_alloc_pages_success')).toBe('cma-sysfs');
    expect(counterDisplayName('cma_alloc_pages_success', 'cma-sysfs')).toBe('alloc_pages_success');
    expect(counterDisplayName('cma_alloc_pages_fail', 'cma-sysfs')).toBe('alloc_pages_fail');
    expect(counterDisplayName('pgmigrate_success', 'vmstat')).toBe('pgmigrate_success');
  });
});

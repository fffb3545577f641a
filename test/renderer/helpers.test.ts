import { describe, expect, it } from 'vitest';
import { axisText, formatNs, formatUs, formatPages, hexPfn, pfnRange, signed, formatEta, formatCount, formatSlowdown } from '../../src/renderer/lib/format.ts';
import { latencyCdf, alignCdfs, cdfAt, cdfPlotData, quantileSorted, cdfsBySize, MAX_SIZE_LINES } from '../../src/renderer/lib/cdf.ts';
import { parseSeeds, parseSweepValues } from '../../src/renderer/lib/seeds.ts';
import { cellView, compareColumns, delta, formatGroupStat, formatRel, groupCaveat, groupOom, METRICS } from '../../src/renderer/lib/metrics.ts';
import { groupCaveatNote } from '../../src/renderer/pages/compare/SeedGroups.tsx';
import { summary } from '../cli/helpers.ts';
import type { RunInfo, RunStatus, SeedGroup } from '../../src/shared/types.ts';
import { KINDS, KIND_INFO, hexToRgb, packRgba } from '../../src/renderer/lib/kinds.ts';
import { MAP_KINDS } from '../../src/engine/metrics/sampler.ts';

describe('format', () => {
  it('durations pick the unit a person would', () => {
    expect(formatNs(850)).toBe('850 ns');
    expect(formatNs(12_400)).toBe('12.4 µs');
    expect(formatNs(3_210_000)).toBe('3.21 ms');
    expect(formatNs(1.5e9)).toBe('1.50 s');
    expect(formatUs(501)).toBe('501 µs');
    expect(formatUs(null)).toBe('–');
  });
  it('sizes in binary units from 4 KiB pages', () => {
    expect(formatPages(256)).toBe('1.00 MiB');
    expect(formatPages(32768)).toBe('128 MiB');
    expect(formatPages(4_194_304)).toBe('16.0 GiB');
  });
  it('pfns in hex, ranges half-open', () => {
    expect(hexPfn(0x3f200)).toBe('0x3f200');
    expect(pfnRange(0x3f200, 0x400)).toBe('[0x3f200, 0x3f600)');
  });
  it('signed uses a real minus and ± for zero', () => {
    expect(signed('3 ms', 1)).toBe('+3 ms');
    expect(signed('3 ms', -1)).toBe('\u22123 ms');
    expect(signed('0', 0)).toBe('±0');
  });
  it('a value that only rounds to zero reads like zero, never +0.0% or −0.0%', () => {
    expect(signed('0.0%', 0.0001)).toBe('±0.0%');
    expect(signed('0.0 pp', -0.0001)).toBe('±0.0 pp');
    expect(formatSlowdown(1.0001)).toBe('±0.0%');
    expect(formatSlowdown(0.9999)).toBe('±0.0%');
    expect(formatSlowdown(1)).toBe('±0.0%');
    expect(formatSlowdown(1.031)).toBe('+3.1%');
    expect(formatSlowdown(0.86)).toBe('\u221214.0%');
    expect(formatSlowdown(null)).toBe('–');
  });
  it('counts keep their thousands separators when they are means', () => {
    expect(formatCount(1_640_203)).toBe('1,640,203');
    expect(formatCount(1_640_203.33)).toBe('1,640,203');
    expect(formatCount(9.33)).toBe('9.33');
  });
  it('axis ticks drop trailing zeros only', () => {
    expect(axisText('10.0 ms')).toBe('10 ms');
    expect(axisText('1.00 s')).toBe('1 s');
    expect(axisText('2.50 s')).toBe('2.50 s');
    expect(axisText('50.0 MiB')).toBe('50 MiB');
  });
  it('eta', () => {
    expect(formatEta(4.2)).toBe('4 s');
    expect(formatEta(125)).toBe('2 min 05 s');
    expect(formatEta(null)).toBe('–');
  });
});

describe('latency CDF', () => {
  const s = (us: number, ok = true) => ({ latencyNs: us * 1000, ok });
  it('counts failures in the denominator so the curve plateaus at the success rate', () => {
    const c = latencyCdf([s(10), s(20), s(20), s(40), s(0, false)]);
    expect(c.x).toEqual([10, 20, 40]);
    expect(c.y).toEqual([0.2, 0.6, 0.8]);
    expect(c.failed).toBe(1);
    expect(cdfAt(c, 5)).toBe(0);
    expect(cdfAt(c, 25)).toBe(0.6);
    expect(cdfAt(c, 1e9)).toBe(0.8);
  });
  it('aligns several CDFs on the union of x values with nulls before each first sample', () => {
    const a = latencyCdf([s(1), s(3)]);
    const b = latencyCdf([s(2), s(4)]);
    const { x, ys } = alignCdfs([a, b]);
    expect(x).toEqual([1, 2, 3, 4]);
    expect(ys[0]).toEqual([0.5, 0.5, 1, 1]);
    expect(ys[1]).toEqual([null, 0.5, 0.5, 1]);
  });
  it('pads the chart\'s domain on both sides and starts each line from 0, so a rise at one x shows', () => {
    // Every traced request took 500 µs: one vertical rise, drawn beside a simulated line that covers it.
    const device = latencyCdf([s(500), s(500), s(500)]);
    const sim = latencyCdf([s(100), s(500), s(2000)]);
    const { x, ys } = cdfPlotData([device, sim]);
    expect(x).toEqual([80, 100, 500, 2000, 2500]);
    // 0 just before the rise at 500 µs, then 100 % flat to the padded right edge.
    expect(ys[0]).toEqual([null, 0, 1, 1, 1]);
    expect(ys[1]).toEqual([0, 1 / 3, 2 / 3, 1, 1]);
    // The only success at the largest latency (a failure's time is not beyond it): no zero-length step at the edge.
    const edge = latencyCdf([s(1000), s(0, false)]);
    const e = cdfPlotData([edge], [1000]);
    expect(e.x).toEqual([800, 1000, 1250]);
    expect(e.ys[0]).toEqual([0, 0.5, 0.5]);
    // Failed requests' times still stretch the axis, padded past them.
    expect(cdfPlotData([edge], [4000]).x).toEqual([800, 1000, 4000, 5000]);
    expect(cdfPlotData([latencyCdf([])])).toEqual({ x: [], ys: [[]] });
  });
  it('one line per request size for the RFC v2 table (8 sizes); one merged line, with the reason, past the cap', () => {
    const reqs = (sizes: number[]) => sizes.flatMap((pages) => [{ pages, latencyNs: pages * 1000, ok: true }]);
    const rfc = cdfsBySize(reqs([1, 512, 1024, 2048, 4096, 8192, 16384, 32000]));
    expect(rfc.lines.map((l) => l.pages)).toEqual([1, 512, 1024, 2048, 4096, 8192, 16384, 32000]);
    expect(rfc.merged).toBeNull();
    const many = cdfsBySize(reqs(Array.from({ length: MAX_SIZE_LINES + 1 }, (_, i) => i + 1)));
    expect(many.lines).toHaveLength(1);
    expect(many.lines[0]!.pages).toBeNull();
    expect(many.merged).toMatch(/^11 request sizes/);
  });
  it('quantiles interpolate', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
  });
});

describe('seeds and sweeps', () => {
  it('parses ranges and lists like the CLI', () => {
    expect(parseSeeds('1-5')).toEqual({ ok: true, value: [1, 2, 3, 4, 5] });
    expect(parseSeeds('1-3, 10,2')).toEqual({ ok: true, value: [1, 2, 3, 10] });
  });
  it('names the bad part', () => {
    expect(parseSeeds('1-x')).toEqual({ ok: false, error: '"1-x" is not a seed or a range like 1-5' });
    expect(parseSeeds('5-1').ok).toBe(false);
    expect(parseSeeds('').ok).toBe(false);
    expect(parseSeeds('1-1000').ok).toBe(false);
  });
  it('sweep values follow the parameter type', () => {
    expect(parseSweepValues('0, 0.5, 1', 'number')).toEqual({ ok: true, value: [0, 0.5, 1] });
    expect(parseSweepValues('1.5,2', 'integer').ok).toBe(false);
    expect(parseSweepValues('true,false', 'boolean')).toEqual({ ok: true, value: [true, false] });
    expect(parseSweepValues('1', 'number').ok).toBe(false);
  });
});

describe('metric deltas', () => {
  it('colours by direction', () => {
    expect(delta(80, 100, 'lower')).toEqual({ abs: -20, rel: -0.2, verdict: 'better' });
    expect(delta(0.9, 1, 'higher')!.verdict).toBe('worse');
    expect(delta(100.1, 100, 'lower')!.verdict).toBe('same');
    expect(delta(5, 0, 'lower')).toEqual({ abs: 5, rel: null, verdict: 'worse' });
    expect(delta(null, 1, 'lower')).toBeNull();
    expect(formatRel(-0.2)).toBe('\u221220%');
  });

  it('a slowdown flattered by OOM kills is marked and never ranked, on either side', () => {
    const slowdown = METRICS.find((m) => m.id === 'slowdown')!;
    const run = (slow: number, oom: number) => summary({ background: { completionS: 100 * slow, baselineS: 100, slowdown: slow, perWorkload: {} }, vmstat: { oom_kill: oom } });
    const killed = cellView(slowdown, run(0.86, 194), run(0.959, 18), false)!;
    expect(killed.value).toBe('\u221214.0%');
    expect(killed.abs).toBe('\u22129.9 pp');
    expect(killed.verdict).toBe('none');
    expect(killed.caveat).toMatch(/194 OOM kills: their work was skipped/);
    // The baseline's kills make the comparison unfair too.
    expect(cellView(slowdown, run(1.05, 0), run(0.959, 18), false)!.verdict).toBe('none');
    // Without kills, and with seed groups that separate the two (ui-wording.test.ts: one run each is not ranked).
    expect(cellView(slowdown, run(1.05, 0), run(0.959, 0), false, true)!.verdict).toBe('worse');
    expect(cellView(slowdown, run(1.05, 0), run(1.05, 0), true)!.caveat).toBeNull();
  });

  it('a difference that prints as zero gets no arrow or colour', () => {
    const slowdown = METRICS.find((m) => m.id === 'slowdown')!;
    const run = (slow: number) => summary({ background: { completionS: 100, baselineS: 100, slowdown: slow, perWorkload: {} }, vmstat: {} });
    const c = cellView(slowdown, run(1.0004), run(0.9999), false)!;
    expect(c.abs).toBe('±0.0 pp');
    expect(c.verdict).toBe('same');
  });

  it('seed groups: spreads in the mean’s unit, a zero spread is a bare 0, swap I/O as a size', () => {
    expect(formatGroupStat('latencyP50Us', 754, 0)).toEqual({ mean: '754 µs', ci: '0' });
    expect(formatGroupStat('latencyP99Us', 1640, 210)).toEqual({ mean: '1.64 ms', ci: '0.21 ms' });
    expect(formatGroupStat('latencyP99Us', 1640, 0.001)).toEqual({ mean: '1.64 ms', ci: '< 0.01 ms' });
    expect(formatGroupStat('latencyMaxUs', 17_200, 5_170)).toEqual({ mean: '17.2 ms', ci: '5.2 ms' });
    expect(formatGroupStat('swapIo', 1_640_203, 382_462)).toEqual({ mean: '6.26 GiB', ci: '1.46 GiB' });
    expect(formatGroupStat('refaults', 19_000.4, 25_600.2)).toEqual({ mean: '19,000', ci: '25,600' });
    expect(formatGroupStat('slowdown', 0.9999, 0.002)).toEqual({ mean: '±0.0%', ci: '0.2 pp' });
    expect(formatGroupStat('successRate', 1, null)).toEqual({ mean: '100.0%', ci: null });
  });

  it('seed groups: a mean some run’s OOM kills went into is marked, as the run’s own value is, and noted as not comparable', () => {
    const run = (id: number, seed: number, oom: number, status: RunStatus = 'completed'): RunInfo =>
      ({ id, seed, status, summary: summary({ vmstat: { oom_kill: oom } }) }) as unknown as RunInfo;
    const group = (label: string, runIds: number[]): SeedGroup => ({
      label,
      policy: 'cma',
      params: {},
      runIds,
      seeds: runIds,
      stats: { slowdown: { n: runIds.length, mean: 0.9, ci95: 0 }, latencyP99Us: { n: runIds.length, mean: 300, ci95: 0 } },
    });
    // Run 4 had kills but failed: main did not pool it, so it does not taint the mean.
    const runs = [run(1, 1, 0), run(2, 2, 120), run(3, 3, 74), run(4, 4, 9, 'failed'), run(5, 5, 0), run(6, 6, 0)];
    const killed = group('cma', [1, 2, 3, 4]);
    const clean = group('gcma', [5, 6]);
    const oom = new Map([killed, clean].map((g) => [g, groupOom(g, runs)] as const));
    expect(oom.get(killed)).toEqual({ seeds: [2, 3], kills: 194, pooled: 3 });
    expect(groupCaveat('slowdown', oom.get(killed)!)).toBe('194 OOM kills in 2 of 3 runs: their work was skipped, so the background finished early and this mean flatters the group');
    // Latency is not flattered by skipped background work; a clean group is not marked.
    expect(groupCaveat('latencyP99Us', oom.get(killed)!)).toBeNull();
    expect(groupCaveat('slowdown', oom.get(clean)!)).toBeNull();
    expect(groupCaveatNote([killed, clean], ['latencyP99Us', 'slowdown'], oom)).toMatch(/^⚠ cma \(seeds 2, 3: 194 OOM kills\): tasks were OOM-killed .* not comparable/);
    // No note when the slowdown is not shown (or no group had kills).
    expect(groupCaveatNote([killed, clean], ['latencyP99Us'], oom)).toBeNull();
    expect(groupCaveatNote([clean], ['slowdown'], oom)).toBeNull();
  });

  it('compare columns: no bound without GCMA, OOM kills only when some run had one', () => {
    const runWith = (oom: number): RunInfo => ({ id: oom, summary: { ...summary(), vmstat: { ...summary().vmstat, oom_kill: oom } } }) as unknown as RunInfo;
    const ids = (runs: RunInfo[]) => compareColumns(runs).map((m) => m.id);
    expect(ids([runWith(0), runWith(0)])).not.toContain('vmstat.oom_kill');
    expect(ids([runWith(0), runWith(0)])).not.toContain('boundMax');
    expect(ids([runWith(0), runWith(2)])).toContain('vmstat.oom_kill');
    expect(ids([runWith(0), runWith(2)]).slice(0, 3)).toEqual(['success', 'failed', 'p50']);
  });
});

describe('kinds', () => {
  it('give every engine snapshot kind one entry, in order', () => {
    expect(KIND_INFO.map((k) => k.kind)).toEqual([...MAP_KINDS]);
  });
  it('every colour is distinct', () => {
    const set = new Set(KIND_INFO.map((k) => k.colour));
    expect(set.size).toBe(KINDS.length);
  });
  it('packs RGBA for a little-endian ImageData view', () => {
    expect(hexToRgb('#ee3377')).toEqual([0xee, 0x33, 0x77]);
    expect(packRgba(1, 2, 3, 255)).toBe(0xff030201);
  });
});

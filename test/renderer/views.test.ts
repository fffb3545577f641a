import { describe, expect, it } from 'vitest';
import { groupBlocking, formatBlockingRange } from '../../src/renderer/lib/blocking.ts';
import { baselineFirst, defaultBaseline, runLabels, runTraces, scenarioCaveatNote, scenarioCaveats, type LabelManifest } from '../../src/renderer/lib/compare.ts';
import { showEngineColumn } from '../../src/renderer/lib/engine-version.ts';
import { csvCell, runsToCsv } from '../../src/renderer/lib/table-csv.ts';
import { logTick } from '../../src/renderer/components/charts/CdfChart.tsx';
import { seriesFill } from '../../src/renderer/components/charts/SeriesChart.tsx';
import { mibTicks } from '../../src/renderer/components/charts/ticks.ts';
import { memoryLines } from '../../src/renderer/lib/memory-lines.ts';
import { diffCellView, visibleDiffRows } from '../../src/renderer/pages/compare/config-cells.ts';
import { mapsPerRow } from '../../src/renderer/pages/compare/CompareMaps.tsx';
import { counted, logPosition, noBlockerText, rowPaging, workText } from '../../src/renderer/pages/detail/request-text.ts';
import { requestRecord } from '../shared/records.ts';
import type { ConfigDiffRow, TraceIdentity } from '../../src/shared/types.ts';
import { parseHash, href } from '../../src/renderer/app/router.ts';
import type { RunInfo } from '../../src/shared/types.ts';

function run(id: number, policy: string, params: Record<string, number | string | boolean>, seed: number, scenarioName = 'no-swap-pins'): RunInfo {
  return {
    id,
    uuid: `u${id}`,
    name: `${scenarioName} / ${policy} seed ${seed}`,
    status: 'completed',
    createdAt: Date.UTC(2025, 0, 2, 3, 4),
    startedAt: null,
    finishedAt: null,
    lastSeen: null,
    scenarioName,
    policy: { name: policy, version: '1.0.0', hash: 'h' },
    params,
    seed,
    engineVersion: '0.1.0',
    resultHash: null,
    summary: null,
    error: null,
    tags: ['a', 'b'],
    notes: 'say "hi", ok',
  };
}

describe('blocking pfns', () => {
  it('groups by cause, most frequent first, folding consecutive pfns', () => {
    const g = groupBlocking([
      { pfn: 0x3f200, cause: 'long-term GUP pin' },
      { pfn: 0x3f201, cause: 'long-term GUP pin' },
      { pfn: 0x3f202, cause: 'long-term GUP pin' },
      { pfn: 0x100, cause: 'under writeback' },
      { pfn: 0x3f300, cause: 'long-term GUP pin' },
    ]);
    expect(g.map((x) => [x.cause, x.count])).toEqual([
      ['long-term GUP pin', 4],
      ['under writeback', 1],
    ]);
    expect(g[0]!.ranges).toEqual([
      [0x3f200, 0x3f202],
      [0x3f300, 0x3f300],
    ]);
    expect(formatBlockingRange([0x3f200, 0x3f200], 'long-term GUP pin')).toBe('pfn 0x3f200: long-term GUP pin');
    expect(formatBlockingRange([0x3f200, 0x3f202], 'x')).toBe('pfn 0x3f200–0x3f202 (3 pages): x');
  });
});

/** A configuration-diff row of replayed traces, as main's configDiff builds it (display value plus identities). */
function tr(workload: number, traces: (TraceIdentity | null)[]): ConfigDiffRow {
  const values = traces.map((t) => (t ? `${t.count} traced requests${t.from ? ` from ${t.from}` : ''} #${t.hash}` : undefined));
  return { path: `scenario.workloads.${workload}.requests`, values, traces };
}

describe('compare labels', () => {
  it('name only what differs: params within a policy, seeds, presets', () => {
    const runs = [run(1, 'gcma', { ratio: 0.5, batch: 32 }, 1), run(2, 'gcma', { ratio: 1, batch: 32 }, 2), run(3, 'cma-quirks', { preset: 'android', x: true }, 1)];
    expect(runLabels(runs, [{ path: 'seed', values: [1, 2, 1] }])).toEqual(['#1 gcma ratio=0.5 s1', '#2 gcma ratio=1 s2', '#3 cma-quirks android s1']);
  });
  it('adds the scenario when runs differ in it', () => {
    const runs = [run(1, 'gcma', {}, 1, 'a'), run(2, 'gcma', {}, 1, 'b')];
    expect(runLabels(runs, [])).toEqual(['#1 gcma on a', '#2 gcma on b']);
  });
  it('names the trace when runs of one scenario replay different ones', () => {
    const runs = [run(1, 'carveout', {}, 1, 'rpi2-photo-custom'), run(2, 'carveout', {}, 1, 'rpi2-photo-custom')];
    const diff = [
      { path: 'scenario.durationS', values: [60, 2665] },
      { path: 'scenario.workloads.1.from', values: ['camera-v6.txt', 'big.txt'] },
      tr(1, [{ from: 'camera-v6.txt', count: 4, hash: '1a2b3c4d' }, { from: 'big.txt', count: 130_000, hash: '00ff00ff' }]),
    ];
    expect(runLabels(runs, diff)).toEqual(['#1 carveout, trace camera-v6.txt', '#2 carveout, trace big.txt']);
    expect(runTraces(2, diff)).toEqual([['camera-v6.txt'], ['big.txt']]);
    // One file name, two different traces (edited between imports): the hash tells them apart.
    const same = [tr(1, [{ from: 'camera-v6.txt', count: 4, hash: '1a2b3c4d' }, { from: 'camera-v6.txt', count: 5, hash: 'deadbeef' }])];
    expect(runLabels(runs, same)).toEqual(['#1 carveout, trace camera-v6.txt #1a2b3c4d', '#2 carveout, trace camera-v6.txt #deadbeef']);
    // A trace imported without a file name; a run without a trace; other scenarios keep "on <name>".
    const mixed = [run(1, 'carveout', {}, 1, 'a'), run(2, 'carveout', {}, 1, 'b'), run(3, 'gcma', {}, 1, 'a')];
    const partly = [tr(0, [{ count: 1, hash: 'abcdef01' }, null, { from: 'x.txt', count: 2, hash: '12345678' }])];
    expect(runLabels(mixed, partly)).toEqual(['#1 carveout on a, trace #abcdef01', '#2 carveout on b', '#3 gcma on a, trace x.txt']);
    // A trace of two tasks (a row each) is named once.
    const twoTasks = [
      tr(1, [{ from: 'camera-v6.txt', count: 3, hash: '1a2b3c4d' }, null]),
      tr(2, [{ from: 'camera-v6.txt', count: 1, hash: '0badf00d' }, null]),
    ];
    expect(runTraces(2, twoTasks)).toEqual([['camera-v6.txt'], []]);
    // Without a trace row, nothing changes.
    expect(runLabels(runs, [{ path: 'scenario.durationS', values: [60, 120] }])).toEqual(['#1 carveout on rpi2-photo-custom', '#2 carveout on rpi2-photo-custom']);
  });
  it('puts the baseline first', () => {
    expect(baselineFirst([{ id: 1 }, { id: 2 }, { id: 3 }], 2).map((r) => r.id)).toEqual([2, 1, 3]);
  });
  it('opens with the first completed run as the baseline, not a failed one', () => {
    expect(defaultBaseline([{ id: 11, status: 'failed' }, { id: 3, status: 'completed' }])).toBe(3);
    expect(defaultBaseline([{ id: 1, status: 'completed' }, { id: 2, status: 'completed' }])).toBe(1);
    // Nothing completed: the first, as before (every cell is "–" either way).
    expect(defaultBaseline([{ id: 7, status: 'cancelled' }, { id: 8, status: 'failed' }])).toBe(7);
  });
  it('names the engine version when the runs ran on different engines', () => {
    const runs = [run(12, 'gcma', {}, 1), { ...run(3, 'gcma', {}, 1), engineVersion: '0.10.0' }];
    runs[0]!.engineVersion = '0.9.0';
    expect(runLabels(runs, [{ path: 'engineVersion', values: ['0.9.0', '0.10.0'] }])).toEqual(['#12 gcma engine 0.9.0', '#3 gcma engine 0.10.0']);
    // One engine: not named.
    expect(runLabels([run(1, 'gcma', {}, 1), run(2, 'gcma', {}, 2)], [{ path: 'seed', values: [1, 2] }])).toEqual(['#1 gcma s1', '#2 gcma s2']);
  });
  it('names the version of a policy whose runs ran different code, as seed groups do', () => {
    const v = (id: number, version: string, hash: string, seed: number) => ({ ...run(id, 'cma-nopc', {}, seed), policy: { name: 'cma-nopc', version, hash } });
    const diff = [{ path: 'seed', values: [1, 2, 1] }];
    expect(runLabels([v(14, '0.1.0', 'aaaaaaaaaa', 1), v(22, '0.2.0', 'bbbbbbbbbb', 2), run(15, 'mainline-cma', {}, 1)], diff)).toEqual([
      '#14 cma-nopc 0.1.0 s1',
      '#22 cma-nopc 0.2.0 s2',
      '#15 mainline-cma s1',
    ]);
    expect(runLabels([v(1, '0.1.0', '1a2b3c4d5e', 1), v(2, '0.1.0', 'ffeeddccbb', 1)], [])).toEqual(['#1 cma-nopc 0.1.0 #1a2b3c4d', '#2 cma-nopc 0.1.0 #ffeeddcc']);
  });
  it('names a shared value that overrides the preset or the default, given the manifests', () => {
    const gcma: LabelManifest = {
      name: 'gcma',
      version: '1.0.0',
      params: [
        { key: 'ratio', type: 'number', default: 0.5, min: 0, max: 1, description: '' },
        { key: 'sharedLru', type: 'boolean', default: false, description: '' },
      ],
      presets: [
        { name: 'rfc', models: 'RFC', values: { ratio: 1, sharedLru: true } },
        { name: 'android', models: 'Android', values: { sharedLru: false } },
      ],
    };
    // `--sweep gcma.preset=rfc,android --set gcma.ratio=0.3`: both ran with ratio 0.3, which neither preset gives.
    const runs = [run(1, 'gcma', { preset: 'rfc', ratio: 0.3, sharedLru: true }, 1), run(2, 'gcma', { preset: 'android', ratio: 0.3, sharedLru: false }, 1)];
    expect(runLabels(runs, [], [gcma])).toEqual(['#1 gcma rfc ratio=0.3 sharedLru=true', '#2 gcma android ratio=0.3 sharedLru=false']);
    // Without manifests (or for another version of the policy) only what differs among the runs is named.
    expect(runLabels(runs, [])).toEqual(['#1 gcma rfc sharedLru=true', '#2 gcma android sharedLru=false']);
    expect(runLabels(runs, [], [{ ...gcma, version: '2.0.0' }])).toEqual(['#1 gcma rfc sharedLru=true', '#2 gcma android sharedLru=false']);
    // Values the preset or the default gives stay unnamed.
    const plain = [run(3, 'gcma', { preset: 'rfc', ratio: 1, sharedLru: true }, 1), run(4, 'gcma', { ratio: 0.5, sharedLru: false }, 1)];
    expect(runLabels(plain, [], [gcma])).toEqual(['#3 gcma rfc ratio=1 sharedLru=true', '#4 gcma ratio=0.5 sharedLru=false']);
    const defaults = [run(5, 'gcma', { ratio: 0.5, sharedLru: true }, 1), run(6, 'gcma', { ratio: 0.5, sharedLru: true }, 2)];
    expect(runLabels(defaults, [{ path: 'seed', values: [1, 2] }], [gcma])).toEqual(['#5 gcma sharedLru=true s1', '#6 gcma sharedLru=true s2']);
  });
});

describe('compare scenario caveat', () => {
  const runs = [run(18, 'legacy-cma', {}, 1, 'cubox-rfc-v2'), run(14, 'gcma', {}, 1, 'phone-camera'), run(19, 'gcma', {}, 1, 'cubox-rfc-v2')];
  const diff = [{ path: 'scenario.machine.memMiB', values: [800, 8192, 800] }];
  it('marks the runs that ran another scenario or machine than the baseline', () => {
    const c = scenarioCaveats(runs, diff, 18);
    expect([...c.keys()]).toEqual([14]);
    expect(c.get(14)).toBe('ran scenario phone-camera, the baseline cubox-rfc-v2 (8.00 GiB vs 800 MiB of memory): its deltas compare different machines and workloads, not only policies');
    // Against another baseline, the others are the odd ones out.
    expect([...scenarioCaveats(runs, diff, 14).keys()]).toEqual([18, 19]);
    // One scenario name, another machine (a scenario edited by hand).
    const edited = [run(1, 'gcma', {}, 1, 'x'), run(2, 'gcma', {}, 1, 'x')];
    expect(scenarioCaveats(edited, [{ path: 'scenario.machine.regionMiB', values: [64, 128] }], 1).get(2)).toMatch(/^ran x on a different machine than the baseline \(another machine\)/);
    // Same scenario: nothing.
    expect(scenarioCaveats([run(1, 'gcma', {}, 1), run(2, 'carveout', {}, 1)], [], 1).size).toBe(0);
  });
  it('explains the marks under the table', () => {
    const labels = new Map([
      [18, '#18 legacy-cma on cubox-rfc-v2'],
      [14, '#14 gcma on phone-camera'],
      [19, '#19 gcma on cubox-rfc-v2'],
    ]);
    expect(scenarioCaveatNote(scenarioCaveats(runs, diff, 18), labels, 18)).toBe(
      '⚠ #14 gcma on phone-camera ran a different scenario (machine, workloads) than the baseline #18 legacy-cma on cubox-rfc-v2: its deltas compare different machines, not only policies.',
    );
    expect(scenarioCaveatNote(new Map(), labels, 18)).toBeNull();
  });
});

describe('runs table engine column', () => {
  it('shows when the listed runs ran on more than one engine, or not on this one', () => {
    expect(showEngineColumn([{ engineVersion: '0.10.0' }, { engineVersion: '0.10.0' }], '0.10.0')).toBe(false);
    expect(showEngineColumn([{ engineVersion: '0.10.0' }, { engineVersion: '0.9.0' }], '0.10.0')).toBe(true);
    expect(showEngineColumn([{ engineVersion: '0.9.0' }], '0.10.0')).toBe(true);
    expect(showEngineColumn([{ engineVersion: null }, { engineVersion: '0.10.0' }], '0.10.0')).toBe(true);
    // App info not loaded yet: only a mix counts.
    expect(showEngineColumn([{ engineVersion: '0.9.0' }], null)).toBe(false);
    expect(showEngineColumn([], '0.10.0')).toBe(false);
  });
});

describe('table CSV', () => {
  it('quotes per RFC 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
  });
  it('one header and one line per run', () => {
    const csv = runsToCsv([run(1, 'gcma', { ratio: 0.5 }, 1)]);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith('id,name,status')).toBe(true);
    expect(lines[1]).toContain('"{""ratio"":0.5}"');
    expect(lines[1]).toContain('a b');
  });
});

describe('log axis ticks', () => {
  it('labels 1, 2 and 5 of each decade', () => {
    expect(logTick(1000)).toBe('1 ms');
    expect(logTick(20)).toBe('20 µs');
    expect(logTick(2500)).toBe('');
    expect(logTick(500_000)).toBe('500 ms');
    expect(logTick(3000)).toBe('');
    expect(logTick(null)).toBe('');
  });
});

describe('memory charts', () => {
  it('y ticks are round binary units: 0–4 GiB, not 0 B and 4.88 GiB', () => {
    // The live free-memory chart: ~5,000 MiB free, room for 4 labels; the run detail's taller chart has room for 6.
    expect(mibTicks(0, 5250, 4.5)).toEqual([0, 2048, 4096]);
    expect(mibTicks(0, 5250, 6.25)).toEqual([0, 1024, 2048, 3072, 4096, 5120]);
    expect(mibTicks(0, 268.8, 5)).toEqual([0, 64, 128, 192, 256]);
    expect(mibTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('stacked region layers are filled in exactly their key colour', () => {
    const { region } = memoryLines(() => [1], false);
    const anon = region.find((l) => l.label === 'anon')!;
    expect(seriesFill(anon, true)).toBe(anon.colour);
    expect(seriesFill({ colour: '#2563d9', fill: true }, false)).toBe('rgba(37,99,217,0.12)');
    expect(seriesFill({ colour: '#2563d9' }, false)).toBeUndefined();
  });
});

describe('compare configuration differences', () => {
  const diff = [
    { path: 'policy', values: ['legacy-cma', 'gcma', 'gcma'] },
    { path: 'params', values: ['{}', undefined, '{}'] },
    { path: 'params.ratio', values: [undefined, 0.5, undefined] },
    { path: 'params.preset', values: [undefined, 'rfc', undefined] },
  ];
  const runs = [run(1, 'legacy-cma', {}, 1), run(2, 'gcma', { ratio: 0.5, preset: 'rfc' }, 1), run(3, 'gcma', {}, 1)];
  it('drop the "{}" marker row: the params rows already say which runs use defaults', () => {
    expect(visibleDiffRows(diff).map((d) => d.path)).toEqual(['policy', 'params.ratio', 'params.preset']);
  });
  it('an unset parameter reads "default" for its own policy and "–" where the policy has no such field', () => {
    const ratio = diff[2]!;
    expect(diffCellView(ratio, runs, 0)).toEqual({ text: '–', absent: true });
    expect(diffCellView(ratio, runs, 1)).toEqual({ text: '0.5', absent: false });
    expect(diffCellView(ratio, runs, 2)).toEqual({ text: 'default', absent: true });
    expect(diffCellView(diff[3]!, runs, 2)).toEqual({ text: 'none', absent: true });
  });
});

describe('compare memory maps', () => {
  it('big machines get a row each instead of a thin strip at half width', () => {
    expect(mapsPerRow(2, [512, 512])).toBe(2);
    expect(mapsPerRow(2, [512, 4096])).toBe(1);
    expect(mapsPerRow(1, [512])).toBe(1);
  });
});

describe('request drill-down', () => {
  it('counts agree with their number', () => {
    expect(counted(1, 'candidate range')).toBe('1 candidate range');
    expect(counted(2, 'retry', 'retries')).toBe('2 retries');
    expect(workText(requestRecord({ id: 1, candidates: 1, migrated: 1, retries: 1 }))).toBe('1 candidate range tried, 1 page migrated, 0 dropped, 0 written back, 1 retry');
  });
  it('a slow request without a blocker says what its time went to', () => {
    expect(noBlockerText(requestRecord({ id: 1, migrated: 502, dropped: 6 }))).toBe('no blocker: the time went to emptying the range, 502 pages migrated, 6 clean pages dropped');
    expect(noBlockerText(requestRecord({ id: 1 }))).toBe('no blocker: the range was already free, the time is the allocation itself');
    expect(noBlockerText(requestRecord({ id: 1, ok: false }))).toBe('nothing: no pfn in the range refused to move');
  });
  it('the table says how many rows are not listed, not how many are scrolled out of view', () => {
    expect(rowPaging(256, 200, 1000)).toEqual({ shown: 200, more: 'Show the other 56' });
    expect(rowPaging(3000, 200, 1000)).toEqual({ shown: 200, more: 'Show 1,000 more (2,800 not listed yet)' });
    expect(rowPaging(150, 200, 1000)).toEqual({ shown: 150, more: null });
  });
  it('latency bars share one log scale, so equal latency and bound still differ between requests', () => {
    expect(logPosition(1000, 500, 32_000_000)).toBeCloseTo(Math.log(2) / Math.log(64_000));
    expect(logPosition(32_000_000, 500, 32_000_000)).toBe(1);
    expect(logPosition(0, 500, 32_000_000)).toBe(0);
  });
});

describe('routes', () => {
  it('parse and build the same hashes', () => {
    expect(parseHash('')).toEqual({ page: 'new' });
    expect(parseHash(href.run(12))).toEqual({ page: 'run', id: 12 });
    expect(parseHash(href.compare([3, 4]))).toEqual({ page: 'compare', ids: [3, 4] });
    expect(parseHash(href.new(5))).toEqual({ page: 'new', from: 5 });
    expect(parseHash('#/nope')).toEqual({ page: 'notfound', path: '/nope' });
  });
});

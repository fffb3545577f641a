import { describe, expect, it } from 'vitest';
import { groupBlocking, formatBlockingRange } from '../../src/renderer/lib/blocking.ts';
import { baselineFirst, runLabels } from '../../src/renderer/lib/compare.ts';
import { csvCell, runsToCsv } from '../../src/renderer/lib/table-csv.ts';
import { logTick } from '../../src/renderer/components/charts/CdfChart.tsx';
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

describe('compare labels', () => {
  it('name only what differs: params within a policy, seeds, presets', () => {
    const runs = [run(1, 'gcma', { ratio: 0.5, batch: 32 }, 1), run(2, 'gcma', { ratio: 1, batch: 32 }, 2), run(3, 'cma-quirks', { preset: 'android', x: true }, 1)];
    expect(runLabels(runs, [{ path: 'seed', values: [1, 2, 1] }])).toEqual(['#1 gcma ratio=0.5 s1', '#2 gcma ratio=1 s2', '#3 cma-quirks android s1']);
  });
  it('adds the scenario when runs differ in it', () => {
    const runs = [run(1, 'gcma', {}, 1, 'a'), run(2, 'gcma', {}, 1, 'b')];
    expect(runLabels(runs, [])).toEqual(['#1 gcma on a', '#2 gcma on b']);
  });
  it('puts the baseline first', () => {
    expect(baselineFirst([{ id: 1 }, { id: 2 }, { id: 3 }], 2).map((r) => r.id)).toEqual([2, 1, 3]);
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

describe('routes', () => {
  it('parse and build the same hashes', () => {
    expect(parseHash('')).toEqual({ page: 'new' });
    expect(parseHash(href.run(12))).toEqual({ page: 'run', id: 12 });
    expect(parseHash(href.compare([3, 4]))).toEqual({ page: 'compare', ids: [3, 4] });
    expect(parseHash(href.new(5))).toEqual({ page: 'new', from: 5 });
    expect(parseHash('#/nope')).toEqual({ page: 'notfound', path: '/nope' });
  });
});

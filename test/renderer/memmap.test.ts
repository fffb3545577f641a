import { describe, expect, it } from 'vitest';
import { binMigratetypes, gridShape, makePalette, migratetypeTotals, paintMap, pfnsToPageblocks, rangeOutline, snapshotAt, kindTotals } from '../../src/renderer/lib/memmap.ts';
import { packRgba } from '../../src/renderer/lib/kinds.ts';

describe('memory-map grid', () => {
  it('uses power-of-two columns about twice the rows', () => {
    expect(gridShape(8192)).toEqual({ cols: 128, rows: 64 });
    expect(gridShape(4096)).toEqual({ cols: 128, rows: 32 });
    expect(gridShape(400)).toEqual({ cols: 32, rows: 13 });
    expect(gridShape(1)).toEqual({ cols: 8, rows: 1 });
  });
  it('maps pfn ranges to covering pageblocks', () => {
    expect(pfnsToPageblocks(0x3f200, 1, 512)).toEqual([0x1f9, 0x1fa]);
    expect(pfnsToPageblocks(1024, 1024, 512)).toEqual([2, 4]);
  });
  it('finds the snapshot at or before a time', () => {
    const t = [0, 10, 20, 30];
    expect(snapshotAt(t, -5)).toBe(0);
    expect(snapshotAt(t, 10)).toBe(1);
    expect(snapshotAt(t, 29)).toBe(2);
    expect(snapshotAt(t, 99)).toBe(3);
    expect(snapshotAt([], 1)).toBe(-1);
  });
});

describe('range outline', () => {
  it('one row is one rectangle', () => {
    expect(rangeOutline(2, 5, 8)).toEqual([[[2, 0], [5, 0], [5, 1], [2, 1]]]);
  });
  it('a wrap without overlap is two rectangles', () => {
    expect(rangeOutline(6, 9, 8)).toEqual([
      [[6, 0], [8, 0], [8, 1], [6, 1]],
      [[0, 1], [1, 1], [1, 2], [0, 2]],
    ]);
  });
  it('a staircase is one polygon; aligned ends drop degenerate corners', () => {
    expect(rangeOutline(3, 21, 8)).toEqual([[[3, 0], [8, 0], [8, 2], [5, 2], [5, 3], [0, 3], [0, 1], [3, 1]]]);
    // Whole rows 1..2: a plain rectangle after dropping repeated corners.
    expect(rangeOutline(8, 24, 8)).toEqual([[[0, 1], [8, 1], [8, 3], [0, 3]]]);
  });
});

describe('paintMap', () => {
  const pal = makePalette([[0, 0, 0], [255, 0, 0], [0, 0, 255]], [9, 9, 9]);
  // 3 pageblocks x 3 kinds: all free; 2 red 1 blue; 1 blue only.
  const data = new Uint16Array([4, 0, 0, 0, 2, 1, 3, 0, 1]);
  it('dominant picks the most common kind, ties to the rarer later kind', () => {
    const out = new Uint32Array(4);
    paintMap(data, 3, 3, pal, 'dominant', 0, out);
    expect(out[0]).toBe(packRgba(0, 0, 0));
    expect(out[1]).toBe(packRgba(255, 0, 0));
    expect(out[2]).toBe(packRgba(0, 0, 0));
    expect(out[3]).toBe(pal.empty);
    const tie = new Uint16Array([0, 2, 2]);
    const o2 = new Uint32Array(1);
    paintMap(tie, 3, 1, pal, 'dominant', 0, o2);
    expect(o2[0]).toBe(packRgba(0, 0, 255));
  });
  it('blend averages by page count', () => {
    const out = new Uint32Array(3);
    paintMap(data, 3, 3, pal, 'blend', 0, out);
    expect(out[1]).toBe(packRgba(170, 0, 85));
  });
  it('heat shows any page of the focus kind', () => {
    const out = new Uint32Array(3);
    paintMap(data, 3, 3, pal, 'heat', 2, out);
    expect(out[0]).toBe(packRgba(0, 0, 0));
    expect(out[2]).not.toBe(packRgba(0, 0, 0));
  });
  it('totals sum by kind', () => {
    expect(kindTotals(data, 3)).toEqual([7, 2, 2]);
  });
  it('paints every pageblock of a 16 GiB machine and blanks the grid past the last', () => {
    // How fast is measured by npm run bench (bench-ui), not here.
    const kinds = 13;
    const pbs = 8192 - 5;
    const big = new Uint16Array(pbs * kinds);
    for (let pb = 0; pb < pbs; pb++) big[pb * kinds + (pb % kinds)] = 512;
    const p = makePalette(Array.from({ length: kinds }, (_, i) => [i * 10, 255 - i * 10, i * 5] as [number, number, number]), [1, 2, 3]);
    const out = new Uint32Array(128 * 64);
    paintMap(big, kinds, pbs, p, 'dominant', 0, out);
    for (const pb of [0, 1, 4000, pbs - 1]) expect(out[pb]).toBe(p.packed[pb % kinds]);
    expect(out.subarray(pbs)).toEqual(new Uint32Array(5).fill(p.empty));
  });
});

describe('migratetype colouring', () => {
  // 4 pageblocks x 2 kinds, then one migratetype per pageblock (0 UNMOVABLE, 1 MOVABLE, 3 CMA, 4 ISOLATE).
  const types = ['UNMOVABLE', 'MOVABLE', 'RECLAIMABLE', 'CMA', 'ISOLATE'];
  const snap = new Uint16Array([512, 0, 0, 512, 100, 412, 512, 0, /* migratetypes */ 1, 0, 3, 4]);
  const pal = makePalette(types.map((_, i) => [i * 50, 0, 0] as [number, number, number]), [9, 9, 9]);
  it('paints each pageblock by the migratetype after the counts, not by its content', () => {
    const out = new Uint32Array(6);
    paintMap(snap, 2, 4, pal, 'migratetype', 0, out);
    expect([...out.subarray(0, 4)]).toEqual([pal.packed[1], pal.packed[0], pal.packed[3], pal.packed[4]]);
    expect(out[4]).toBe(pal.empty);
  });
  it('paints snapshots without migratetypes (engines before 0.12.0) as empty, not as UNMOVABLE', () => {
    const out = new Uint32Array(4);
    paintMap(snap.subarray(0, 8), 2, 4, pal, 'migratetype', 0, out);
    expect([...out]).toEqual(new Array(4).fill(pal.empty));
  });
  it('counts pageblocks per migratetype', () => {
    expect(migratetypeTotals(snap, 2, 4, 5)).toEqual([1, 1, 0, 1, 1]);
    expect(migratetypeTotals(snap.subarray(0, 8), 2, 4, 5)).toEqual([0, 0, 0, 0, 0]);
  });
  it('bins pageblocks by migratetype for the address x time view', () => {
    // Two bins: pageblocks 0-1 (MOVABLE, UNMOVABLE), 2-3 (CMA, ISOLATE).
    expect([...binMigratetypes(snap, 2, 4, 5, 2)]).toEqual([1, 1, 0, 0, 0, /* bin 1 */ 0, 0, 0, 1, 1]);
  });
});

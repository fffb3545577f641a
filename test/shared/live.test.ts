import { describe, expect, it } from 'vitest';
import { LiveBuffer } from '../../src/shared/live.ts';
import type { RequestRecord, SampleRow } from '../../src/shared/types.ts';
import { requestRecord } from './records.ts';

const row = (i: number): SampleRow => ({ tNs: i * 1e9, values: { free_pages: i } });
const req = (id: number): RequestRecord =>
  requestRecord({
    id,
    startNs: id * 1e6,
    endNs: id * 1e6 + 500,
    latencyNs: 500,
    ok: id % 5 !== 0,
    reason: id % 5 !== 0 ? null : '-EBUSY',
  });
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('LiveBuffer', () => {
  it('keeps every row up to the cap, then thins to every 2^k-th row and always keeps the newest', () => {
    const b = new LiveBuffer(10, 100);
    b.push(range(0, 10).map(row));
    expect(b.data()).toMatchObject({ rowStride: 1, droppedRequests: 0 });
    expect(b.rows().map((r) => r.tNs / 1e9)).toEqual(range(0, 10));
    b.push([row(10)]);
    // 11 > 10: every second row goes; the run's start stays.
    expect(b.data().rowStride).toBe(2);
    expect(b.rows().map((r) => r.tNs / 1e9)).toEqual([0, 2, 4, 6, 8, 10]);
    b.push([row(11)]);
    expect(b.rows().map((r) => r.tNs / 1e9)).toEqual([0, 2, 4, 6, 8, 10, 11]);
    b.push(range(12, 1000).map(row));
    const t = b.rows().map((r) => r.tNs / 1e9);
    expect(t.length).toBeLessThanOrEqual(11);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBe(999);
    // Evenly spaced except the newest.
    const stride = b.data().rowStride;
    expect(t.slice(0, -1).every((x) => x % stride === 0)).toBe(true);
    expect(b.rowCount).toBe(1000);
  });

  it('keeps the newest requests within the cap and counts the dropped', () => {
    const b = new LiveBuffer(10, 5);
    b.push([], range(1, 4).map(req));
    b.push([], range(4, 9).map(req));
    expect(b.requests().map((r) => r.id)).toEqual([4, 5, 6, 7, 8]);
    expect(b.data().droppedRequests).toBe(3);
    expect(b.requestCount).toBe(8);
  });

  it('folds in a snapshot of what it missed without duplicates', () => {
    const b = new LiveBuffer(100, 100);
    b.push(range(5, 8).map(row), range(4, 6).map(req));
    b.mergeEarlier({ rows: range(0, 6).map(row), requests: range(1, 5).map(req), rowStride: 1, droppedRequests: 0 });
    expect(b.rows().map((r) => r.tNs / 1e9)).toEqual(range(0, 8));
    expect(b.requests().map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });
});

import { describe, expect, it } from 'vitest';
import { createProgress, createProgressBoard, formatWall, progressLine } from '../../src/cli/progress.ts';

describe('progress', () => {
  it('formats bar, virtual time, rate and ETA', () => {
    const line = progressLine(
      { virtualNs: 30e9, totalNs: 60e9, fraction: 30e9 / 60e9, events: 200_000, phase: 'main' },
      { label: 'x', overall: 0.5, elapsedMs: 4000, phaseElapsedMs: 2000, bar: true },
    );
    expect(line).toBe('x [############............]  50% main  30 s virtual (limit 60 s)  100k ev/s  ETA 4.0 s');
  });

  it('weights phases: the second phase starts at 50%', () => {
    const writes: string[] = [];
    let t = 0;
    const p = createProgress({ isTTY: true, write: (s) => writes.push(s) }, () => (t += 500), { phases: 2 });
    p.onProgress({ virtualNs: 10, totalNs: 10, fraction: 10 / 10, events: 1, phase: 'baseline' });
    p.onProgress({ virtualNs: 0, totalNs: 10, fraction: 0 / 10, events: 1, phase: 'main' });
    expect(writes[0]).toMatch(/\]  50% baseline 1\/2 /);
    expect(writes[1]).toMatch(/\]  50% main 2\/2 /);
    p.finish();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('prints plain lines at most every 5 s when not a TTY', () => {
    const writes: string[] = [];
    let t = 0;
    const p = createProgress({ isTTY: false, write: (s) => writes.push(s) }, () => t, { phases: 1 });
    for (let i = 0; i < 20; i++) {
      t += 1000;
      p.onProgress({ virtualNs: i, totalNs: 20, fraction: i / 20, events: i, phase: 'main' });
    }
    p.finish();
    expect(writes).toHaveLength(5);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('['))).toBe(true);
    expect(writes.at(-1)).toBe('done in 20 s\n');
    expect(formatWall(400)).toBe('0.4 s');
    expect(formatWall(185_000)).toBe('3 min 05 s');
  });

  it('several runs on a terminal: the oldest owns the line, the next takes it over when it ends', () => {
    const writes: string[] = [];
    let t = 0;
    const board = createProgressBoard({ isTTY: true, write: (s) => writes.push(s) }, () => (t += 500));
    const p = (f: number) => ({ virtualNs: f * 10, totalNs: 10, fraction: f, events: 1, phase: 'main' as const });
    board.start(1, { label: 'a', phases: 1 });
    board.start(2, { label: 'b', phases: 1 });
    board.onProgress(2, p(0.5));
    board.onProgress(1, p(0.25));
    expect(writes).toEqual([expect.stringMatching(/^\ra \[.*25% main/)]);
    board.finish(2);
    expect(writes).toHaveLength(1);
    board.finish(1);
    expect(writes.at(-1)).toBe('\r\x1b[K');
    board.start(3, { label: 'c', phases: 1 });
    board.onProgress(3, p(0.75));
    expect(writes.at(-1)).toMatch(/^\rc \[.*75% main/);
  });

  it('several runs in a log: each writes its own labelled lines', () => {
    const writes: string[] = [];
    let t = 0;
    const board = createProgressBoard({ isTTY: false, write: (s) => writes.push(s) }, () => (t += 6000));
    board.start(1, { label: 'a', phases: 1 });
    board.start(2, { label: 'b', phases: 1 });
    board.onProgress(2, { virtualNs: 5, totalNs: 10, fraction: 0.5, events: 1, phase: 'main' });
    board.finish(2);
    board.finish(1);
    expect(writes.map((w) => w.split(' ')[0])).toEqual(['b', 'b', 'a']);
  });
});

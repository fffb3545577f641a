import { describe, expect, it } from 'vitest';
import { createProgress, formatWall, progressLine } from '../../src/cli/progress.ts';

describe('progress', () => {
  it('formats bar, virtual time, rate and ETA', () => {
    const line = progressLine(
      { virtualNs: 30e9, totalNs: 60e9, fraction: 30e9 / 60e9, events: 200_000, phase: 'main' },
      { label: 'x', overall: 0.5, elapsedMs: 4000, phaseElapsedMs: 2000, bar: true },
    );
    expect(line).toBe('x [############............]  50% main  30 s / 60 s virtual  100k ev/s  ETA 4.0 s');
  });

  it('weights phases: the second phase starts at 50%', () => {
    const writes: string[] = [];
    let t = 0;
    const p = createProgress({ isTTY: true, write: (s) => writes.push(s) }, () => (t += 500), { phases: 2 });
    p.onProgress({ virtualNs: 10, totalNs: 10, fraction: 10 / 10, events: 1, phase: 'baseline' });
    p.onProgress({ virtualNs: 0, totalNs: 10, fraction: 0 / 10, events: 1, phase: 'main' });
    expect(writes[0]).toMatch(/\]  50% baseline/);
    expect(writes[1]).toMatch(/\]  50% main/);
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
});

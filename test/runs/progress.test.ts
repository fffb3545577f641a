import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../src/main/runs/progress.ts';

const at = (phase: 'baseline' | 'main', fraction: number, events: number) => ({ phase, fraction, events, virtualNs: 0, totalNs: 1 });

describe('progress tracker', () => {
  it('gives a real rate from the first report of each phase, counting from when the phase began', () => {
    const t = new ProgressTracker(1, 2, 1000);
    // 2 s in, the first report of the first phase: 4M events since the run started.
    const first = t.update(at('baseline', 0.5, 4e6), 3000);
    expect(first.eventsPerS).toBeCloseTo(2e6);
    t.update(at('baseline', 1, 8e6), 5000);
    // The main phase began at the last baseline report (5 s); its first report comes 1 s later.
    const main = t.update(at('main', 0.1, 3e6), 6000);
    expect(main.eventsPerS).toBeCloseTo(3e6);
    expect(main.fraction).toBeCloseTo(0.55);
    expect(main.elapsedS).toBeCloseTo(5);
  });
});

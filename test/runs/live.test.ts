/*
 * Live data from worker to manager: batched messages, the onLive event and
 * the per-run buffer a late subscriber reads (fake runner; the real engine's
 * stream is checked in engine-integration.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { RunLiveEvent } from '../../src/main/runs/index.ts';
import { useFakeManager } from './fake-manager.ts';

const { store: currentStore, make, input } = useFakeManager();

describe('live data', () => {
  it('streams every row and request of the main phase in a few batches, equal to the stored result', async () => {
    const m = make({ liveIntervalMs: 200 });
    const batches: RunLiveEvent[] = [];
    let statusAtLast: string | null = null;
    m.onLive((e) => batches.push(e));
    m.onStatus((e) => {
      if (e.status === 'completed') statusAtLast = `${batches.length}`;
    });
    const id = m.submit(input({ wallMs: 1600, samples: 4000 }));
    expect((await m.wait(id)).status).toBe('completed');

    const rows = batches.flatMap((b) => b.rows);
    const requests = batches.flatMap((b) => b.requests);
    expect(batches.every((b) => b.runId === id)).toBe(true);
    const series = currentStore().runs.series(id)!;
    expect(rows.map((r) => r.tNs)).toEqual(series.t);
    expect(rows.map((r) => r.values['nr_free_pages'])).toEqual(series.columns['nr_free_pages']);
    expect(requests).toEqual(currentStore().runs.requests(id));
    // 4,000 rows over ~800 ms of main phase: a handful of messages, not one per sample.
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThanOrEqual(10);
    // The last batch arrives before the run completes.
    expect(statusAtLast).toBe(String(batches.length));
    // The buffer goes with the run.
    expect(m.liveData(id)).toBeNull();
  });

  it('reports the main phase before its first samples, not at the next progress report of the engine', async () => {
    const m = make({ progressIntervalMs: 60_000, liveIntervalMs: 0 });
    const seen: string[] = [];
    m.onProgress((p) => seen.push(`progress ${p.phase} ${p.fraction}`));
    m.onLive(() => {
      if (seen.at(-1) !== 'live') seen.push('live');
    });
    const id = m.submit(input({ wallMs: 400 }));
    expect((await m.wait(id)).status).toBe('completed');
    // The first (throttled) report is of the baseline; the main phase is announced, at half the run, before its data.
    expect(seen.slice(0, 3)).toEqual(['progress baseline 0.025', 'progress main 0.5', 'live']);
  });

  it('keeps a bounded buffer of the running run for a late subscriber', async () => {
    const m = make({ liveIntervalMs: 0, liveMaxRows: 50, liveMaxRequests: 20 });
    const id = m.submit(input({ wallMs: 4000, samples: 1000 }));
    // Wait until well into the main phase.
    let seen = 0;
    await new Promise<void>((resolve) => {
      const sub = m.onLive((e) => {
        seen += e.rows.length;
        if (seen >= 600) {
          sub.dispose();
          resolve();
        }
      });
    });
    const data = m.liveData(id)!;
    expect(data.rows.length).toBeLessThanOrEqual(51);
    expect(data.rowStride).toBeGreaterThan(1);
    // Thinned, not scrolled: it still starts at the run's first sample.
    expect(data.rows[0]!.tNs).toBe(1e6);
    const t = data.rows.map((r) => r.tNs);
    expect(t).toEqual([...t].sort((a, b) => a - b));
    expect(data.requests.length).toBeLessThanOrEqual(20);
    expect(data.requests.length + data.droppedRequests).toBeGreaterThan(0);
    m.cancel(id);
    expect((await m.wait(id)).status).toBe('cancelled');
    expect(m.liveData(id)).toBeNull();
  });

  it('sends nothing when live data is off, and a disposed subscription hears nothing', async () => {
    const m = make({ liveIntervalMs: null });
    let events = 0;
    m.onLive(() => events++);
    const id = m.submit(input());
    expect(m.active().running).toEqual([id]);
    expect(m.liveData(id)).toBeNull();
    await m.wait(id);
    expect(events).toBe(0);

    const m2 = make({ liveIntervalMs: 50 });
    let heard = 0;
    m2.onLive(() => heard++).dispose();
    expect((await m2.wait(m2.submit(input({}, 2)))).status).toBe('completed');
    expect(heard).toBe(0);
  });
});

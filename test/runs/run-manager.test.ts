import { describe, expect, it } from 'vitest';
import { formatProgressLine, type RunProgressInfo, type RunStatusEvent } from '../../src/main/runs/index.ts';
import { syntheticScenario } from '../fixtures/store/synthetic.ts';
import { ENGINE_VERSION } from '../../src/engine/version.ts';
import { useFakeManager } from './fake-manager.ts';

const { store: currentStore, make, input } = useFakeManager();

describe('RunManager', () => {
  it('runs in a worker, reports progress and status, stores everything', async () => {
    const m = make({ progressIntervalMs: 10 });
    const statuses: RunStatusEvent[] = [];
    const progress: RunProgressInfo[] = [];
    m.onStatus((e) => statuses.push(e));
    m.onProgress((p) => progress.push(p));
    const id = m.submit(input({ wallMs: 600 }), { tags: ['t1'] });
    const out = await m.wait(id);
    expect(out).toMatchObject({ runId: id, status: 'completed', error: null });
    expect(statuses.map((s) => s.status)).toEqual(['queued', 'running', 'completed']);

    expect(progress.length).toBeGreaterThan(3);
    const fr = progress.map((p) => p.fraction);
    expect(fr).toEqual([...fr].sort((a, b) => a - b));
    expect(fr[fr.length - 1]).toBeGreaterThan(0.9);
    expect(progress.some((p) => p.phase === 'baseline') && progress.some((p) => p.phase === 'main')).toBe(true);
    const late = progress[progress.length - 2]!;
    expect(late.eventsPerS).toBeGreaterThan(0);
    expect(late.etaS).not.toBeNull();
    expect(formatProgressLine(late)).toMatch(new RegExp(`^run ${id} \\[main\\] +\\d+\\.\\d% .* ev/s  elapsed \\d+:\\d\\d  ETA \\d+:\\d\\d$`));

    const run = currentStore().runs.mustGet(id);
    expect(run).toMatchObject({ status: 'completed', resultHash: out.resultHash, tags: ['t1'], policy: { name: 'fake-policy', version: '0.0.1' } });
    expect(run.scenario).toEqual(syntheticScenario());
    expect(currentStore().runs.requests(id)).toHaveLength(50);
    expect(currentStore().runs.snapshotTimes(id)).toHaveLength(2);
    expect(currentStore().runs.snapshot(id, 1)!.data.length).toBe(512 * (5 + 1)); // kind counts, then one migratetype per pageblock
  });

  it('rerun reproduces the result hash from the stored inputs', async () => {
    const m = make();
    const a = m.submit(input({ knob: 7 }, 42));
    const first = await m.wait(a);
    const b = m.rerun(a);
    const second = await m.wait(b);
    expect(second.status).toBe('completed');
    expect(second.resultHash).toBe(first.resultHash);
    const rb = currentStore().runs.mustGet(b);
    expect(rb.name).toMatch(new RegExp(`rerun of ${a}\\)$`));
    expect(rb).toMatchObject({ seed: 42, params: { knob: 7 } });
    // A different seed gives a different hash (the test would be vacuous otherwise).
    const c = m.submit(input({ knob: 7 }, 43));
    expect((await m.wait(c)).resultHash).not.toBe(first.resultHash);
  });

  it('never runs more than poolSize at once and never on the calling thread', async () => {
    const m = make({ poolSize: 2 });
    let running = 0;
    let peak = 0;
    m.onStatus((e) => {
      if (e.status === 'running') peak = Math.max(peak, ++running);
      else if (e.status !== 'queued') running--;
    });
    const ids = [1, 2, 3, 4, 5].map((s) => m.submit(input({ wallMs: 200 }, s)));
    expect(m.active().queued.length).toBe(3);
    // The caller's thread is free while runs are in flight.
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    expect(performance.now() - t0).toBeLessThan(150);
    const outs = await Promise.all(ids.map((id) => m.wait(id)));
    expect(outs.every((o) => o.status === 'completed')).toBe(true);
    expect(peak).toBe(2);
  });

  it('cancel: a running run stops at the next check, a queued one never starts', async () => {
    const m = make({ poolSize: 1, progressIntervalMs: 0 });
    const a = m.submit(input({ wallMs: 20_000 }));
    const b = m.submit(input({ wallMs: 20_000 }, 2));
    await new Promise<void>((resolve) => {
      const sub = m.onProgress((p) => {
        if (p.runId === a) {
          sub.dispose();
          resolve();
        }
      });
    });
    expect(m.cancel(b)).toBe(true);
    expect(m.cancel(a)).toBe(true);
    const [oa, ob] = await Promise.all([m.wait(a), m.wait(b)]);
    expect(oa).toMatchObject({ status: 'cancelled', error: null });
    expect(ob.status).toBe('cancelled');
    expect(currentStore().runs.mustGet(a)).toMatchObject({ status: 'cancelled', summary: null });
    expect(currentStore().runs.mustGet(b).startedAt).toBeNull();
    expect(m.cancel(a)).toBe(false);
  });

  it('a worker exception fails that run with message and stack; the others complete', async () => {
    const m = make();
    const bad = m.submit(input({ mode: 'throw' }));
    const good = m.submit(input({}, 5));
    const [ob, og] = await Promise.all([m.wait(bad), m.wait(good)]);
    expect(ob.status).toBe('failed');
    expect(ob.error!.message).toBe('policy fake-policy exploded in allocContig');
    expect(ob.error!.stack).toMatch(/TypeError: policy fake-policy exploded[\s\S]*fake-runner\.ts/);
    expect(currentStore().runs.mustGet(bad).error).toEqual(ob.error);
    expect(og.status).toBe('completed');
  });

  it('watchdog: a hung run is terminated and failed', async () => {
    const m = make({ watchdogS: 1 });
    const id = m.submit(input({ mode: 'hang' }));
    const out = await m.wait(id);
    expect(out).toMatchObject({ status: 'failed', error: { message: 'watchdog timeout after 1 s' } });
    expect(currentStore().runs.mustGet(id).error?.message).toBe('watchdog timeout after 1 s');
  });

  it('cancel of a run that ignores the flag terminates it after the grace period', async () => {
    const m = make({ cancelGraceMs: 300 });
    const id = m.submit(input({ mode: 'hang' }));
    await new Promise((r) => setTimeout(r, 500));
    m.cancel(id);
    const out = await m.wait(id);
    expect(out.status).toBe('cancelled');
    expect(out.error?.message).toMatch(/did not stop within 300 ms/);
  });

  it('out of memory: the worker dies at its heap limit, the run fails clearly, the manager goes on', async () => {
    const m = make({ maxOldGenerationSizeMb: 48 });
    const id = m.submit(input({ mode: 'oom' }));
    const out = await m.wait(id);
    expect(out.status).toBe('failed');
    expect(out.error!.message).toMatch(/ran out of memory.*48 MB heap limit/);
    const next = m.submit(input({}, 9));
    expect((await m.wait(next)).status).toBe('completed');
  });

  it('a worker that exits on its own fails its run', async () => {
    const m = make();
    const id = m.submit(input({ mode: 'exit' }));
    const out = await m.wait(id);
    expect(out).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/exited unexpectedly \(exit code 3\)/) } });
  });

  it('heartbeats keep last_seen fresh while a run is going', async () => {
    const m = make({ heartbeatMs: 50 });
    const id = m.submit(input({ wallMs: 800 }));
    await new Promise((r) => setTimeout(r, 400));
    const seen = currentStore().runs.mustGet(id).lastSeen!;
    expect(Date.now() - seen).toBeLessThan(300);
    expect(currentStore().runs.statusOf(id)).toBe('running');
    await m.wait(id);
  });

  it('unknown policy is refused at submit; a throwing listener does not hurt', async () => {
    const m = make();
    expect(() => m.submit({ ...input(), policy: 'nope' })).toThrow(/unknown policy "nope"/);
    expect(currentStore().runs.count()).toBe(0);
    m.onStatus(() => {
      throw new Error('listener bug');
    });
    const id = m.submit(input());
    expect((await m.wait(id)).status).toBe('completed');
  });

  it('every run carries the engine version from submit on, whatever its end', async () => {
    const m = make({ poolSize: 1, progressIntervalMs: 0 });
    const failed = m.submit(input({ mode: 'throw' }));
    const done = m.submit(input({}, 2));
    const running = m.submit(input({ wallMs: 20_000 }, 3));
    const queued = m.submit(input({}, 4));
    // Recorded at submit: a queued run already has it.
    expect(currentStore().runs.mustGet(queued)).toMatchObject({ status: 'queued', engineVersion: ENGINE_VERSION, summary: null });
    expect(m.cancel(queued)).toBe(true);
    await Promise.all([m.wait(failed), m.wait(done)]);
    await new Promise<void>((resolve) => {
      const sub = m.onProgress((p) => {
        if (p.runId === running) (sub.dispose(), resolve());
      });
    });
    m.cancel(running);
    await m.wait(running);
    expect([failed, done, running, queued].map((id) => [currentStore().runs.statusOf(id), currentStore().runs.mustGet(id).engineVersion])).toEqual([
      ['failed', ENGINE_VERSION],
      ['completed', ENGINE_VERSION],
      ['cancelled', ENGINE_VERSION],
      ['cancelled', ENGINE_VERSION],
    ]);
    // Completion keeps it (the summary's, from the same engine).
    expect(currentStore().runs.mustGet(done).summary!.engineVersion).toBe(ENGINE_VERSION);
    // And so do runs the manager interrupts on shutdown.
    const interrupted = m.submit(input({ wallMs: 20_000 }, 5));
    await new Promise((r) => setTimeout(r, 300));
    await m.dispose();
    expect(currentStore().runs.mustGet(interrupted)).toMatchObject({ status: 'interrupted', engineVersion: ENGINE_VERSION });
  });

  it('dispose interrupts running runs and cancels queued ones', async () => {
    const m = make({ poolSize: 1 });
    const a = m.submit(input({ wallMs: 20_000 }));
    const b = m.submit(input({ wallMs: 20_000 }, 2));
    await new Promise((r) => setTimeout(r, 300));
    await m.dispose();
    expect(currentStore().runs.statusOf(a)).toBe('interrupted');
    expect(currentStore().runs.statusOf(b)).toBe('cancelled');
    expect(() => m.submit(input())).toThrow(/shut down/);
  });
});

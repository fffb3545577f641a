/*
 * The run manager with its default runner: the real engine and the built-in
 * policies in worker threads, persisted, rerun, exported and re-imported.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runsCommand } from '../../src/cli/commands/runs.ts';
import { runSimulation } from '../../src/engine/run.ts';
import type { RunInput } from '../../src/engine/result.ts';
import { parseScenario } from '../../src/engine/scenario/schema.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { RunManager, type RunLiveEvent } from '../../src/main/runs/index.ts';
import { openStore, type WorkbenchStore } from '../../src/main/store/index.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const tmp = tempDirs();
let store: WorkbenchStore | null = null;
let manager: RunManager | null = null;
afterEach(async () => {
  await manager?.dispose();
  store?.close();
  manager = null;
  store = null;
  tmp.cleanup();
});

const scenario = parseScenario({
  name: 'tiny-archive',
  // A toy machine: a real x86 kernel image (32 MiB) would not fit, so none is reserved.
    machine: { platform: 'x86-vm', memMiB: 32, regionMiB: 8, pageblockOrder: 9, swap: { device: 'storage', sizeMiB: 16 }, kernelReservedMiB: 0 },
  durationS: 40,
  sampleIntervalMs: 500,
  snapshotIntervalMs: 2000,
  workloads: [
    { kind: 'slab', pagesPerS: 200, lifetimeMs: 2000, maxPages: 300 },
    { kind: 'contig', sizes: [64, 256, 1024], order: 'cycle', count: 12, intervalMs: 300, holdMs: 100, startAtS: 0.5 },
  ],
});

function input(policy: string, seed = 1): RunInput {
  return { scenario, policy, params: {}, seed };
}

describe('run manager with the real engine', () => {
  it('worker results match an in-process run, survive the store, a rerun and an archive round trip', async () => {
    const dir = tmp.make();
    const db = join(dir, 'workbench.db');
    store = openStore(db);
    manager = new RunManager({ store: store.runs, poolSize: 2, log: () => {} });
    const policies = ['mainline-cma', 'gcma'];
    const ids = policies.map((p) => manager!.submit(input(p, 7)));
    const outs = await Promise.all(ids.map((id) => manager!.wait(id)));
    for (let i = 0; i < ids.length; i++) {
      expect(outs[i]!.status, outs[i]!.error?.message).toBe('completed');
      const direct = runSimulation(input(policies[i]!, 7), findPolicy(policies[i]!)!);
      expect(outs[i]!.resultHash).toBe(direct.summary.resultHash);
      expect(store.runs.result(ids[i]!)).toEqual(direct);
      expect(store.runs.mustGet(ids[i]!)).toMatchObject({ engineVersion: direct.summary.engineVersion, policy: { name: policies[i] } });
    }

    const again = manager.rerun(ids[0]!);
    expect((await manager.wait(again)).resultHash).toBe(outs[0]!.resultHash);

    const file = join(dir, 'two.cmawb');
    store.archive.exportRuns(ids, file);
    const other = openStore(join(dir, 'other.db'));
    try {
      const rep = other.archive.importRuns(file);
      for (let i = 0; i < ids.length; i++) {
        expect(other.runs.result(rep.imported[i]!.id)).toEqual(store.runs.result(ids[i]!));
      }
    } finally {
      other.close();
    }

    await manager.dispose();
    manager = null;
    store.close();
    store = null;
    const lines: string[] = [];
    const code = await runsCommand(['rerun', String(ids[1]), '--db', db], { log: (s) => lines.push(s), error: () => {} });
    expect(lines[1]).toMatch(new RegExp(`matches run ${ids[1]}$`));
    expect(code).toBe(0);
  });

  it('streams the engine samples and requests live, batched, equal to the stored result', async () => {
    store = openStore(':memory:');
    manager = new RunManager({ store: store.runs, log: () => {} });
    const batches: RunLiveEvent[] = [];
    manager.onLive((e) => batches.push(e));
    const id = manager.submit(input('gcma', 3));
    expect((await manager.wait(id)).status).toBe('completed');
    const series = store.runs.series(id)!;
    const rows = batches.flatMap((b) => b.rows);
    // Every sample but the final one, which the engine takes after its loop.
    expect(rows.length).toBe(series.t.length - 1);
    expect(rows.map((r) => r.tNs)).toEqual(series.t.slice(0, -1));
    expect(rows.map((r) => r.values['region_device'])).toEqual(series.columns['region_device']!.slice(0, -1));
    expect(batches.flatMap((b) => b.requests)).toEqual(store.runs.requests(id));
    expect(batches.length).toBeLessThan(rows.length / 4);
  });

  it('a cancelled engine run ends as cancelled', async () => {
    store = openStore(':memory:');
    manager = new RunManager({ store: store.runs, log: () => {} });
    const id = manager.submit(input('legacy-cma'));
    manager.cancel(id); // the flag is up before the engine's first check
    expect((await manager.wait(id)).status).toBe('cancelled');
    expect(store.runs.mustGet(id).summary).toBeNull();
  });
});

/*
 * Store benchmark: how fast the run list and one big run's detail load, and
 * what a big run costs on disk. Targets (issue 4): list 1,000 runs with
 * summaries < 50 ms; load the requests and series of a run with 10,000
 * requests and 100,000 samples < 100 ms.
 *   node bin/run-ts.mjs scripts/bench-store.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore, saveCompletedRun, type WorkbenchStore } from '../src/main/store/index.ts';
import { syntheticInput, syntheticPolicy, syntheticResult } from '../test/fixtures/store/synthetic.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown, reps = 7): number {
  fn(); // warm the statement cache and the page cache
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return Math.round(median(out) * 100) / 100;
}

function dbBytes(store: WorkbenchStore): number {
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(store.file).size;
}

export async function benchStore(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'cmawb-bench-store-'));
  try {
    const store = openStore(join(dir, 'workbench.db'));
    const policy = syntheticPolicy();
    const big = { requests: 10_000, samples: 100_000, snapshots: 20 };

    // What one big run costs on disk, measured on its own.
    const before = dbBytes(store);
    const bigResult = syntheticResult({ ...big, seed: 1 });
    const t0 = performance.now();
    const bigId = saveCompletedRun(store, syntheticInput({ seed: 1 }), policy, bigResult);
    const saveMs = performance.now() - t0;
    const bigBytes = dbBytes(store) - before;

    // 999 more runs with full summaries and modest detail, so the list has 1,000 rows.
    const small = syntheticResult({ requests: 100, samples: 1000, snapshots: 2, seed: 2 });
    store.db.transaction(() => {
      for (let i = 2; i <= 1000; i++) {
        saveCompletedRun(store, syntheticInput({ seed: i, policy: i % 3 ? 'cma-mainline' : 'gcma' }), policy, small, { tags: i % 10 ? [] : ['nightly'] });
      }
    })();

    const listed = store.runs.list().length;
    const listMs = time(() => store.runs.list());
    const loadMs = time(() => {
      store.runs.requests(bigId);
      store.runs.series(bigId);
    });
    const snapshotMs = time(() => store.runs.snapshot(bigId, 10));
    const archive = join(dir, 'big.cmawb');
    const exportMs = time(() => store.archive.exportRuns([bigId], archive), 1);
    const archiveBytes = statSync(archive).size;
    store.close();

    return {
      listRuns: { runs: listed, ms: listMs, targetMs: 50, ok: listMs < 50 },
      loadBigRun: { requests: big.requests, samples: big.samples, columns: Object.keys(bigResult.series.columns).length, ms: loadMs, targetMs: 100, ok: loadMs < 100 },
      loadOneSnapshotMs: snapshotMs,
      saveBigRunMs: Math.round(saveMs),
      bytesPerBigRun: bigBytes,
      archiveBytesPerBigRun: archiveBytes,
      exportBigRunMs: Math.round(exportMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchStore(), null, 2));
}

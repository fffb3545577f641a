import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ARCHIVE_FORMAT_VERSION,
  ArchiveFormatError,
  decodeArchive,
  encodeArchive,
  openStore,
  policyRef,
  saveCompletedRun,
  type WorkbenchStore,
} from '../../src/main/store/index.ts';
import { syntheticInput, syntheticPolicy, syntheticResult } from '../fixtures/store/synthetic.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const tmp = tempDirs();
const open: WorkbenchStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  tmp.cleanup();
});

function fresh(dir = tmp.make()): WorkbenchStore {
  const s = openStore(join(dir, 'workbench.db'));
  open.push(s);
  return s;
}

/** Everything observable about the database, to prove a failed import changed nothing. */
function dump(s: WorkbenchStore): string {
  const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const h = createHash('sha256');
  for (const t of tables) h.update(t + JSON.stringify(s.db.prepare(`SELECT * FROM ${t}`).raw().all(), (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
  return h.digest('hex');
}

function populated(): { store: WorkbenchStore; ids: number[] } {
  const store = fresh();
  const fromFolder = { ...syntheticPolicy(), origin: { dir: '/home/ada/plugins/cma-mainline', hash: 'files:0123' } };
  const a = saveCompletedRun(store, syntheticInput({ seed: 1 }), fromFolder, syntheticResult({ seed: 1, requests: 300, samples: 5000 }), {
    tags: ['paper'],
  });
  store.runs.setNotes(a, 'the "good" one, with a comma');
  const b = saveCompletedRun(store, syntheticInput({ seed: 2 }), syntheticPolicy('gcma'), syntheticResult({ seed: 2, requests: 10, samples: 10 }));
  const input = syntheticInput({ seed: 3 });
  const c = store.runs.create({ name: 'broken', scenario: input.scenario, policy: policyRef(syntheticPolicy()), params: {}, seed: 3 });
  store.runs.markRunning(c);
  store.runs.fail(c, 'policy threw', 'Error: policy threw\n    at allocContig');
  return { store, ids: [a, b, c] };
}

describe('archive export/import', () => {
  it('round-trips runs into a fresh database: same hash, same data, new ids', () => {
    const { store, ids } = populated();
    const file = join(tmp.make(), 'runs.cmawb');
    const { runs, bytes } = store.archive.exportRuns(ids, file);
    expect(runs).toBe(3);
    expect(readFileSync(file).subarray(0, 8).toString('latin1')).toBe('CMAWBARC');
    expect(bytes).toBe(readFileSync(file).length);

    const target = fresh();
    // Occupy id 1 so the imported runs must get new ids.
    saveCompletedRun(target, syntheticInput({ seed: 77 }), syntheticPolicy(), syntheticResult({ seed: 77, requests: 1, samples: 1 }));
    const report = target.archive.importRuns(file);
    expect(report.skipped).toEqual([]);
    expect(report.imported).toHaveLength(3);
    for (let i = 0; i < ids.length; i++) {
      const src = store.runs.mustGet(ids[i]!);
      const dst = target.runs.mustGet(report.imported[i]!.id);
      expect(dst.id).not.toBe(src.id);
      const { id: _a, ...srcRest } = src;
      const { id: _b, ...dstRest } = dst;
      expect(dstRest).toEqual(srcRest);
      expect(dst.resultHash).toBe(src.resultHash);
      expect(target.runs.result(dst.id)).toEqual(store.runs.result(src.id));
    }
    expect(target.runs.mustGet(report.imported[2]!.id)).toMatchObject({ status: 'failed', error: { message: 'policy threw' } });
    // The plugin folder survives the trip (and a run without one stays without).
    expect(target.runs.mustGet(report.imported[0]!.id).policy).toEqual({ name: 'cma-mainline', version: '1.2.0', hash: 'files:0123', dir: '/home/ada/plugins/cma-mainline' });
    expect(target.runs.mustGet(report.imported[1]!.id).policy.dir).toBeNull();
    const payload = decodeArchive(readFileSync(file));
    expect(payload.version).toBe(ARCHIVE_FORMAT_VERSION);
    expect(payload.runs.map((r) => r.policy.dir)).toEqual(['/home/ada/plugins/cma-mainline', null, null]);
  });

  it('imports an archive written by format 1, before runs carried their plugin folder (dir null)', () => {
    // Written by the format-1 exporter (commit 968a624) and frozen: never regenerate it with a newer build.
    const file = fileURLToPath(new URL('../fixtures/store/v1-archive.cmawb', import.meta.url));
    expect(readFileSync(file).readUInt32LE(8)).toBe(1);
    const target = fresh();
    const report = target.archive.importRuns(file);
    expect(report.imported.map((r) => r.name)).toEqual(['camera-under-kbuild / cma-mainline #1', 'failed in v1']);
    const [done, failed] = report.imported.map((r) => target.runs.mustGet(r.id));
    expect(done).toMatchObject({
      status: 'completed',
      uuid: '416c774f-d82b-46de-957a-284ad247ed54',
      policy: { name: 'cma-mainline', version: '1.2.0', hash: expect.stringMatching(/^manifest:/), dir: null },
      tags: ['v1'],
      notes: 'written by archive format 1',
      resultHash: 'synthetic-1-3-4-3c748b2',
    });
    expect(target.runs.result(done!.id)!.requests).toHaveLength(3);
    expect(failed).toMatchObject({ status: 'failed', policy: { name: 'gcma', dir: null }, error: { message: 'policy threw' } });
    // Exported again, the runs go out as the current format.
    const again = join(tmp.make(), 'again.cmawb');
    target.archive.exportRuns([done!.id, failed!.id], again);
    expect(readFileSync(again).readUInt32LE(8)).toBe(ARCHIVE_FORMAT_VERSION);
    expect(fresh().archive.importRuns(again).imported).toHaveLength(2);
  });

  it('skips runs whose uuid is already present (re-import is harmless)', () => {
    const { store, ids } = populated();
    const file = join(tmp.make(), 'runs.cmawb');
    store.archive.exportRuns(ids.slice(0, 2), file);
    const again = store.archive.importRuns(file);
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((s) => s.existingId)).toEqual(ids.slice(0, 2));
    const target = fresh();
    expect(target.archive.importRuns(file).imported).toHaveLength(2);
    expect(target.archive.importRuns(file).skipped).toHaveLength(2);
    expect(target.runs.count()).toBe(2);
  });

  it('refuses to export a run that is still running', () => {
    const { store, ids } = populated();
    const input = syntheticInput();
    const r = store.runs.create({ name: 'live', scenario: input.scenario, policy: policyRef(syntheticPolicy()), params: {}, seed: 1 });
    store.runs.markRunning(r);
    const file = join(tmp.make(), 'x.cmawb');
    expect(() => store.archive.exportRuns([ids[0]!, r], file)).toThrow(/running; only finished runs/);
    expect(() => readFileSync(file)).toThrow();
  });

  describe('bad files leave the database unchanged', () => {
    function setup() {
      const { store, ids } = populated();
      const dir = tmp.make();
      const good = join(dir, 'good.cmawb');
      store.archive.exportRuns(ids, good);
      const target = fresh();
      saveCompletedRun(target, syntheticInput({ seed: 5 }), syntheticPolicy(), syntheticResult({ seed: 5, requests: 2, samples: 2 }));
      return { target, dir, bytes: readFileSync(good), before: dump(target) };
    }

    function expectRejected(target: WorkbenchStore, before: string, file: string, message: RegExp) {
      let err: unknown;
      try {
        target.archive.importRuns(file);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArchiveFormatError);
      expect((err as Error).message).toMatch(message);
      expect(dump(target)).toBe(before);
    }

    it('truncated', () => {
      const { target, dir, bytes, before } = setup();
      for (const cut of [3, 30, 52, 200, bytes.length - 1]) {
        const f = join(dir, `cut${cut}.cmawb`);
        writeFileSync(f, bytes.subarray(0, cut));
        expectRejected(target, before, f, /truncated|not a CMA Workbench run archive/);
      }
    });

    it('corrupt payload byte (checksum)', () => {
      const { target, dir, bytes, before } = setup();
      const bad = Buffer.from(bytes);
      bad[bad.length - 100] ^= 0x40;
      const f = join(dir, 'flip.cmawb');
      writeFileSync(f, bad);
      expectRejected(target, before, f, /checksum mismatch/);
    });

    it('foreign files', () => {
      const { target, dir, before } = setup();
      const gz = join(dir, 'some.json.gz');
      writeFileSync(gz, gzipSync('{"runs":[]}'));
      expectRejected(target, before, gz, /not a CMA Workbench run archive/);
      const empty = join(dir, 'empty.cmawb');
      writeFileSync(empty, '');
      expectRejected(target, before, empty, /not a CMA Workbench run archive/);
      expectRejected(target, before, join(dir, 'missing.cmawb'), /cannot read/);
    });

    it('newer format version', () => {
      const { target, dir, bytes, before } = setup();
      const bad = Buffer.from(bytes);
      const next = ARCHIVE_FORMAT_VERSION + 1;
      bad.writeUInt32LE(next, 8);
      const f = join(dir, 'next.cmawb');
      writeFileSync(f, bad);
      expectRejected(target, before, f, new RegExp(`archive format ${next}; this build reads up to ${ARCHIVE_FORMAT_VERSION}, update CMA Workbench`));
    });

    it('a format-1 file carrying policy.dir, or a header that disagrees with the payload', () => {
      const { target, dir, bytes, before } = setup();
      const payload = decodeArchive(bytes);
      const v1 = join(dir, 'v1-with-dir.cmawb');
      writeFileSync(v1, encodeArchive({ ...payload, version: 1 }));
      expectRejected(target, before, v1, /runs\.0\.policy\.dir: format 1 has no policy\.dir/);
      const mixed = Buffer.from(bytes);
      mixed.writeUInt32LE(1, 8);
      const f = join(dir, 'mixed.cmawb');
      writeFileSync(f, mixed);
      expectRejected(target, before, f, new RegExp(`header says format 1, the payload ${ARCHIVE_FORMAT_VERSION}`));
      // Snapshot migratetypes came with format 3: an older payload carrying them is not what its writer made.
      const v2 = join(dir, 'v2-with-migratetypes.cmawb');
      writeFileSync(v2, encodeArchive({ ...payload, version: 2 }));
      expectRejected(target, before, v2, /detail\.map\.migratetypes: format 2 has no map\.migratetypes/);
    });

    it('trailing garbage', () => {
      const { target, dir, bytes, before } = setup();
      const f = join(dir, 'tail.cmawb');
      writeFileSync(f, Buffer.concat([bytes, Buffer.from('xx')]));
      expectRejected(target, before, f, /2 unexpected bytes/);
    });

    it('valid container, gzip of garbage', () => {
      const { target, dir, before } = setup();
      const body = Buffer.from('not gzip at all');
      const header = Buffer.alloc(52);
      header.write('CMAWBARC', 0, 'latin1');
      header.writeUInt32LE(1, 8);
      header.writeBigUInt64LE(BigInt(body.length), 12);
      createHash('sha256').update(body).digest().copy(header, 20);
      const f = join(dir, 'nogz.cmawb');
      writeFileSync(f, Buffer.concat([header, body]));
      expectRejected(target, before, f, /is corrupt/);
    });

    it('well-formed container with an invalid run (schema), even if other runs are fine', () => {
      const { target, dir, before } = setup();
      const good = syntheticResult({ requests: 2, samples: 3 });
      const run = (over: Record<string, unknown>, detailOver: Record<string, unknown> = {}) => ({
        uuid: 'u-' + Math.random(),
        name: 'n',
        status: 'completed',
        createdAt: 1,
        startedAt: 1,
        finishedAt: 2,
        scenario: syntheticInput().scenario,
        policy: { name: 'p', version: '1', hash: 'h' },
        params: {},
        seed: 1,
        options: null,
        engineVersion: '0.1.0',
        resultHash: good.summary.resultHash,
        summary: good.summary,
        error: null,
        tags: [],
        notes: '',
        detail: {
          requests: good.requests,
          intervalNs: 1e6,
          t: { name: 't', encoding: 'i32', length: 3, data: Buffer.alloc(12).toString('base64') },
          columns: [],
          // Format 1: counts only, no migratetypes after them.
          map: { ...good.map, kinds: [...good.map.kinds], migratetypes: undefined },
          snapshots: [],
          ...detailOver,
        },
        ...over,
      });
      const write = (name: string, runs: unknown[]) => {
        const f = join(dir, name);
        writeFileSync(f, encodeArchive({ format: 'cma-workbench-runs', version: 1, exportedAt: 0, runs } as never));
        return f;
      };
      // Sanity: the hand-built run itself imports into a scratch DB.
      expect(fresh().archive.importRuns(write('ok.cmawb', [run({})])).imported).toHaveLength(1);

      expectRejected(target, before, write('hash.cmawb', [run({}), run({ resultHash: 'other' })]), /runs\.1.*resultHash differs/);
      expectRejected(target, before, write('status.cmawb', [run({}), run({ status: 'running' })]), /runs\.1\.status/);
      expectRejected(target, before, write('req.cmawb', [run({}, { requests: [{ ...good.requests[0], ok: 'yes' }, good.requests[1]] })]), /requests\.0\.ok/);
      expectRejected(
        target,
        before,
        write('blob.cmawb', [run({}, { t: { name: 't', encoding: 'i32', length: 3, data: Buffer.alloc(11).toString('base64') } })]),
        /blob has 11 bytes, expected 12/,
      );
      expectRejected(
        target,
        before,
        write('snap.cmawb', [run({}, { snapshots: [{ tNs: 1, data: Buffer.alloc(6).toString('base64') }] })]),
        /snapshots\.0: 6 bytes/,
      );
      expectRejected(target, before, write('extra.cmawb', [run({ evil: true })]), /runs\.0/);
    });
  });
});

import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveOpenError, MIGRATIONS, openStore, SCHEMA_VERSION, SchemaTooNewError } from '../../src/main/store/index.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

const V1_SQL = readFileSync(new URL('../fixtures/store/v1.sql', import.meta.url), 'utf8');

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function schemaOf(db: Database.Database): string[] {
  return (db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").pluck().all() as string[]).map((s) =>
    s.replace(/\s+/g, ' ').trim(),
  );
}

describe('schema migrations', () => {
  it('creates a fresh archive at the current version in WAL mode with foreign keys on', () => {
    const file = join(tmp.make(), 'sub', 'workbench.db');
    const store = openStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    store.close();
    // Re-opening an up-to-date file is a no-op.
    const again = openStore(file);
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('the v1 fixture matches what migration 1 creates (migration 1 was never edited)', () => {
    const a = new Database(':memory:');
    a.exec(MIGRATIONS[0]!.sql);
    const b = new Database(':memory:');
    b.exec(V1_SQL);
    expect(schemaOf(b)).toEqual(schemaOf(a));
  });

  it('migrates the v1 fixture and keeps its runs', () => {
    const file = join(tmp.make(), 'v1.db');
    const raw = new Database(file);
    raw.exec(V1_SQL);
    raw.close();

    const store = openStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.pragma('foreign_key_check')).toEqual([]);

    const done = store.runs.mustGet(1);
    expect(done.status).toBe('completed');
    expect(done.resultHash).toBe('v1-hash-0001');
    expect(done.summary?.requests.count).toBe(2);
    expect(done.tags).toEqual([]);
    expect(done.notes).toBe('');
    const reqs = store.runs.requests(1);
    expect(reqs).toHaveLength(2);
    expect(reqs[1]).toMatchObject({ ok: false, reason: 'pinned', deadlineMissed: true, blocking: [{ pfn: 200000, cause: 'longterm-pin' }] });
    expect(store.runs.series(1)).toEqual({
      intervalNs: 1e6,
      t: [1e6, 2e6, 3e6],
      columns: { nr_free_cma: [5000, 4990, 4985], region_utilisation: [0.25, 0.5, 0.75] },
    });
    expect(Array.from(store.runs.snapshot(1, 0)!.data)).toEqual([512, 0, 0, 256, 256, 0]);
    expect(store.runs.detail.vmstat(1)).toEqual({ cma_alloc_fail: 1, pgmigrate_success: 300 });

    expect(store.runs.mustGet(2)).toMatchObject({ status: 'failed', error: { message: 'policy gcma: setup() reserved no region' } });
    // The v1 'running' run's owner is long gone: recovery at open interrupts it at its last heartbeat.
    expect(store.recovered).toEqual([3]);
    expect(store.runs.mustGet(3)).toMatchObject({ status: 'interrupted', finishedAt: 1717200030000, lastSeen: 1717200030000 });

    // v2 features work on migrated rows.
    store.runs.tag(1, ['baseline']);
    store.runs.setNotes(1, 'from the v1 days');
    expect(store.runs.list({ tag: 'baseline' }).map((r) => r.id)).toEqual([1]);
    store.close();
  });

  it('v1 -> v3: keeps every run, adds runs.policy_dir as a nullable column, and new runs record their folder', () => {
    const file = join(tmp.make(), 'v1-to-v3.db');
    const raw = new Database(file);
    raw.exec(V1_SQL);
    const before = raw.prepare('SELECT * FROM runs ORDER BY id').all() as Record<string, unknown>[];
    raw.close();

    const store = openStore(file);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const col = (store.db.pragma('table_info(runs)') as { name: string; type: string; notnull: number; dflt_value: unknown }[]).find(
      (c) => c.name === 'policy_dir',
    );
    expect(col).toMatchObject({ type: 'TEXT', notnull: 0, dflt_value: null });
    // Every v1 column of every row is as it was (run 3 aside: recovery at open interrupted it), with no folder.
    const after = store.db.prepare('SELECT * FROM runs ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toHaveLength(before.length);
    for (let i = 0; i < before.length; i++) {
      expect(after[i]!['policy_dir']).toBeNull();
      if (after[i]!['id'] === 3) continue;
      expect(after[i]).toMatchObject(before[i]!);
    }
    expect(store.runs.mustGet(1).policy).toEqual({ name: before[0]!['policy_name'], version: before[0]!['policy_version'], hash: before[0]!['policy_hash'], dir: null });
    expect(store.runs.requests(1)).toHaveLength(2);

    const id = store.runs.create({
      name: 'after v3',
      scenario: store.runs.mustGet(1).scenario,
      policy: { name: 'gcma', version: '1.0.0', hash: 'files:x', dir: '/home/ada/.local/share/cma-workbench/plugins/gcma' },
      params: {},
      seed: 1,
    });
    expect(store.runs.mustGet(id).policy.dir).toBe('/home/ada/.local/share/cma-workbench/plugins/gcma');
    store.close();
  });

  it('v2 -> v3 alone: a file migrated by an older build gets only the new column', () => {
    const file = join(tmp.make(), 'v2.db');
    const raw = new Database(file);
    raw.exec(V1_SQL);
    raw.exec(MIGRATIONS[1]!.sql);
    raw.pragma('user_version = 2');
    raw.exec("UPDATE runs SET notes = 'kept' WHERE id = 1; INSERT INTO run_tags VALUES (1, 'v2-tag');");
    raw.close();
    const store = openStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.runs.mustGet(1)).toMatchObject({ notes: 'kept', tags: ['v2-tag'], policy: { dir: null } });
    // v4 starts the id high-water mark at the highest id the file holds.
    const high = store.db.prepare('SELECT MAX(id) FROM runs').pluck().get() as number;
    expect(store.db.prepare('SELECT n FROM run_id_high').pluck().get()).toBe(high);
    store.close();
  });

  it('refuses an archive from a newer version and leaves the file untouched', () => {
    const file = join(tmp.make(), 'future.db');
    const raw = new Database(file);
    raw.exec("CREATE TABLE runs (id INTEGER PRIMARY KEY, hologram BLOB); INSERT INTO runs VALUES (1, x'00');");
    raw.pragma(`user_version = ${SCHEMA_VERSION + 7}`);
    raw.close();
    const before = sha(file);
    expect(() => openStore(file)).toThrow(SchemaTooNewError);
    expect(() => openStore(file)).toThrow(/schema version 9|newer CMA Workbench/);
    expect(sha(file)).toBe(before);
    expect(existsSync(file + '-wal')).toBe(false);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses files that are not archives without changing them', () => {
    const dir = tmp.make();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'this is not a database, just some text that is long enough to have a header\n'.repeat(10));
    const before = sha(text);
    expect(() => openStore(text)).toThrow(ArchiveOpenError);
    expect(sha(text)).toBe(before);

    const other = join(dir, 'other-app.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE bookmarks (url TEXT)');
    raw.close();
    const otherBefore = sha(other);
    expect(() => openStore(other)).toThrow(/another program/);
    expect(sha(other)).toBe(otherBefore);
  });
});

/*
 * Schema migrations, applied in order at open. The version lives in
 * PRAGMA user_version (in the database header, so it commits atomically with
 * the DDL of each step). A migration, once released, is never edited: the v1
 * fixture in test/fixtures/store/ pins what v1 looked like.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs and their detail: requests, series columns, map snapshots, vmstat',
    sql: `
      CREATE TABLE runs (
        id             INTEGER PRIMARY KEY,
        uuid           TEXT NOT NULL UNIQUE,
        name           TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('queued','running','completed','failed','cancelled','interrupted')),
        created_at     INTEGER NOT NULL,
        started_at     INTEGER,
        finished_at    INTEGER,
        last_seen      INTEGER,
        owner          TEXT,
        scenario_name  TEXT NOT NULL,
        scenario_json  TEXT NOT NULL,
        policy_name    TEXT NOT NULL,
        policy_version TEXT NOT NULL,
        policy_hash    TEXT NOT NULL,
        params_json    TEXT NOT NULL,
        seed           INTEGER NOT NULL,
        options_json   TEXT,
        engine_version TEXT,
        result_hash    TEXT,
        summary_json   TEXT,
        error_message  TEXT,
        error_stack    TEXT
      );
      CREATE TABLE run_detail (
        run_id      INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        interval_ns REAL NOT NULL,
        samples     INTEGER NOT NULL,
        map_json    TEXT NOT NULL
      );
      CREATE TABLE requests (
        run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        req_id          INTEGER NOT NULL,
        client          TEXT NOT NULL,
        pages           INTEGER NOT NULL,
        start_ns        REAL NOT NULL,
        end_ns          REAL NOT NULL,
        latency_ns      REAL NOT NULL,
        ok              INTEGER NOT NULL,
        reason          TEXT,
        start_pfn       INTEGER NOT NULL,
        migrated        INTEGER NOT NULL,
        dropped         INTEGER NOT NULL,
        written         INTEGER NOT NULL,
        retries         INTEGER NOT NULL,
        candidates      INTEGER NOT NULL,
        bound_ns        REAL,
        deadline_missed INTEGER NOT NULL,
        blocking_json   TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE series (
        run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        ord      INTEGER NOT NULL,
        name     TEXT NOT NULL,
        encoding TEXT NOT NULL,
        length   INTEGER NOT NULL,
        data     BLOB NOT NULL,
        PRIMARY KEY (run_id, ord)
      );
      CREATE TABLE snapshots (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        idx    INTEGER NOT NULL,
        t_ns   REAL NOT NULL,
        data   BLOB NOT NULL,
        PRIMARY KEY (run_id, idx)
      );
      CREATE TABLE vmstat (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name   TEXT NOT NULL,
        value  REAL NOT NULL,
        PRIMARY KEY (run_id, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'tags and notes; indexes for the run list filters',
    sql: `
      ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
      CREATE TABLE run_tags (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag    TEXT NOT NULL,
        PRIMARY KEY (run_id, tag)
      ) WITHOUT ROWID;
      CREATE INDEX run_tags_by_tag ON run_tags(tag);
      CREATE INDEX runs_by_status ON runs(status);
      CREATE INDEX runs_by_policy ON runs(policy_name);
      CREATE INDEX runs_by_scenario ON runs(scenario_name);
    `,
  },
  {
    version: 3,
    description: 'the plugin folder each run loaded its policy from',
    // Nullable: runs stored before this version, and modules without an origin, have no folder.
    sql: `
      ALTER TABLE runs ADD COLUMN policy_dir TEXT;
    `,
  },
  {
    version: 4,
    description: 'run ids are never handed out again after a delete',
    // INTEGER PRIMARY KEY reuses the highest id once that run is deleted, so "run #N" in a note, a
    // log or another tab could name a different run. The insert takes one past this high-water mark.
    sql: `
      CREATE TABLE run_id_high (n INTEGER NOT NULL);
      INSERT INTO run_id_high (n) SELECT IFNULL(MAX(id), 0) FROM runs;
      CREATE TRIGGER runs_id_high AFTER INSERT ON runs BEGIN
        UPDATE run_id_high SET n = MAX(n, NEW.id);
      END;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export class SchemaTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${file} has archive schema version ${found}, but this build of CMA Workbench only knows up to ${supported}; ` +
        'open it with a newer CMA Workbench (the file was not changed)',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Bring the schema up to SCHEMA_VERSION. Each step is its own IMMEDIATE
 * transaction that re-reads the version inside it, so two processes opening an
 * old file at once migrate it exactly once.
 */
export function migrate(db: Database.Database, file: string): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION) throw new SchemaTooNewError(file, from, SCHEMA_VERSION);
  for (const m of MIGRATIONS) {
    const step = db.transaction(() => {
      const now = schemaVersion(db);
      if (now >= m.version) return;
      if (now !== m.version - 1) throw new Error(`${file}: cannot migrate from schema ${now} to ${m.version}`);
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    });
    step.immediate();
  }
  return { from, to: schemaVersion(db) };
}

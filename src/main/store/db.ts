/*
 * Open the archive database: connection settings, schema check and
 * migrations. A file written by a newer build is refused before anything is
 * written to it (not even the WAL switch, which rewrites the header).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, schemaVersion, SCHEMA_VERSION, SchemaTooNewError } from './migrations.ts';

export interface OpenOptions {
  /** Path of the better-sqlite3 native addon (Electron needs its own ABI build). */
  nativeBinding?: string;
  /** ms a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export class ArchiveOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveOpenError';
  }
}

export function openDatabase(file: string, opts: OpenOptions = {}): Database.Database {
  const memory = file === ':memory:' || file === '';
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    let found: number;
    let tables: number;
    try {
      // One read transaction: another process may commit its first migration between two separate reads,
      // and version 0 seen before that commit with its tables seen after it looks like a foreign database.
      [found, tables] = db.transaction(() => [schemaVersion(db), (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n])();
    } catch (err) {
      // SQLITE_NOTADB and friends surface at the first read, not at construction.
      throw new ArchiveOpenError(`${file} is not a CMA Workbench archive: ${(err as Error).message}`, { cause: err });
    }
    if (found > SCHEMA_VERSION) throw new SchemaTooNewError(file, found, SCHEMA_VERSION);
    if (found === 0 && tables > 0) {
      // Version 0 with tables is some other program's database: never migrate into it.
      throw new ArchiveOpenError(`${file} is an SQLite database of another program, not a CMA Workbench archive`);
    }
    if (!memory) db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit survives a process crash (kill -9); only power loss may drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

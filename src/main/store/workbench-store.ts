/*
 * The opened archive: one connection, its stores, recovery done. What the CLI,
 * the run manager and (later) the composition root hold.
 */
import type Database from 'better-sqlite3';
import { openDatabase, type OpenOptions } from './db.ts';
import { RunStore, type RecoverOptions } from './run-store.ts';
import { RunArchive } from './archive.ts';

export interface OpenStoreOptions extends OpenOptions {
  /** Skip marking dead processes' runs interrupted (tests that inspect the raw state). */
  recover?: boolean | RecoverOptions;
}

export class WorkbenchStore {
  readonly runs: RunStore;
  readonly archive: RunArchive;
  /** Run ids that recovery at open marked interrupted. */
  readonly recovered: number[];

  constructor(
    readonly db: Database.Database,
    readonly file: string,
    recover: boolean | RecoverOptions = true,
  ) {
    this.runs = new RunStore(db);
    this.archive = new RunArchive(this.runs);
    this.recovered = recover === false ? [] : this.runs.recover(recover === true ? {} : recover);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openStore(file: string, opts: OpenStoreOptions = {}): WorkbenchStore {
  const db = openDatabase(file, opts);
  try {
    return new WorkbenchStore(db, file, opts.recover ?? true);
  } catch (err) {
    db.close();
    throw err;
  }
}

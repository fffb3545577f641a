/*
 * Export runs to one archive file and import them back. Import decodes and
 * checks the whole file first (header, checksum, zod schema, blob sizes),
 * then writes every new run in one transaction: a bad file changes nothing.
 * Runs are identified by their uuid; importing a run already present (same
 * uuid) skips it, so importing the same archive twice is harmless.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { RunOptions, RunSummary } from '../../engine/result.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { columnBytes, type SeriesEncoding } from './codec.ts';
import {
  ARCHIVE_FORMAT_VERSION,
  ArchiveFormatError,
  decodeArchive,
  encodeArchive,
  type ArchivedRun,
} from './archive-format.ts';
import type { EncodedColumn, EncodedDetail } from './run-detail.ts';
import { RunStateError, type FinalState, type RunStore } from './run-store.ts';

export interface ImportReport {
  /** New ids, in archive order. */
  imported: { id: number; uuid: string; name: string }[];
  /** Runs whose uuid was already in the database. */
  skipped: { existingId: number; uuid: string; name: string }[];
}

export class RunArchive {
  constructor(private readonly runs: RunStore) {}

  /** Write the runs to `file` (atomically: temp file, then rename). Queued and running runs are refused. */
  exportRuns(ids: readonly number[], file: string): { runs: number; bytes: number } {
    const archived = ids.map((id) => this.archiveRun(id));
    const bytes = encodeArchive({ format: 'cma-workbench-runs', version: ARCHIVE_FORMAT_VERSION, exportedAt: Date.now(), runs: archived });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    return { runs: archived.length, bytes: bytes.length };
  }

  importRuns(file: string): ImportReport {
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (err) {
      throw new ArchiveFormatError(`cannot read ${file}: ${(err as Error).message}`);
    }
    return this.importBuffer(raw, basename(file));
  }

  importBuffer(raw: Buffer, name = 'archive'): ImportReport {
    const payload = decodeArchive(raw, name);
    // Decode every blob before writing anything, so a bad blob aborts with the DB untouched.
    const prepared = payload.runs.map((r, i) => ({ run: r, detail: r.detail ? decodeDetail(r, `${name}: runs.${i}`) : null }));
    const report: ImportReport = { imported: [], skipped: [] };
    // IMMEDIATE: take the write lock before the uuid checks so another process cannot interleave.
    this.runs.db.transaction(() => {
      for (const { run, detail } of prepared) {
        const existing = this.runs.idByUuid(run.uuid);
        if (existing !== null) {
          report.skipped.push({ existingId: existing, uuid: run.uuid, name: run.name });
          continue;
        }
        const id = this.runs.insertFinal(
          {
            uuid: run.uuid,
            name: run.name,
            createdAt: run.createdAt,
            scenario: run.scenario as unknown as Scenario,
            // A format-1 run has no folder.
            policy: { ...run.policy, dir: run.policy.dir ?? null },
            params: run.params,
            seed: run.seed,
            options: run.options as RunOptions | null,
            tags: run.tags,
            notes: run.notes,
          },
          {
            status: run.status as FinalState['status'],
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            engineVersion: run.engineVersion,
            error: run.error,
          },
          run.summary && detail ? { summary: run.summary as unknown as RunSummary, encoded: detail } : null,
        );
        report.imported.push({ id, uuid: run.uuid, name: run.name });
      }
    }).immediate();
    return report;
  }

  private archiveRun(id: number): ArchivedRun {
    const run = this.runs.mustGet(id);
    if (run.status === 'queued' || run.status === 'running') throw new RunStateError(`run ${id} is ${run.status}; only finished runs can be exported`);
    let detail: ArchivedRun['detail'] = null;
    if (run.status === 'completed') {
      const d = this.runs.detail;
      const series = d.encodedSeries(id);
      const map = d.map(id);
      if (!series || !map) throw new Error(`run ${id} is completed but its detail is missing`);
      const col = (c: EncodedColumn) => ({ name: c.name, encoding: c.encoding, length: c.length, data: c.data.toString('base64') });
      detail = {
        requests: d.requests(id),
        intervalNs: series.intervalNs,
        t: col(series.t),
        columns: series.columns.map(col),
        map: { pageblockPages: map.pageblockPages, pageblocks: map.pageblocks, regionStartPfn: map.regionStartPfn, regionPages: map.regionPages, kinds: [...map.kinds], ...(map.migratetypes ? { migratetypes: [...map.migratetypes] } : {}) },
        snapshots: d.snapshotTimes(id).map((s) => ({ tNs: s.tNs, data: d.encodedSnapshot(id, s.index)!.data.toString('base64') })),
      };
    }
    return {
      uuid: run.uuid,
      name: run.name,
      status: run.status,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      scenario: run.scenario as unknown as ArchivedRun['scenario'],
      policy: { name: run.policy.name, version: run.policy.version, hash: run.policy.hash, dir: run.policy.dir ?? null },
      params: run.params,
      seed: run.seed,
      options: (run.options as Record<string, unknown> | null) ?? null,
      engineVersion: run.engineVersion,
      resultHash: run.resultHash,
      summary: run.summary as unknown as ArchivedRun['summary'],
      error: run.error,
      tags: run.tags,
      notes: run.notes,
      detail,
    };
  }
}

function decodeDetail(run: ArchivedRun, where: string): EncodedDetail {
  const d = run.detail!;
  const col = (c: { name: string; encoding: string; length: number; data: string }, path: string): EncodedColumn => {
    const data = Buffer.from(c.data, 'base64');
    const want = columnBytes(c.encoding as SeriesEncoding, c.length);
    if (data.length !== want) throw new ArchiveFormatError(`${where}.${path}: blob has ${data.length} bytes, expected ${want}`);
    return { name: c.name, encoding: c.encoding as SeriesEncoding, length: c.length, data };
  };
  // Kind counts per pageblock, then (format 3) each pageblock's migratetype.
  const snapBytes = d.map.pageblocks * (d.map.kinds.length + (d.map.migratetypes ? 1 : 0)) * 2;
  return {
    requests: d.requests,
    intervalNs: d.intervalNs,
    t: col(d.t, 'detail.t'),
    columns: d.columns.map((c, i) => col(c, `detail.columns.${i}`)),
    map: d.map,
    snapshots: d.snapshots.map((s, i) => {
      const data = Buffer.from(s.data, 'base64');
      if (data.length !== snapBytes) {
        throw new ArchiveFormatError(`${where}.detail.snapshots.${i}: ${data.length} bytes, the map needs ${snapBytes}`);
      }
      return { tNs: s.tNs, data };
    }),
    vmstat: run.summary!.vmstat,
  };
}

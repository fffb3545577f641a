/*
 * A run's bulky detail: per-request rows, series column blobs, map snapshots,
 * vmstat counters. Written only inside the caller's completion transaction,
 * read back lazily by the views. `EncodedDetail` is the storage form shared by
 * the database and the archive file, so export/import copies blobs verbatim.
 */
import type Database from 'better-sqlite3';
import type { MapSnapshot, MemoryMapMeta, RequestRecord, RunResult, SeriesSet } from '../../engine/result.ts';
import { decodeColumn, decodeSnapshot, encodeColumn, encodeSnapshot, type SeriesEncoding } from './codec.ts';
import type { SnapshotInfo } from './types.ts';

export interface EncodedColumn {
  name: string;
  encoding: SeriesEncoding;
  length: number;
  data: Buffer;
}

export interface EncodedDetail {
  requests: RequestRecord[];
  intervalNs: number;
  /** The t column first, then the named columns in their original order. */
  t: EncodedColumn;
  columns: EncodedColumn[];
  map: MemoryMapMeta;
  snapshots: { tNs: number; data: Buffer }[];
  vmstat: Record<string, number>;
}

export function encodeDetail(result: RunResult): EncodedDetail {
  const { series } = result;
  const n = series.t.length;
  const columns: EncodedColumn[] = [];
  for (const [name, values] of Object.entries(series.columns)) {
    if (values.length !== n) throw new Error(`series column "${name}" has ${values.length} samples, t has ${n}`);
    columns.push({ name, length: n, ...encodeColumn(values) });
  }
  return {
    requests: result.requests,
    intervalNs: series.intervalNs,
    t: { name: 't', length: n, ...encodeColumn(series.t) },
    columns,
    map: result.map,
    snapshots: result.snapshots.map((s) => ({ tNs: s.tNs, data: encodeSnapshot(s.data) })),
    vmstat: result.summary.vmstat,
  };
}

type RequestRow = [
  number, string, number, number, number, number, number, string | null, number,
  number, number, number, number, number, number | null, number, string,
];

export class RunDetailStore {
  private readonly insRequest;
  private readonly insSeries;
  private readonly insSnapshot;
  private readonly insVmstat;
  private readonly insDetail;
  private readonly selRequests;
  private readonly selSeries;
  private readonly selDetail;
  private readonly selSnapTimes;
  private readonly selSnap;
  private readonly selVmstat;
  private readonly countRequests;

  constructor(private readonly db: Database.Database) {
    this.insRequest = db.prepare(
      `INSERT INTO requests (run_id, seq, req_id, client, pages, start_ns, end_ns, latency_ns, ok, reason, start_pfn,
         migrated, dropped, written, retries, candidates, bound_ns, deadline_missed, blocking_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insSeries = db.prepare('INSERT INTO series (run_id, ord, name, encoding, length, data) VALUES (?, ?, ?, ?, ?, ?)');
    this.insSnapshot = db.prepare('INSERT INTO snapshots (run_id, idx, t_ns, data) VALUES (?, ?, ?, ?)');
    this.insVmstat = db.prepare('INSERT INTO vmstat (run_id, name, value) VALUES (?, ?, ?)');
    this.insDetail = db.prepare('INSERT INTO run_detail (run_id, interval_ns, samples, map_json) VALUES (?, ?, ?, ?)');
    this.selRequests = db
      .prepare(
        `SELECT req_id, client, pages, start_ns, end_ns, latency_ns, ok, reason, start_pfn, migrated, dropped, written,
           retries, candidates, bound_ns, deadline_missed, blocking_json FROM requests WHERE run_id = ? ORDER BY seq`,
      )
      .raw(true);
    this.selSeries = db.prepare('SELECT ord, name, encoding, length, data FROM series WHERE run_id = ? ORDER BY ord');
    this.selDetail = db.prepare('SELECT interval_ns, samples, map_json FROM run_detail WHERE run_id = ?');
    this.selSnapTimes = db.prepare('SELECT idx, t_ns FROM snapshots WHERE run_id = ? ORDER BY idx');
    this.selSnap = db.prepare('SELECT t_ns, data FROM snapshots WHERE run_id = ? AND idx = ?');
    this.selVmstat = db.prepare('SELECT name, value FROM vmstat WHERE run_id = ? ORDER BY name');
    this.countRequests = db.prepare('SELECT count(*) FROM requests WHERE run_id = ?').pluck();
  }

  /** Insert all detail rows; the caller owns the transaction. */
  write(runId: number, d: EncodedDetail): void {
    this.insDetail.run(runId, d.intervalNs, d.t.length, JSON.stringify(d.map));
    const reqs = d.requests;
    for (let i = 0; i < reqs.length; i++) {
      const r = reqs[i]!;
      this.insRequest.run(
        runId, i, r.id, r.client, r.pages, r.startNs, r.endNs, r.latencyNs, r.ok ? 1 : 0, r.reason, r.startPfn,
        r.migrated, r.dropped, r.written, r.retries, r.candidates, r.boundNs, r.deadlineMissed ? 1 : 0,
        JSON.stringify(r.blocking),
      );
    }
    const cols = [d.t, ...d.columns];
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      this.insSeries.run(runId, i, c.name, c.encoding, c.length, c.data);
    }
    for (let i = 0; i < d.snapshots.length; i++) this.insSnapshot.run(runId, i, d.snapshots[i]!.tNs, d.snapshots[i]!.data);
    for (const [name, value] of Object.entries(d.vmstat)) this.insVmstat.run(runId, name, value);
  }

  has(runId: number): boolean {
    return this.selDetail.get(runId) !== undefined;
  }

  requestCount(runId: number): number {
    return this.countRequests.get(runId) as number;
  }

  requests(runId: number): RequestRecord[] {
    const rows = this.selRequests.all(runId) as RequestRow[];
    const out = new Array<RequestRecord>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      out[i] = {
        id: r[0], client: r[1], pages: r[2], startNs: r[3], endNs: r[4], latencyNs: r[5], ok: r[6] === 1,
        reason: r[7], startPfn: r[8], migrated: r[9], dropped: r[10], written: r[11], retries: r[12],
        candidates: r[13], boundNs: r[14], deadlineMissed: r[15] === 1,
        // Most requests are never blocked: skip JSON.parse for the common empty list.
        blocking: r[16] === '[]' ? [] : JSON.parse(r[16]),
      };
    }
    return out;
  }

  /** Series columns as stored (for the archive), t first. */
  encodedSeries(runId: number): { intervalNs: number; t: EncodedColumn; columns: EncodedColumn[] } | null {
    const detail = this.selDetail.get(runId) as { interval_ns: number } | undefined;
    if (!detail) return null;
    const rows = this.selSeries.all(runId) as { ord: number; name: string; encoding: SeriesEncoding; length: number; data: Buffer }[];
    const cols = rows.map((r) => ({ name: r.name, encoding: r.encoding, length: r.length, data: r.data }));
    const t = cols.shift();
    if (!t) throw new Error(`run ${runId}: series has no t column`);
    return { intervalNs: detail.interval_ns, t, columns: cols };
  }

  series(runId: number): SeriesSet | null {
    const enc = this.encodedSeries(runId);
    if (!enc) return null;
    const columns: Record<string, number[]> = {};
    for (const c of enc.columns) columns[c.name] = decodeColumn(c.encoding, c.length, c.data);
    return { intervalNs: enc.intervalNs, t: decodeColumn(enc.t.encoding, enc.t.length, enc.t.data), columns };
  }

  map(runId: number): MemoryMapMeta | null {
    const detail = this.selDetail.get(runId) as { map_json: string } | undefined;
    return detail ? (JSON.parse(detail.map_json) as MemoryMapMeta) : null;
  }

  snapshotTimes(runId: number): SnapshotInfo[] {
    return (this.selSnapTimes.all(runId) as { idx: number; t_ns: number }[]).map((r) => ({ index: r.idx, tNs: r.t_ns }));
  }

  encodedSnapshot(runId: number, index: number): { tNs: number; data: Buffer } | null {
    const row = this.selSnap.get(runId, index) as { t_ns: number; data: Buffer } | undefined;
    return row ? { tNs: row.t_ns, data: row.data } : null;
  }

  snapshot(runId: number, index: number): MapSnapshot | null {
    const row = this.encodedSnapshot(runId, index);
    return row ? { tNs: row.tNs, data: decodeSnapshot(row.data) } : null;
  }

  vmstat(runId: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.selVmstat.all(runId) as { name: string; value: number }[]) out[r.name] = r.value;
    return out;
  }
}

/*
 * Bounded memory of one run's live data (`runs:live`): the sampled series
 * rows and the contiguous requests as they complete. The run manager keeps
 * one per running run, which is what `runs:liveSnapshot` answers a page that
 * subscribes mid-run; the renderer keeps one per watched run.
 *
 * Rows thin out instead of scrolling away: when more than `maxRows` are kept,
 * every second one is dropped and from then on only every 2^k-th row is kept,
 * so a chart of the buffer still spans the whole run at a coarser step (the
 * newest row is always included). Requests keep the newest `maxRequests`.
 */
import type { RequestRecord, SampleRow } from './types.ts';

export interface LiveData {
  rows: SampleRow[];
  requests: RequestRecord[];
  /** 1: every row so far; 2^k: rows were thinned to every 2^k-th (plus the newest). */
  rowStride: number;
  /** Oldest requests left out to stay within the cap. */
  droppedRequests: number;
}

export const LIVE_MAX_ROWS = 600;
export const LIVE_MAX_REQUESTS = 10_000;

export class LiveBuffer {
  private kept: SampleRow[] = [];
  /** Sequence number of each kept row (0-based count of rows pushed). */
  private seqs: number[] = [];
  private newest: SampleRow | null = null;
  private seen = 0;
  private stride = 1;
  private reqs: RequestRecord[] = [];
  private dropped = 0;

  constructor(
    readonly maxRows = LIVE_MAX_ROWS,
    readonly maxRequests = LIVE_MAX_REQUESTS,
  ) {}

  push(rows: readonly SampleRow[], requests: readonly RequestRecord[] = []): void {
    for (const r of rows) {
      const n = this.seen++;
      this.newest = r;
      if (n % this.stride !== 0) continue;
      this.kept.push(r);
      this.seqs.push(n);
      if (this.kept.length > this.maxRows) this.thin();
    }
    if (requests.length) {
      for (const q of requests) this.reqs.push(q);
      const over = this.reqs.length - this.maxRequests;
      if (over > 0) {
        this.reqs.splice(0, over);
        this.dropped += over;
      }
    }
  }

  /** Rows pushed so far (kept or not). */
  get rowCount(): number {
    return this.seen;
  }

  get requestCount(): number {
    return this.reqs.length + this.dropped;
  }

  /** Kept rows in time order, the newest always last. */
  rows(): SampleRow[] {
    const out = this.kept.slice();
    if (this.newest && this.seqs[this.seqs.length - 1] !== this.seen - 1) out.push(this.newest);
    return out;
  }

  requests(): readonly RequestRecord[] {
    return this.reqs;
  }

  data(): LiveData {
    return { rows: this.rows(), requests: this.reqs.slice(), rowStride: this.stride, droppedRequests: this.dropped };
  }

  /**
   * Fold in what happened before this buffer started listening (a snapshot
   * fetched after subscribing): its rows older than our first, and its
   * requests we have not seen, by id.
   */
  mergeEarlier(earlier: LiveData): void {
    const mine = this.rows();
    const firstT = mine.length ? mine[0]!.tNs : Infinity;
    const ids = new Set(this.reqs.map((r) => r.id));
    const reqs = earlier.requests.filter((r) => !ids.has(r.id)).concat(this.reqs);
    reqs.sort((a, b) => a.endNs - b.endNs || a.id - b.id);
    const dropped = this.dropped + earlier.droppedRequests;
    this.kept = [];
    this.seqs = [];
    this.newest = null;
    this.seen = 0;
    this.stride = 1;
    this.reqs = [];
    this.dropped = 0;
    this.push(earlier.rows.filter((r) => r.tNs < firstT));
    this.push(mine, reqs);
    this.dropped += dropped;
  }

  private thin(): void {
    this.stride *= 2;
    const kept: SampleRow[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < this.kept.length; i++) {
      if (this.seqs[i]! % this.stride !== 0) continue;
      kept.push(this.kept[i]!);
      seqs.push(this.seqs[i]!);
    }
    this.kept = kept;
    this.seqs = seqs;
  }
}

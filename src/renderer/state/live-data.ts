/*
 * Live series rows and completed requests of this session's runs, fed by
 * `runs:live` events into one bounded LiveBuffer per run (src/shared/live.ts).
 * Buffers are mutable and live outside the React state; the state holds one
 * version number per run, bumped at most once per animation frame however
 * many batches arrived, so charts redraw at most once a frame.
 *
 * A run that was already going when this page started listening (a reload)
 * is completed from `runs:liveSnapshot` the first time a view asks for it;
 * one that has ended by then has no live buffer on the server any more, and
 * if it completed its charts are drawn from the archive's series instead.
 * After a reconnect, the batches sent meanwhile are lost: runs that were
 * still going are fetched again the same way (resync).
 * Finished runs keep their buffer (frozen charts) until dismissed.
 */
import type { ApiClient } from '../../shared/client.ts';
import { LiveBuffer, type LiveData } from '../../shared/live.ts';
import type { RunDetail, SampleRow } from '../../shared/types.ts';
import { Store } from './store.ts';

export interface LiveDataState {
  /** Bumped when a run's buffer changed; absent: nothing received yet. */
  versions: Record<number, number>;
}

/** Runs whose data is kept at most (the oldest go first). */
const MAX_RUNS = 24;

type Schedule = (fn: () => void) => void;

const nextFrame: Schedule = (fn) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => fn());
  else setTimeout(fn, 16);
};

export class LiveDataStore extends Store<LiveDataState> {
  private readonly buffers = new Map<number, LiveBuffer>();
  /** Runs whose stream we hold from the start, or whose snapshot was asked for. */
  private readonly complete = new Set<number>();
  /** Runs whose status event said they ended (their buffer can no longer miss anything). */
  private readonly ended = new Set<number>();
  /** Batches since a resync began, to lay over the snapshot that replaces the buffer once it arrives. */
  private readonly since = new Map<number, LiveBuffer>();
  private readonly dirty = new Set<number>();
  private scheduled = false;

  constructor(
    private readonly api: ApiClient,
    private readonly schedule: Schedule = nextFrame,
  ) {
    super({ versions: {} });
    api.on('runs:live', (e) => {
      this.buffer(e.id).push(e.rows, e.requests);
      this.since.get(e.id)?.push(e.rows, e.requests);
      this.touch(e.id);
    });
    // Listening before a run starts means its stream is whole: no snapshot needed.
    api.on('runs:status', (e) => {
      if (e.status === 'running') this.complete.add(e.runId);
      else if (e.status !== 'queued') this.ended.add(e.runId);
    });
  }

  get(id: number): LiveBuffer | undefined {
    return this.buffers.get(id);
  }

  /** A view shows run `id`: fetch what it streamed before we listened (once per run). */
  watch(id: number): void {
    if (this.complete.has(id)) return;
    this.complete.add(id);
    void this.api.result('runs:liveSnapshot', { id }).then((r) => {
      const since = this.since.get(id);
      this.since.delete(id);
      // Unreachable (the connection dropped): the next watch tries again.
      if (!r.ok) return void this.complete.delete(id);
      if (r.value.active) this.mergeSnapshot(id, r.value, since);
      // The run has ended: the server dropped its live buffer, the archive has all of it.
      else return this.fromArchive(id);
    });
  }

  /** After a reconnect: fetch again what runs not known to have ended streamed, since batches sent meanwhile are lost. */
  resync(): void {
    // Runs seen starting count too: the batches lost may be their first.
    for (const id of new Set([...this.buffers.keys(), ...this.complete])) {
      if (this.ended.has(id)) continue;
      this.complete.delete(id);
      // The old buffer stays on screen until the snapshot arrives; batches from now on are collected apart.
      this.since.set(id, new LiveBuffer());
      this.watch(id);
    }
  }

  drop(id: number): void {
    this.complete.delete(id);
    this.since.delete(id);
    if (!this.buffers.delete(id)) return;
    this.setState((s) => {
      const versions = { ...s.versions };
      delete versions[id];
      return { versions };
    });
  }

  /** Forget every run but these. */
  keepOnly(ids: readonly number[]): void {
    const keep = new Set(ids);
    for (const id of [...this.buffers.keys()]) if (!keep.has(id)) this.drop(id);
  }

  /** The server's buffer of a running run, laid under what arrived since (after a resync: in place of the old buffer). */
  private mergeSnapshot(id: number, snap: LiveData, since: LiveBuffer | undefined): void {
    if (!since && !snap.rows.length && !snap.requests.length) return;
    const b = since ?? this.buffer(id);
    b.mergeEarlier(snap);
    this.install(id, b);
    this.touch(id);
  }

  /** A completed run's stored series and requests, in place of a live stream we saw only part of (or none of). */
  private async fromArchive(id: number): Promise<void> {
    const r = await this.api.result('runs:get', { id });
    if (!r.ok || r.value.run.status !== 'completed' || !r.value.series) return;
    const b = new LiveBuffer();
    b.push(seriesRows(r.value.series), r.value.requests);
    this.install(id, b);
    this.touch(id);
  }

  private buffer(id: number): LiveBuffer {
    return this.buffers.get(id) ?? this.install(id, new LiveBuffer());
  }

  private install(id: number, b: LiveBuffer): LiveBuffer {
    this.buffers.set(id, b);
    if (this.buffers.size > MAX_RUNS) {
      // The oldest other run (a loop: no spread of a list into Math.min).
      let oldest = Infinity;
      for (const k of this.buffers.keys()) if (k !== id && k < oldest) oldest = k;
      this.drop(oldest);
    }
    return b;
  }

  private touch(id: number): void {
    this.dirty.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      const ids = [...this.dirty];
      this.dirty.clear();
      this.setState((s) => {
        const versions = { ...s.versions };
        for (const i of ids) if (this.buffers.has(i)) versions[i] = (versions[i] ?? 0) + 1;
        return { versions };
      });
    });
  }
}

/** Stored series columns as the rows the live stream sends. */
function seriesRows(series: NonNullable<RunDetail['series']>): SampleRow[] {
  const names = Object.keys(series.columns);
  return series.t.map((tNs, i) => {
    const values: Record<string, number> = {};
    for (const c of names) values[c] = series.columns[c]![i]!;
    return { tNs, values };
  });
}

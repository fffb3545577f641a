/*
 * Live series rows and completed requests of this session's runs, fed by
 * `runs:live` events into one bounded LiveBuffer per run (src/shared/live.ts).
 * Buffers are mutable and live outside the React state; the state holds one
 * version number per run, bumped at most once per animation frame however
 * many batches arrived, so charts redraw at most once a frame.
 *
 * A run that was already going when this page started listening (a reload)
 * is completed from `runs:liveSnapshot` the first time a view asks for it.
 * Finished runs keep their buffer (frozen charts) until dismissed.
 */
import type { ApiClient } from '../../shared/client.ts';
import { LiveBuffer } from '../../shared/live.ts';
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
  private readonly dirty = new Set<number>();
  private scheduled = false;

  constructor(
    private readonly api: ApiClient,
    private readonly schedule: Schedule = nextFrame,
  ) {
    super({ versions: {} });
    api.on('runs:live', (e) => {
      this.buffer(e.id).push(e.rows, e.requests);
      this.touch(e.id);
    });
    // Listening before a run starts means its stream is whole: no snapshot needed.
    api.on('runs:status', (e) => {
      if (e.status === 'running') this.complete.add(e.runId);
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
      if (!r.ok || !r.value.active || (!r.value.rows.length && !r.value.requests.length)) return;
      this.buffer(id).mergeEarlier(r.value);
      this.touch(id);
    });
  }

  drop(id: number): void {
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

  private buffer(id: number): LiveBuffer {
    let b = this.buffers.get(id);
    if (!b) {
      b = new LiveBuffer();
      this.buffers.set(id, b);
      if (this.buffers.size > MAX_RUNS) this.drop(Math.min(...[...this.buffers.keys()].filter((k) => k !== id)));
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

/*
 * Per-run data for the detail and compare pages: the RunDetail (inputs,
 * summary, requests, series, map meta, snapshot times) and decoded memory-map
 * snapshots. Cached by run id; a run's entry is dropped when its status
 * changes so a finished run is fetched again with its results.
 *
 * Snapshots are decoded once into Uint16Arrays and kept in a small LRU: the
 * scrubber revisits the same few while dragging, and a 16 GiB machine's
 * snapshot is ~200 KB.
 */
import type { ApiClient } from '../../shared/client.ts';
import { decodeSnapshotData } from '../../shared/snapshot.ts';
import type { RunDetail } from '../../shared/types.ts';
import type { LiveStore } from './live.ts';
import { Store, type Remote } from './store.ts';

const SNAPSHOT_CACHE = 256;

export interface DetailState {
  runs: Record<number, Remote<RunDetail>>;
}

export class DetailStore extends Store<DetailState> {
  private snapshots = new Map<string, Uint16Array>();
  private pending = new Map<string, Promise<Uint16Array>>();

  constructor(
    private readonly api: ApiClient,
    live: LiveStore,
  ) {
    super({ runs: {} });
    live.onStatusChange((id) => {
      if (this.state.runs[id]) void this.load(id, true);
    });
  }

  async load(id: number, force = false): Promise<void> {
    const cur = this.state.runs[id];
    if (!force && cur && (cur.state === 'ready' || cur.state === 'loading')) return;
    const prev = cur?.state === 'ready' ? cur.value : undefined;
    this.put(id, prev ? { state: 'loading', prev } : { state: 'loading' });
    try {
      this.put(id, { state: 'ready', value: await this.api.call('runs:get', { id }) });
    } catch (e) {
      this.put(id, { state: 'error', message: (e as Error).message, ...(prev ? { prev } : {}) });
    }
  }

  /** Patch a loaded run after an edit elsewhere (tags, notes). */
  patch(id: number, f: (d: RunDetail) => RunDetail): void {
    const cur = this.state.runs[id];
    if (cur?.state === 'ready') this.put(id, { state: 'ready', value: f(cur.value) });
  }

  private put(id: number, r: Remote<RunDetail>): void {
    this.setState((s) => ({ runs: { ...s.runs, [id]: r } }));
  }

  cachedSnapshot(id: number, index: number): Uint16Array | undefined {
    return this.snapshots.get(`${id}:${index}`);
  }

  snapshot(id: number, index: number): Promise<Uint16Array> {
    const key = `${id}:${index}`;
    const hit = this.snapshots.get(key);
    if (hit) {
      // Refresh LRU position.
      this.snapshots.delete(key);
      this.snapshots.set(key, hit);
      return Promise.resolve(hit);
    }
    const inflight = this.pending.get(key);
    if (inflight) return inflight;
    const p = this.api
      .call('runs:snapshot', { id, index })
      .then((s) => {
        const data = decodeSnapshotData(s.data);
        this.snapshots.set(key, data);
        if (this.snapshots.size > SNAPSHOT_CACHE) this.snapshots.delete(this.snapshots.keys().next().value!);
        return data;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }
}

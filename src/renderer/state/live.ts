/*
 * Runs of this session, with the latest progress of each. The session is the
 * server's (the desktop app's main process, or `cmawb serve`): every run its
 * run manager queued since it started, finished ones until dismissed. So a
 * page reload, a second tab or a reconnect loads the same list from
 * `runs:active`; `runs:progress` / `runs:status` events keep it current.
 * Each progress event also appends to a short history, drawn as the
 * events/s sparkline, because the API streams progress, not samples.
 *
 * A run's status only moves forward (queued -> running -> final), whichever
 * source says so first: events and listings race, and a late progress event
 * or an older listing must not bring a finished run back to life.
 */
import type { ApiClient } from '../../shared/client.ts';
import type { RunInfo, RunProgressEvent, RunStatus } from '../../shared/types.ts';
import { Store } from './store.ts';

export interface LiveRun {
  id: number;
  status: RunStatus;
  progress: RunProgressEvent | null;
  /** Events/s samples, oldest first (at most HISTORY). */
  rate: number[];
  info: RunInfo | null;
  error: string | null;
  /** Wall time the status last changed (ms), to age out finished runs. */
  changedAt: number;
}

export interface LiveState {
  runs: Record<number, LiveRun>;
  /** Ids ascending, which is the order they were queued in (the server numbers runs as it queues them). */
  order: number[];
}

const HISTORY = 120;

const STAGE: Record<RunStatus, number> = { queued: 0, running: 1, completed: 2, failed: 2, cancelled: 2, interrupted: 2 };

/** Completed, failed, cancelled or interrupted: the run will not change again. */
export function isFinal(status: RunStatus): boolean {
  return STAGE[status] === 2;
}

export class LiveStore extends Store<LiveState> {
  private statusListeners = new Set<(id: number, status: RunStatus) => void>();
  private removedListeners = new Set<(ids: readonly number[]) => void>();

  constructor(private readonly api: ApiClient) {
    super({ runs: {}, order: [] });
    api.on('runs:progress', (p) => this.onProgress(p));
    api.on('runs:status', (e) => this.onStatus(e.runId, e.status, e.error?.message ?? null));
    api.on('runs:deleted', (e) => this.forget(e.ids));
  }

  /** Status changes, for stores that cache per-run data (runs list, detail). */
  onStatusChange(l: (id: number, status: RunStatus) => void): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }

  /** Runs taken off the list (dismissed, cleared or deleted), for stores that hold per-run data (live charts). */
  onRemoved(l: (ids: readonly number[]) => void): () => void {
    this.removedListeners.add(l);
    return () => this.removedListeners.delete(l);
  }

  /**
   * (Re)load the session from the server: at start, and after a reconnect,
   * when events sent meanwhile are lost. Runs shown here that the server no
   * longer has (it was restarted) keep their place with the archive's state,
   * interrupted or cancelled. False when the server could not be reached.
   */
  async load(): Promise<boolean> {
    let active;
    try {
      active = await this.api.call('runs:active');
    } catch {
      // Events still arrive; the list fills as runs report.
      return false;
    }
    for (const id of active.queued) this.advance(id, { status: 'queued' });
    for (const p of active.running) this.onProgress(p);
    const going = [...active.queued, ...active.running.map((p) => p.runId)];
    const rest = new Set([...this.state.order, ...active.finished]);
    for (const id of going) rest.delete(id);
    await this.fetchInfo([...going, ...rest]);
    return true;
  }

  /** Runs just started from the experiment form. */
  track(ids: number[]): void {
    for (const id of ids) if (!this.state.runs[id]) this.advance(id, { status: 'queued' });
    void this.fetchInfo(ids);
  }

  /** Take finished runs off the list, here and in the server's session, so a reload does not bring them back. */
  async dismiss(ids: readonly number[]): Promise<void> {
    const gone = ids.filter((id) => {
      const run = this.state.runs[id];
      return run !== undefined && isFinal(run.status);
    });
    if (!gone.length) return;
    this.remove(gone);
    await this.api.call('runs:dismiss', { ids: gone });
  }

  /**
   * Runs deleted from the archive, here or in another tab or window (the server announces every delete
   * and drops them from its session itself): off the list whatever state it last knew, since only
   * finished runs can be deleted.
   */
  forget(ids: readonly number[]): void {
    if (ids.length) this.remove(ids);
  }

  dismissFinished(): Promise<void> {
    return this.dismiss(this.state.order.filter((id) => isFinal(this.state.runs[id]!.status)));
  }

  async cancel(id: number): Promise<void> {
    await this.api.call('runs:cancel', { id });
  }

  private async fetchInfo(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    let runs: RunInfo[];
    try {
      // Runs of this session are the newest, so the head of the list holds them.
      ({ runs } = await this.api.call('runs:list', { limit: Math.max(200, ids.length * 2) }));
    } catch {
      // Names are decoration; progress works without them.
      return;
    }
    const byId = new Map(runs.map((r) => [r.id, r] as const));
    for (const id of ids) {
      const info = byId.get(id);
      if (!info) continue;
      const known = this.state.runs[id]?.status;
      // The archive is the only witness of what happened while no events came (a reload, a dropped connection).
      const changed = this.advance(id, { info, status: info.status, ...(isFinal(info.status) ? { error: info.error?.message ?? null } : {}) });
      if (changed && known !== undefined) this.notify(id, info.status);
    }
  }

  private onProgress(p: RunProgressEvent): void {
    const prev = this.state.runs[p.runId];
    // A progress event that arrives after the run's end says nothing new.
    if (prev && isFinal(prev.status)) return;
    // Rate over the last interval from successive events: it follows slow phases (reclaim storms)
    // at once, where a whole-phase average lags. The event counter restarts with each phase.
    const last = prev?.progress;
    const dt = last ? p.elapsedS - last.elapsedS : 0;
    // A phase that has just begun (no events yet) says nothing about the rate: keep the last one, add no sample.
    const starting = p.events === 0 && last !== null && last !== undefined;
    const rateNow = starting
      ? last.eventsPerS
      : last && last.phase === p.phase && dt > 0.05 && p.events >= last.events
        ? (p.events - last.events) / dt
        : p.eventsPerS;
    const progress = { ...p, eventsPerS: rateNow };
    const rate = starting ? prev!.rate : prev ? prev.rate.concat(rateNow) : [rateNow];
    if (rate.length > HISTORY) rate.splice(0, rate.length - HISTORY);
    this.advance(p.runId, { status: 'running', progress, rate });
    if (!prev) void this.fetchInfo([p.runId]);
  }

  private onStatus(id: number, status: RunStatus, error: string | null): void {
    const prev = this.state.runs[id];
    const changed = this.advance(id, { status, error });
    // A finished run's summary is in the store now; a new one needs its name.
    if (!prev || status === 'completed' || status === 'failed') void this.fetchInfo([id]);
    if (!prev || changed) this.notify(id, status);
  }

  private remove(ids: readonly number[]): void {
    if (ids.some((id) => this.state.runs[id] !== undefined)) {
      this.setState((s) => {
        const runs = { ...s.runs };
        for (const id of ids) delete runs[id];
        return { runs, order: s.order.filter((x) => runs[x] !== undefined) };
      });
    }
    // Listeners hear every id, listed here or not: a deleted run may have live data without a row.
    for (const l of [...this.removedListeners]) l(ids);
  }

  private notify(id: number, status: RunStatus): void {
    for (const l of [...this.statusListeners]) l(id, status);
  }

  /** Insert or update a run; a status that would move it backwards is ignored. True when the status changed. */
  private advance(id: number, patch: Partial<LiveRun>): boolean {
    const cur = this.state.runs[id];
    const { status, ...rest } = patch;
    const moves = status !== undefined && (!cur || (status !== cur.status && STAGE[status] >= STAGE[cur.status] && !isFinal(cur.status)));
    // A source that lags behind (an older listing) can at most name a run we knew only by id.
    const stale = cur !== undefined && status !== undefined && status !== cur.status && !moves;
    const base = cur ?? { id, status: status ?? 'queued', progress: null, rate: [], info: null, error: null, changedAt: Date.now() };
    const next: LiveRun = { ...base, ...(stale ? (rest.info && !cur.info ? { info: rest.info } : {}) : rest) };
    if (moves && cur) {
      next.status = status;
      next.changedAt = Date.now();
    }
    this.setState((s) => ({ runs: { ...s.runs, [id]: next }, order: cur ? s.order : insertSorted(s.order, id) }));
    return moves && cur !== undefined;
  }
}

function insertSorted(order: readonly number[], id: number): number[] {
  const i = order.findIndex((x) => x > id);
  return i < 0 ? [...order, id] : [...order.slice(0, i), id, ...order.slice(i)];
}

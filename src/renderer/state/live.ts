/*
 * Runs of this session that are queued, running or just finished, with the
 * latest progress of each. Fed by `runs:progress` / `runs:status` events and
 * seeded from `runs:active` so a page reload shows what is still going.
 * Each progress event also appends to a short history, drawn as the
 * events/s sparkline, because the API streams progress, not samples.
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
  /** Ids in the order they were queued. */
  order: number[];
}

const HISTORY = 120;

export class LiveStore extends Store<LiveState> {
  private statusListeners = new Set<(id: number, status: RunStatus) => void>();

  constructor(private readonly api: ApiClient) {
    super({ runs: {}, order: [] });
    api.on('runs:progress', (p) => this.onProgress(p));
    api.on('runs:status', (e) => this.onStatus(e.runId, e.status, e.error?.message ?? null));
  }

  /** Status changes, for stores that cache per-run data (runs list, detail). */
  onStatusChange(l: (id: number, status: RunStatus) => void): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }

  async load(): Promise<void> {
    try {
      const active = await this.api.call('runs:active');
      for (const id of active.queued) this.upsert(id, { status: 'queued' });
      for (const p of active.running) this.onProgress(p);
      await this.fetchInfo([...active.queued, ...active.running.map((p) => p.runId)]);
    } catch {
      // Events still arrive; the list fills as runs report.
    }
  }

  /** Runs just started from the experiment form. */
  track(ids: number[]): void {
    for (const id of ids) if (!this.state.runs[id]) this.upsert(id, { status: 'queued' });
    void this.fetchInfo(ids);
  }

  dismiss(id: number): void {
    this.setState((s) => {
      const runs = { ...s.runs };
      delete runs[id];
      return { runs, order: s.order.filter((x) => x !== id) };
    });
  }

  dismissFinished(): void {
    const keep = this.state.order.filter((id) => {
      const st = this.state.runs[id]?.status;
      return st === 'queued' || st === 'running';
    });
    const runs: Record<number, LiveRun> = {};
    for (const id of keep) runs[id] = this.state.runs[id]!;
    this.setState({ runs, order: keep });
  }

  async cancel(id: number): Promise<void> {
    await this.api.call('runs:cancel', { id });
  }

  private async fetchInfo(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      // Runs of this session are the newest, so the head of the list holds them.
      const { runs } = await this.api.call('runs:list', { limit: Math.max(200, ids.length * 2) });
      const byId = new Map(runs.map((r) => [r.id, r] as const));
      for (const id of ids) {
        const info = byId.get(id);
        if (!info) continue;
        const cur = this.state.runs[id]?.status;
        // Events are the source of truth for status; the listing only fills in a run we have not heard about.
        this.upsert(id, cur && cur !== 'queued' ? { info } : { info, status: info.status });
      }
    } catch {
      // Names are decoration; progress works without them.
    }
  }

  private onProgress(p: RunProgressEvent): void {
    const prev = this.state.runs[p.runId];
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
    this.upsert(p.runId, { status: 'running', progress, rate });
    if (!prev) void this.fetchInfo([p.runId]);
  }

  private onStatus(id: number, status: RunStatus, error: string | null): void {
    const prev = this.state.runs[id];
    this.upsert(id, { status, error });
    // A finished run's summary is in the store now; a new one needs its name.
    if (!prev || status === 'completed' || status === 'failed') void this.fetchInfo([id]);
    for (const l of [...this.statusListeners]) l(id, status);
  }

  private upsert(id: number, patch: Partial<LiveRun>): void {
    this.setState((s) => {
      const prev = s.runs[id] ?? { id, status: 'queued' as RunStatus, progress: null, rate: [], info: null, error: null, changedAt: Date.now() };
      const next: LiveRun = { ...prev, ...patch };
      if (patch.status && patch.status !== prev.status) next.changedAt = Date.now();
      return { runs: { ...s.runs, [id]: next }, order: s.order.includes(id) ? s.order : [...s.order, id] };
    });
  }
}

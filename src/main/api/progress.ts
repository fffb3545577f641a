/* The run manager's progress, status and live data, in the contract's event shapes. */
import type { RunProgressInfo } from '../runs/index.ts';
import type { RunStatusEvent as ManagerStatusEvent } from '../runs/index.ts';
import type { RunProgressEvent, RunStatusEvent } from '../../shared/types.ts';
import type { ApiContext } from './context.ts';
import type { Disposable } from '../runs/index.ts';

export function progressEvent(p: RunProgressInfo): RunProgressEvent {
  return {
    runId: p.runId,
    status: 'running',
    phase: p.phase,
    fraction: p.fraction,
    eventsPerS: p.eventsPerS,
    etaS: p.etaS,
    elapsedS: p.elapsedS,
    virtualNs: p.virtualNs,
    totalNs: p.totalNs,
    events: p.events,
  };
}

export function statusEvent(e: ManagerStatusEvent): RunStatusEvent {
  return e.error ? { runId: e.runId, status: e.status, error: e.error } : { runId: e.runId, status: e.status };
}

/** Forward the manager's events to the API's subscribers; dispose to stop. */
export function forwardRunEvents(ctx: Pick<ApiContext, 'runs' | 'emit'>): Disposable {
  const subs = [
    ctx.runs.onProgress((p) => ctx.emit('runs:progress', progressEvent(p))),
    ctx.runs.onStatus((e) => ctx.emit('runs:status', statusEvent(e))),
    ctx.runs.onLive((e) => ctx.emit('runs:live', { id: e.runId, rows: e.rows, requests: e.requests })),
  ];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}

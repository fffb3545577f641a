/*
 * How the live page splits the session's runs: running ones and the queue in
 * the order they were queued, finished ones newest first, and which finished
 * run keeps its charts open. Ids order all of it (the server numbers runs as
 * it queues them), so the page reads the same before and after a reload,
 * whatever order the events or the reload told it about the runs.
 */
import { isFinal, type LiveRun, type LiveState } from '../../state/live.ts';

export interface LiveSections {
  running: LiveRun[];
  /** Waiting for a worker, first in line first. */
  queued: LiveRun[];
  /** Newest first. */
  done: LiveRun[];
  /** The newest finished run that has charts to show: open unless closed by hand. */
  chartsOpen: number | undefined;
}

/** hasData: whether live data of the run is at hand (streamed here, or fetched after a reload). */
export function liveSections(state: LiveState, hasData: (id: number) => boolean): LiveSections {
  const runs = [...state.order]
    .sort((a, b) => a - b)
    .map((id) => state.runs[id])
    .filter((r): r is LiveRun => r !== undefined);
  const done = runs.filter((r) => isFinal(r.status)).reverse();
  return {
    running: runs.filter((r) => r.status === 'running'),
    queued: runs.filter((r) => r.status === 'queued'),
    done,
    chartsOpen: done.find((r) => hasCharts(r, hasData))?.id,
  };
}

/** A finished run has charts if it streamed here, or if it completed (the archive holds its series). */
export function hasCharts(run: LiveRun, hasData: (id: number) => boolean): boolean {
  return hasData(run.id) || run.status === 'completed';
}

/** The confirmation of "Cancel all": how many runs it stops, running and queued counted apart. */
export function cancelAllText(runs: readonly Pick<LiveRun, 'status'>[]): { title: string; body: string } {
  const n = runs.length;
  const running = runs.filter((r) => r.status === 'running').length;
  const queued = n - running;
  const parts = [running ? `${running} running` : '', queued ? `${queued} queued` : ''].filter(Boolean).join(' and ');
  return {
    title: `Cancel ${n} run${n === 1 ? '' : 's'}?`,
    body: `${parts[0]!.toUpperCase()}${parts.slice(1)} run${n === 1 ? '' : 's'} will stop; ${n === 1 ? 'it keeps' : 'they keep'} what ${n === 1 ? 'it' : 'they'} recorded so far, marked cancelled.`,
  };
}

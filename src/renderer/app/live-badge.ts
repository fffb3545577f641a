/*
 * The Live runs link's count of running and queued runs. While the server
 * cannot be reached the count is only the last known one (runs may have
 * ended since), so it reads as stale rather than current.
 */
import type { LiveState } from '../state/live.ts';

export interface LiveBadge {
  text: string;
  /** What a screen reader and the tooltip say. */
  label: string;
  stale: boolean;
}

/** Running or queued runs in the session. */
export function activeCount(s: LiveState): number {
  return s.order.filter((id) => ['queued', 'running'].includes(s.runs[id]!.status)).length;
}

/** Null when nothing is (known to be) running or queued. */
export function liveBadge(active: number, offline: boolean): LiveBadge | null {
  if (active <= 0) return null;
  const label = offline ? `last known: ${active} running or queued; the server is unreachable` : `${active} running or queued`;
  return { text: String(active), label, stale: offline };
}

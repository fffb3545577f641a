/*
 * Events main pushes to every subscriber, and the Electron IPC channel
 * names. Kept apart from api.ts so the sandboxed preload can import them
 * without pulling zod into its bundle.
 */
import type { PluginInfo, RunLiveEvent, RunProgressEvent, RunStatusEvent } from './types.ts';

export interface ApiEvents {
  /** Throttled (about 4 per second per run). */
  'runs:progress': RunProgressEvent;
  /** Every state change: queued, running, completed, failed, cancelled, interrupted. */
  'runs:status': RunStatusEvent;
  /** Series rows and completed requests of a running run, batched (about 4 per second per run). */
  'runs:live': RunLiveEvent;
  /** The plugin list changed (reload, or the host noticed a change). */
  'plugins:changed': PluginInfo[];
  /** Runs left the archive (any window or tab deleted them). */
  'runs:deleted': { ids: number[] };
  /** Runs entered the archive by import (started runs announce themselves with runs:status). */
  'runs:imported': { ids: number[] };
}
export type ApiEvent = keyof ApiEvents;
export const API_EVENTS: readonly ApiEvent[] = ['runs:progress', 'runs:status', 'runs:live', 'plugins:changed', 'runs:deleted', 'runs:imported'];

export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && (API_EVENTS as readonly string[]).includes(name);
}

/** The single IPC channel for calls (ipcMain.handle) and the one main sends events on. */
export const IPC_CALL_CHANNEL = 'cmawb:call';
export const IPC_EVENT_CHANNEL = 'cmawb:event';

/*
 * The Electron transport: one ipcMain.handle channel dispatching
 * `namespace:method` to the API map, and one channel main sends events on.
 * The sender check lives here and nowhere else (GitHub Desktop's
 * ipc-main.ts habit); an untrusted frame gets an `unauthorized` envelope.
 * Structural types instead of Electron's, so tests drive it with fakes.
 */
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ApiEvent } from '../../shared/events.ts';
import type { ApiResponse } from '../../shared/api.ts';
import type { Dispatch } from '../api/dispatch.ts';
import type { EventListener } from '../api/services.ts';
import type { Disposable } from '../runs/index.ts';

export interface SenderFrame {
  url: string;
  parent?: unknown;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export function bindIpc(ipcMain: IpcMainLike, dispatch: Dispatch, trusted: (frame: SenderFrame | null) => boolean): Disposable {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method, input): Promise<ApiResponse<unknown>> => {
    if (!trusted(event.senderFrame)) {
      return { ok: false, error: { code: 'unauthorized', message: `IPC call refused: it did not come from the workbench page (${event.senderFrame?.url ?? 'no frame'})` } };
    }
    return dispatch(String(method), input);
  });
  return { dispose: () => ipcMain.removeHandler(IPC_CALL_CHANNEL) };
}

/** Send every API event to the renderers alive at that moment. */
export function forwardEvents(subscribe: (l: EventListener) => Disposable, targets: () => readonly EventTarget[]): Disposable {
  return subscribe((event: ApiEvent, payload: unknown) => {
    for (const t of targets()) if (!t.isDestroyed()) t.send(IPC_EVENT_CHANNEL, event, payload);
  });
}

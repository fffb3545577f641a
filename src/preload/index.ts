/*
 * The renderer's only door to main: `window.api` = {call, on}, typed by the
 * contract (ApiTransport in src/shared/client.ts). call() forwards
 * `namespace:method` and the input over the single IPC channel and returns
 * main's ApiResponse envelope; on() subscribes to one API event and returns
 * its unsubscribe function. Nothing else of ipcRenderer or Node is exposed.
 * Built as CommonJS because sandboxed preloads cannot load ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiTransport } from '../shared/client.ts';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, isApiEvent, type ApiEvent } from '../shared/events.ts';

type Listener = (payload: unknown) => void;
const listeners = new Map<ApiEvent, Set<Listener>>();

// One IPC listener for every subscription, so on() never leaks ipcRenderer listeners.
ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, event: unknown, payload: unknown) => {
  if (!isApiEvent(event)) return;
  for (const l of [...(listeners.get(event) ?? [])]) {
    try {
      l(payload);
    } catch (err) {
      console.error(`listener of ${event} threw`, err);
    }
  }
});

const api: ApiTransport = {
  call: (method, input) => {
    if (typeof method !== 'string') return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'method must be a string' } });
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input);
  },
  on: (event, listener) => {
    if (!isApiEvent(event) || typeof listener !== 'function') return () => {};
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  },
};

contextBridge.exposeInMainWorld('api', api);

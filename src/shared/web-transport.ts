/*
 * Browser-mode transport: calls as POST /api/<namespace:method> (JSON body,
 * JSON ApiResponse back), events over one WebSocket at /ws that reconnects
 * with back-off. Uses only fetch and WebSocket, so it runs in the renderer
 * and, with `ws` injected, in Node tests.
 *
 * Authentication: the page was opened with ?token=..., and the server answered
 * that load with an HttpOnly cookie, so same-origin fetches and the WebSocket
 * upgrade carry it without this code seeing it. A caller outside the page
 * (tests, tools) passes `token`, sent as the x-cmawb-token header and ?token=.
 */
import type { ApiResponse, WireServerMessage } from './api.ts';
import { isApiEvent, type ApiEvent, type ApiEvents } from './events.ts';
import type { ApiTransport, Unsubscribe } from './client.ts';

/** The subset of the WebSocket API used here (browser WebSocket and the `ws` package both fit). */
interface SocketLike {
  readonly readyState: number;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  close(): void;
}
type SocketCtor = new (url: string) => SocketLike;

export const TOKEN_HEADER = 'x-cmawb-token';
export const TOKEN_QUERY = 'token';
export const TOKEN_COOKIE = 'cmawb_token';

export interface WebTransportOptions {
  /** Origin of the server, e.g. "http://127.0.0.1:5173"; default the page's origin. */
  baseUrl?: string;
  token?: string;
  fetch?: typeof fetch;
  WebSocket?: SocketCtor;
  /** Called when the event socket opens or drops (a status indicator). */
  onConnection?: (connected: boolean) => void;
}

export interface WebTransport extends ApiTransport {
  /** Close the event socket and stop reconnecting. */
  close(): void;
}

export function createWebTransport(opts: WebTransportOptions = {}): WebTransport {
  const base = (opts.baseUrl ?? globalThis.location?.origin ?? '').replace(/\/$/, '');
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const Socket = opts.WebSocket ?? (globalThis as { WebSocket?: SocketCtor }).WebSocket;
  const listeners = new Map<ApiEvent, Set<(payload: never) => void>>();
  let socket: SocketLike | null = null;
  let closed = false;
  let retryMs = 250;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const wsUrl = () => {
    const u = new URL('/ws', base || 'http://localhost');
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    if (opts.token) u.searchParams.set(TOKEN_QUERY, opts.token);
    return u.toString();
  };

  const connect = () => {
    if (closed || socket || !Socket) return;
    const s = new Socket(wsUrl());
    socket = s;
    s.addEventListener('open', () => {
      retryMs = 250;
      opts.onConnection?.(true);
    });
    s.addEventListener('message', (ev) => {
      let msg: WireServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as WireServerMessage;
      } catch {
        return;
      }
      if (msg.type !== 'event' || !isApiEvent(msg.event)) return;
      for (const l of [...(listeners.get(msg.event) ?? [])]) {
        try {
          l(msg.payload as never);
        } catch (err) {
          console.error(`listener of ${msg.event} threw`, err);
        }
      }
    });
    s.addEventListener('error', () => {});
    s.addEventListener('close', () => {
      socket = null;
      opts.onConnection?.(false);
      // Reconnect while anyone listens: the server restarted or the laptop slept.
      if (!closed && listenerCount() > 0) {
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      }
    });
  };

  const listenerCount = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);

  return {
    async call(method, input) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.token) headers[TOKEN_HEADER] = opts.token;
      let res: Response;
      try {
        res = await doFetch(`${base}/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers,
          credentials: 'same-origin',
          body: JSON.stringify(input ?? null),
        });
      } catch (err) {
        return { ok: false, error: { code: 'unavailable', message: `the workbench server is not reachable (${(err as Error).message})` } };
      }
      try {
        return (await res.json()) as ApiResponse<never>;
      } catch {
        const code = res.status === 401 ? 'unauthorized' : 'internal';
        return { ok: false, error: { code, message: `${method}: HTTP ${res.status} ${res.statusText}` } };
      }
    },
    on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      connect();
      return () => {
        set.delete(listener as (payload: never) => void);
        if (listenerCount() === 0 && socket) {
          socket.close();
          socket = null;
        }
      };
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}

/**
 * The transport for this page: Electron's preload bridge when present
 * (window.api), else HTTP/WebSocket to the server that served the page.
 */
export function defaultTransport(): ApiTransport {
  const bridged = (globalThis as { api?: ApiTransport }).api;
  return bridged ?? createWebTransport();
}

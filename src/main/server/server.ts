/*
 * Browser mode: the built renderer and the API over HTTP and WebSocket on
 * one port, bound to 127.0.0.1 unless told otherwise.
 *   POST /api/<namespace:method>  JSON input -> JSON ApiResponse
 *   GET  /ws                      WebSocket: every API event, and calls
 *                                 ({type:'call', seq, method, input} -> reply)
 *   GET  /docs/<name>.md          a file of the repository's docs/, read-only,
 *                                 as HTML (?raw: the markdown)
 *   GET  anything else            the renderer's static files
 * Every request and upgrade must carry the token (auth.ts). The transport
 * only moves envelopes: validation, errors and logic live in the dispatcher.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiResponse, WireCall, WireServerMessage } from '../../shared/api.ts';
import type { Dispatch } from '../api/dispatch.ts';
import type { EventListener } from '../api/services.ts';
import type { Disposable } from '../runs/index.ts';
import { authenticate, newToken, tokenCookie, TOKEN_QUERY } from './auth.ts';
import { contentSecurityPolicy } from './csp.ts';
import { docPage, readDoc } from './docs.ts';
import { resolveStatic, sendFile } from './static.ts';

export interface ServerOptions {
  dispatch: Dispatch;
  subscribe(listener: EventListener): Disposable;
  /** Folder of the built renderer (index.html + assets); null serves a page saying it is not built. */
  staticDir: string | null;
  /** The docs/ folder served at /docs/ (only *.md directly in it); absent: no docs route. */
  docsDir?: string | null;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default 192 random bits. */
  token?: string;
  /** Largest request body; an archive import travels as base64 in one. */
  maxBodyBytes?: number;
  log?: (message: string) => void;
}

export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** A slow socket gets no more progress or live events beyond this much unsent data (status events still go). */
const MAX_BUFFERED = 4 * 1024 * 1024;

const BASE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const maxBody = opts.maxBodyBytes ?? 512 * 1024 * 1024;
  const log = opts.log ?? ((m: string) => console.error(m));
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody });
  let origin = '';

  const headers = (): Record<string, string> => ({
    ...BASE_HEADERS,
    'content-security-policy': contentSecurityPolicy({ connect: [origin.replace(/^http/, 'ws')] }) + "; frame-ancestors 'none'",
  });

  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  };

  const unauthorized = (res: ServerResponse, api: boolean) => {
    if (api) {
      json(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong access token: open the URL `cmawb serve` printed' } });
      return;
    }
    res.writeHead(401, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end('CMA Workbench: this page needs its access token. Open the URL that `cmawb serve` (or `npm start`) printed; it ends in ?token=...\n');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const isApi = url.pathname.startsWith('/api/');
    const via = authenticate(req, url, token);
    if (!via) return unauthorized(res, isApi);

    if (isApi) {
      if (req.method !== 'POST') {
        res.writeHead(405, { ...BASE_HEADERS, allow: 'POST' });
        return res.end();
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      let input: unknown;
      try {
        const body = await readBody(req, maxBody);
        input = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch (err) {
        const tooBig = err instanceof BodyTooLarge;
        return json(res, tooBig ? 413 : 400, {
          ok: false,
          error: { code: 'invalid_input', message: tooBig ? `request body over ${maxBody} bytes` : `request body is not JSON: ${(err as Error).message}` },
        } satisfies ApiResponse<never>);
      }
      return json(res, 200, await opts.dispatch(method, input));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...BASE_HEADERS, allow: 'GET, HEAD' });
      return res.end();
    }
    if (via === 'query') {
      // Trade the URL token for a cookie and drop it from the address bar.
      url.searchParams.delete(TOKEN_QUERY);
      res.writeHead(303, { ...BASE_HEADERS, 'set-cookie': tokenCookie(token), location: url.pathname + url.search, 'cache-control': 'no-store' });
      return res.end();
    }
    if (url.pathname.startsWith('/docs/') && opts.docsDir) {
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/docs/'.length));
      } catch {
        name = '';
      }
      const doc = readDoc(opts.docsDir, name);
      if (!doc) {
        res.writeHead(404, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
        return res.end('no such document: only the .md files directly in docs/ are served\n');
      }
      const raw = url.searchParams.has('raw');
      const body = raw ? doc.text : docPage(name, doc.text);
      res.writeHead(200, {
        ...headers(),
        'content-type': raw ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'cache-control': 'no-cache',
      });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (!opts.staticDir) {
      res.writeHead(503, { ...headers(), 'content-type': 'text/html; charset=utf-8' });
      return res.end(NOT_BUILT);
    }
    const file = resolveStatic(opts.staticDir, url.pathname);
    if (!file) {
      res.writeHead(404, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      return res.end('not found\n');
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...headers(), 'content-type': file.type });
      return res.end();
    }
    sendFile(res, file, headers());
  };

  const server = createHttpServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`server: ${req.method} ${req.url}: ${String(err)}`);
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: String(err) } });
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/ws' || !authenticate(req, url, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const unsubscribe = opts.subscribe((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload } satisfies WireServerMessage);
    for (const ws of sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      if ((event === 'runs:progress' || event === 'runs:live') && ws.bufferedAmount > MAX_BUFFERED) continue;
      ws.send(text);
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    let alive = true;
    ws.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      // A laptop that slept or a killed tab leaves a half-open socket: drop it after a missed pong.
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 30_000);
    ws.on('close', () => {
      clearInterval(ping);
      sockets.delete(ws);
    });
    ws.on('error', () => {});
    ws.on('message', async (data) => {
      let msg: WireCall;
      try {
        msg = JSON.parse(String(data)) as WireCall;
      } catch {
        return;
      }
      if (msg?.type !== 'call' || typeof msg.seq !== 'number') return;
      const response = await opts.dispatch(String(msg.method), msg.input);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', seq: msg.seq, response } satisfies WireServerMessage));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}/?${TOKEN_QUERY}=${token}`,
    origin,
    token,
    port,
    server,
    async close() {
      unsubscribe.dispose();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>CMA Workbench</title>
<p>The user interface is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload.</p>
<p>The API is up: <code>POST /api/&lt;namespace:method&gt;</code>.</p>`;

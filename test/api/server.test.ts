/*
 * Browser mode's transport: token enforcement on every request and on the
 * WebSocket upgrade, the URL-token-to-cookie trade, static files, a call
 * round trip through the renderer's own transport, and run events over WS.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readOrMakeToken, serveCommand } from '../../src/cli/commands/serve.ts';
import { configurePlugins } from '../../src/main/plugins/index.ts';
import { startBrowserMode, type BrowserMode } from '../../src/main/server/index.ts';
import { createApiClient } from '../../src/shared/client.ts';
import { createWebTransport, type WebTransport } from '../../src/shared/web-transport.ts';
import type { RunStatusEvent } from '../../src/shared/types.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';
import { ROOT, TINY } from './helpers.ts';

configurePlugins({ userDir: null });
const tmp = tempDirs();
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  tmp.cleanup();
});

async function serve(): Promise<BrowserMode & { ui: string }> {
  const dir = tmp.make();
  const ui = join(dir, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>workbench</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
  const mode = await startBrowserMode({
    appRoot: ROOT,
    dbPath: join(dir, 'workbench.db'),
    port: 0,
    staticDir: ui,
    log: () => {},
    watchPlugins: false,
    runManager: { poolSize: 2, progressIntervalMs: 20 },
  });
  open.push(mode);
  return Object.assign(mode, { ui });
}

function wsOpen(url: string, headers: Record<string, string> = {}): Promise<{ ok: true; ws: WebSocket } | { ok: false; status: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => resolve({ ok: true, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ ok: false, status: res.statusCode ?? null }));
    ws.on('error', () => resolve({ ok: false, status: null }));
  });
}

describe('browser-mode server', () => {
  it('refuses every request and upgrade without the token', async () => {
    const m = await serve();
    const o = m.server.origin;
    expect(m.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);

    const page = await fetch(`${o}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toMatch(/needs its access token/);
    expect((await fetch(`${o}/assets/app.js`)).status).toBe(401);
    const api = await fetch(`${o}/api/app:info`, { method: 'POST' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await fetch(`${o}/api/app:info`, { method: 'POST', headers: { 'x-cmawb-token': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${o}/api/app:info`, { method: 'POST', headers: { cookie: 'cmawb_token=wrong' } })).status).toBe(401);

    expect(await wsOpen(`${o.replace('http', 'ws')}/ws`)).toEqual({ ok: false, status: 401 });
    expect(await wsOpen(`${o.replace('http', 'ws')}/ws?token=wrong`)).toEqual({ ok: false, status: 401 });
    const good = await wsOpen(`${o.replace('http', 'ws')}/ws?token=${m.server.token}`);
    expect(good.ok).toBe(true);
    if (good.ok) good.ws.close();
  });

  it('trades the URL token for a cookie, then serves the UI with a CSP and nothing outside its folder', async () => {
    const m = await serve();
    const o = m.server.origin;
    const first = await fetch(m.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cmawb_token=[^;]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const jar = { cookie: cookie.split(';')[0]! };

    const page = await fetch(`${o}/`, { headers: jar });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>workbench<\/title>/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toContain(`connect-src 'self' ${o.replace('http', 'ws')}`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    const js = await fetch(`${o}/assets/app.js`, { headers: jar });
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    // A client-side route gets the app shell; a path out of the folder never reaches the file.
    expect(await (await fetch(`${o}/runs/12`, { headers: jar })).text()).toMatch(/workbench/);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/../../secret.txt']) {
      const r = await fetch(`${o}${p}`, { headers: jar });
      expect(await r.text(), p).not.toContain('outside the root');
    }
    expect((await fetch(`${o}/missing.js`, { headers: jar })).status).toBe(404);

    // The cookie alone is enough for the WebSocket too (the page never sees the token).
    const ws = await wsOpen(`${o.replace('http', 'ws')}/ws`, jar);
    expect(ws.ok).toBe(true);
    if (ws.ok) ws.ws.close();
  });

  it('serves docs/*.md read-only with the token, as HTML or raw, and nothing else', async () => {
    const m = await serve();
    const o = m.server.origin;
    const auth = { 'x-cmawb-token': m.server.token };
    expect((await fetch(`${o}/docs/plugins.md`)).status).toBe(401);
    expect((await fetch(`${o}/docs/plugins.md`, { headers: { cookie: 'cmawb_token=wrong' } })).status).toBe(401);

    const html = await fetch(`${o}/docs/plugins.md`, { headers: auth });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    const page = await html.text();
    expect(page).toMatch(/<title>Policy plugins · CMA Workbench<\/title>/);
    expect(page).toMatch(/<h1 id="policy-plugins">Policy plugins<\/h1>/);
    expect(page).toContain('<pre><code');
    expect(page).not.toMatch(/<script/i);
    const raw = await fetch(`${o}/docs/plugins.md?raw`, { headers: auth });
    expect(raw.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await raw.text()).toBe(readFileSync(join(ROOT, 'docs', 'plugins.md'), 'utf8'));
    expect((await fetch(`${o}/docs/ui.md`, { method: 'HEAD', headers: auth })).status).toBe(200);

    for (const p of ['/docs/..%2fpackage.json', '/docs/..%2fREADME.md', '/docs/%2e%2e%2fREADME.md', '/docs/missing.md', '/docs/', '/docs/.hidden.md', '/docs/ui.md%00.txt', '/docs/sub%2fx.md']) {
      const r = await fetch(`${o}${p}`, { headers: auth });
      expect(r.status, p).toBe(404);
      expect(await r.text(), p).toMatch(/^no such document/);
    }
    // Dot segments are resolved by the URL itself: what is left is outside /docs/ and never a doc.
    const up = await fetch(`${o}/docs/../README.md`, { headers: auth });
    expect(await up.text()).not.toContain('# CMA Workbench');
  });

  it('answers calls through the renderer transport and pushes run events over the WebSocket', async () => {
    const m = await serve();
    let connected = false;
    const transport: WebTransport = createWebTransport({
      baseUrl: m.server.origin,
      token: m.server.token,
      WebSocket: WebSocket as never,
      onConnection: (c) => (connected = c),
    });
    open.push(transport);
    const api = createApiClient(transport);

    const info = await api.call('app:info');
    expect(info.mode).toBe('browser');
    const bad = await api.result('runs:get', { id: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: [{ path: 'id' }] } });
    await expect(api.call('runs:get', { id: 77 })).rejects.toMatchObject({ name: 'ApiCallError', code: 'not_found', message: 'no run with id 77' });

    const statuses: RunStatusEvent[] = [];
    const progress: number[] = [];
    const offStatus = api.on('runs:status', (e) => statuses.push(e));
    api.on('runs:progress', (e) => progress.push(e.fraction));
    let liveRows = 0;
    api.on('runs:live', (e) => (liveRows += e.rows.length));
    await until(() => connected, 'the event socket to connect');

    const long = { ...TINY, durationS: 400, workloads: [TINY.workloads[0]!, { ...TINY.workloads[1]!, count: 400 }] };
    const started = await api.call('runs:start', { config: { scenario: long as Record<string, unknown>, policies: [{ name: 'gcma' }], seeds: [3], baseline: false } });
    const id = started.runIds[0]!;
    await until(() => statuses.some((s) => s.runId === id && s.status === 'completed'), () => `run ${id} to complete (saw ${JSON.stringify(statuses)})`);
    expect(statuses.filter((s) => s.runId === id).map((s) => s.status)).toEqual(['queued', 'running', 'completed']);
    expect(progress.length).toBeGreaterThan(0);
    // Live rows arrive over the socket too (every sample but the one taken after the engine's loop).
    expect(liveRows).toBe((await api.call('runs:get', { id })).series!.t.length - 1);
    offStatus();

    const listed = await api.call('runs:list', { status: 'completed' });
    expect(listed.runs.map((r) => r.id)).toEqual([id]);
  });

  it('answers calls sent over the WebSocket and reports bad JSON bodies', async () => {
    const m = await serve();
    const r = await wsOpen(`${m.server.origin.replace('http', 'ws')}/ws?token=${m.server.token}`);
    if (!r.ok) throw new Error('no socket');
    const reply = new Promise<unknown>((resolve) => r.ws.on('message', (d) => resolve(JSON.parse(String(d)))));
    r.ws.send(JSON.stringify({ type: 'call', seq: 7, method: 'scenarios:list' }));
    expect(await reply).toMatchObject({ type: 'reply', seq: 7, response: { ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'cubox-rfc-v2' })]) } });
    r.ws.close();

    const res = await fetch(`${m.server.origin}/api/runs:list`, { method: 'POST', headers: { 'x-cmawb-token': m.server.token }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not JSON/) } });
    const unknown = await fetch(`${m.server.origin}/api/runs:explode`, { method: 'POST', headers: { 'x-cmawb-token': m.server.token } });
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('cmawb serve prints the URL and stops cleanly', async () => {
    const dir = tmp.make();
    const lines: string[] = [];
    const errs: string[] = [];
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    let url = '';
    const code = serveCommand(['--port', '0', '--db', join(dir, 'w.db')], { log: (l) => lines.push(l), error: (l) => errs.push(l) }, {
      until,
      onListening: async (u) => {
        url = u;
        const res = await fetch(u.replace(/\/\?token=(.*)$/, '/api/app:info'), { method: 'POST', headers: { 'x-cmawb-token': u.split('token=')[1]! } });
        expect(((await res.json()) as { value: { dbPath: string } }).value.dbPath).toBe(join(dir, 'w.db'));
        stop();
      },
    });
    expect(await code).toBe(0);
    expect(lines).toEqual([`CMA Workbench (browser mode): ${url}`]);
    expect(errs.join('\n')).toMatch(/archive: .*w\.db/);
  });
});

describe('cmawb serve --token-file', () => {
  async function serveOnce(args: string[]): Promise<string> {
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    let url = '';
    const code = await serveCommand(['--port', '0', ...args], { log: () => {}, error: () => {} }, { until, onListening: (u) => ((url = u), stop()) });
    expect(code).toBe(0);
    return url.split('token=')[1]!;
  }

  it('keeps one token across restarts, in a file only its owner can read', async () => {
    const dir = tmp.make();
    const file = join(dir, 'token');
    const first = await serveOnce(['--db', join(dir, 'w.db'), '--token-file', file]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(await serveOnce(['--db', join(dir, 'w.db'), '--token-file', file])).toBe(first);
    // Without the file: a new token each start.
    expect(await serveOnce(['--db', join(dir, 'w.db')])).not.toBe(first);
  });

  it('refuses a file with a weak token or one others can read', () => {
    const dir = tmp.make();
    const weak = join(dir, 'weak');
    writeFileSync(weak, 'letmein\n', { mode: 0o600 });
    expect(() => readOrMakeToken(weak)).toThrow(/holds no usable token/);
    const open = join(dir, 'open');
    writeFileSync(open, 'A'.repeat(32));
    chmodSync(open, 0o644);
    expect(() => readOrMakeToken(open)).toThrow(/others can read it; chmod 600 it/);
  });
});

async function until(cond: () => boolean, what: string | (() => string), ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/*
 * The Electron shell's rules, under plain Node: security.ts, ipc.ts and
 * layout.ts take Electron objects as parameters and import only its types,
 * so these tests never load the electron package (which would try to
 * download its binary).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bindIpc, forwardEvents, type IpcMainLike } from '../../src/main/electron/ipc.ts';
import { appLayout, NativeBindingMissing } from '../../src/main/electron/layout.ts';
import {
  createOpenDoc,
  createOpenExternal,
  hardenContents,
  isAllowedExternal,
  isInternalUrl,
  isTrustedSender,
  rendererCsp,
  webPreferences,
  type RendererOrigin,
} from '../../src/main/electron/security.ts';
import { API_EVENTS, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, isApiEvent } from '../../src/shared/events.ts';
import type { EventListener } from '../../src/main/api/services.ts';
import { ROOT } from './helpers.ts';

const dir = '/opt/cma-workbench/out/renderer';
const fileOrigin: RendererOrigin = { kind: 'file', dir };
const page = pathToFileURL(join(dir, 'index.html')).href;

describe('security', () => {
  it('every window: context isolation, sandbox, no Node, no webview', () => {
    expect(webPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('a strict CSP for the built app; the dev server only adds its origin and the refresh preamble', () => {
    const csp = rendererCsp(fileOrigin);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(rendererCsp({ kind: 'dev', origin: 'http://localhost:5173' })).toContain("script-src 'self' http://localhost:5173 'unsafe-inline'");
  });

  it('opens only markdown files directly in the docs folder', async () => {
    const docs = join(ROOT, 'docs');
    const opened: string[] = [];
    const log: string[] = [];
    const open = createOpenDoc({ openPath: async (p: string) => (opened.push(p), '') }, docs, (m) => log.push(m));
    expect(await open(join(docs, 'plugins.md'))).toBe(true);
    for (const bad of [join(docs, '..', 'package.json'), join(ROOT, 'README.md'), join(docs, 'missing.md'), join(docs, '..', 'docs', '..', 'README.md'), '/bin/sh']) {
      expect(await open(bad), bad).toBe(false);
    }
    expect(opened).toEqual([join(docs, 'plugins.md')]);
    expect(log).toHaveLength(5);
    expect(log[0]).toMatch(/^refused to open .*package\.json: only markdown files directly in/);
  });

  it('opens only https links to allowlisted hosts', async () => {
    for (const ok of ['https://lore.kernel.org/linux-mm/', 'https://github.com/torvalds/linux', 'https://www.kernel.org/doc/']) expect(isAllowedExternal(ok), ok).toBe(true);
    for (const bad of [
      'http://lore.kernel.org/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://evil.example/',
      'https://github.com.evil.example/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'smb://host/share',
      'not a url',
    ]) {
      expect(isAllowedExternal(bad), bad).toBe(false);
    }
    const opened: string[] = [];
    const log: string[] = [];
    const open = createOpenExternal({ openExternal: async (u: string) => void opened.push(u) }, (m) => log.push(m));
    expect(await open('https://lwn.net/Articles/486301/')).toBe(true);
    expect(await open('http://lwn.net/')).toBe(false);
    expect(opened).toEqual(['https://lwn.net/Articles/486301/']);
    expect(log[0]).toMatch(/^refused to open http:\/\/lwn.net\//);
  });

  it('knows its own pages: files under the renderer folder, or the dev server origin', () => {
    expect(isInternalUrl(page, fileOrigin)).toBe(true);
    expect(isInternalUrl(page + '#/runs/3', fileOrigin)).toBe(true);
    expect(isInternalUrl('file:///opt/cma-workbench/out/main/index.js', fileOrigin)).toBe(false);
    expect(isInternalUrl('file:///etc/passwd', fileOrigin)).toBe(false);
    expect(isInternalUrl('file://remote-host/opt/cma-workbench/out/renderer/index.html', fileOrigin)).toBe(false);
    expect(isInternalUrl('https://lore.kernel.org/', fileOrigin)).toBe(false);
    const dev: RendererOrigin = { kind: 'dev', origin: 'http://localhost:5173' };
    expect(isInternalUrl('http://localhost:5173/#/compare', dev)).toBe(true);
    expect(isInternalUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('trusts IPC only from the top frame showing our page', () => {
    expect(isTrustedSender({ url: page }, fileOrigin)).toBe(true);
    expect(isTrustedSender({ url: page, parent: {} }, fileOrigin)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/' }, fileOrigin)).toBe(false);
    expect(isTrustedSender(null, fileOrigin)).toBe(false);
  });

  it('cancels navigation away from the app and denies new windows, handing links to openExternal', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let windowOpen: ((d: { url: string }) => { action: string }) | null = null;
    const contents = {
      on: (name: string, h: (e: { preventDefault(): void }, url: string) => void) => handlers.set(name, h),
      setWindowOpenHandler: (h: typeof windowOpen) => (windowOpen = h),
    };
    const handed: string[] = [];
    hardenContents(contents as never, fileOrigin, async (u) => (handed.push(u), true));
    const nav = (name: string, url: string) => {
      let prevented = false;
      handlers.get(name)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(nav('will-navigate', page + '#/runs')).toBe(false);
    expect(nav('will-navigate', 'https://lore.kernel.org/x')).toBe(true);
    expect(nav('will-redirect', 'https://evil.example/')).toBe(true);
    expect(nav('will-attach-webview', 'about:blank')).toBe(true);
    expect(windowOpen!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(handed).toEqual(['https://lore.kernel.org/x', 'https://evil.example/', 'https://github.com/']);
  });
});

describe('ipc', () => {
  function fakeIpc() {
    const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
    const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
    return { ipc, handlers };
  }

  it('dispatches namespace:method from our page and refuses other senders', async () => {
    const { ipc, handlers } = fakeIpc();
    const calls: [string, unknown][] = [];
    const sub = bindIpc(ipc, async (m, i) => (calls.push([m, i]), { ok: true, value: 42 }), (f) => isTrustedSender(f, fileOrigin));
    const h = handlers.get(IPC_CALL_CHANNEL)!;
    expect(await h({ senderFrame: { url: page } }, 'runs:get', { id: 1 })).toEqual({ ok: true, value: 42 });
    expect(calls).toEqual([['runs:get', { id: 1 }]]);
    expect(await h({ senderFrame: { url: 'https://evil.example/' } }, 'runs:delete', { ids: [1] })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(calls).toHaveLength(1);
    sub.dispose();
    expect(handlers.size).toBe(0);
  });

  it('forwards API events to live windows only', () => {
    let listener: EventListener | null = null;
    const sent: unknown[][] = [];
    const live = { isDestroyed: () => false, send: (...a: unknown[]) => void sent.push(a) };
    const dead = { isDestroyed: () => true, send: () => expect.unreachable() };
    forwardEvents((l) => ((listener = l), { dispose: () => (listener = null) }), () => [live, dead]);
    listener!('runs:status', { runId: 3, status: 'running' });
    listener!('runs:live', { id: 3, rows: [{ tNs: 0, values: { free_pages: 9 } }], requests: [] });
    expect(sent).toEqual([
      [IPC_EVENT_CHANNEL, 'runs:status', { runId: 3, status: 'running' }],
      [IPC_EVENT_CHANNEL, 'runs:live', { id: 3, rows: [{ tNs: 0, values: { free_pages: 9 } }], requests: [] }],
    ]);
    // The preload passes on only the contract's events.
    expect(API_EVENTS.every((e) => isApiEvent(e))).toBe(true);
    expect(isApiEvent('runs:live')).toBe(true);
  });
});

describe('layout', () => {
  const facts = { appPath: '/src/cmawb', resourcesPath: '/opt/r', mainDir: '/src/cmawb/out/main' };

  it('unpackaged: the checkout, the Electron build of better-sqlite3 beside the Node one', () => {
    const l = appLayout({ ...facts, packaged: false, exists: () => true });
    expect(l).toMatchObject({
      appRoot: '/src/cmawb',
      resourcesRoot: '/src/cmawb',
      preload: '/src/cmawb/out/preload/index.cjs',
      renderer: { kind: 'file', dir: '/src/cmawb/out/renderer' },
      rendererEntry: { file: '/src/cmawb/out/renderer/index.html' },
      nativeBinding: '/src/cmawb/build/native/electron/better_sqlite3.node',
    });
    expect(() => appLayout({ ...facts, packaged: false, exists: () => false })).toThrow(NativeBindingMissing);
    expect(() => appLayout({ ...facts, packaged: false, exists: () => false })).toThrow(/npm run rebuild:electron/);
    const dev = appLayout({ ...facts, packaged: false, devServerUrl: 'http://localhost:5173/', exists: () => true });
    expect(dev.renderer).toEqual({ kind: 'dev', origin: 'http://localhost:5173' });
    expect(dev.rendererEntry).toEqual({ url: 'http://localhost:5173/' });
  });

  it('packaged: resources for docs and plugins, better-sqlite3 as electron-builder rebuilt it, never a dev server', () => {
    const l = appLayout({ ...facts, appPath: '/opt/r/app.asar', mainDir: '/opt/r/app.asar/out/main', packaged: true, devServerUrl: 'http://x:1' });
    expect(l).toMatchObject({ resourcesRoot: '/opt/r', nativeBinding: undefined, renderer: { kind: 'file', dir: '/opt/r/app.asar/out/renderer' } });
  });
});

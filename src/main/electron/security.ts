/*
 * Every security setting of the Electron shell, in one place (AFFiNE's
 * security-restrictions.ts + web-preferences.ts habit):
 *   - web preferences: context isolation, sandbox, no Node in any renderer;
 *   - the Content Security Policy as a response header (and a <meta> in the
 *     built index.html, electron.vite.config.ts, because file:// responses
 *     carry no headers);
 *   - no permissions (camera, notifications, ...) for any origin;
 *   - navigation off our own pages cancelled, window.open denied, <webview>
 *     refused; links leave only through openExternal, https and allowlisted;
 *   - local files open only through openDoc: a markdown file directly in the
 *     docs folder, never anything a viewer could run;
 *   - IPC accepted only from a frame showing our renderer.
 * Only types come from 'electron' so tests import this file under plain Node.
 */
import type { App, Session, Shell, WebContents, WebPreferences } from 'electron';
import { basename, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../server/csp.ts';
import { resolveDoc } from '../server/docs.ts';

/** Where our renderer is served from: the built files, or electron-vite's dev server. */
export type RendererOrigin = { kind: 'file'; dir: string } | { kind: 'dev'; origin: string };

/** Hosts a link may open in the system browser: project, kernel sources and archives, the papers' publishers. */
export const EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'kernel.org',
  'lore.kernel.org',
  'docs.kernel.org',
  'git.kernel.org',
  'elixir.bootlin.com',
  'lwn.net',
  'lkml.org',
  'patchwork.kernel.org',
  'source.android.com',
  'android-review.googlesource.com',
  'ieeexplore.ieee.org',
  'doi.org',
  'electron-vite.org',
  'www.electronjs.org',
];

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export function rendererCsp(origin: RendererOrigin): string {
  if (origin.kind === 'file') return contentSecurityPolicy();
  const ws = origin.origin.replace(/^http/, 'ws');
  // Vite's dev server injects React Refresh's inline preamble and talks HMR over a WebSocket.
  return contentSecurityPolicy({ devServer: origin.origin, connect: [ws], inlineScripts: true });
}

/** https, no credentials in the URL, host on the allowlist (or a subdomain of an entry). */
export function isAllowedExternal(raw: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return hosts.some((h) => host === h || host.endsWith('.' + h));
}

/** Is `raw` one of our own renderer pages? */
export function isInternalUrl(raw: string, origin: RendererOrigin): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (origin.kind === 'dev') return url.origin === new URL(origin.origin).origin;
  if (url.protocol !== 'file:' || url.host !== '') return false;
  const rel = relative(origin.dir, fileURLToPath(url));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** A frame may call the API when it shows our renderer (a sub-frame or a navigated-away page may not). */
export function isTrustedSender(frame: { url: string; parent?: unknown } | null | undefined, origin: RendererOrigin): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isInternalUrl(frame.url, origin);
}

/** The one way a link leaves the app. Returns whether it was opened. */
export function createOpenExternal(shell: Pick<Shell, 'openExternal'>, log: (m: string) => void): (url: string) => Promise<boolean> {
  return async (url) => {
    if (!isAllowedExternal(url)) {
      log(`refused to open ${url}: only https links to ${EXTERNAL_HOSTS.join(', ')} open outside the app`);
      return false;
    }
    await shell.openExternal(url, { activate: true });
    return true;
  };
}

/** The one way a local file leaves the app: a .md directly in `docsDir`, opened with the system's viewer. */
export function createOpenDoc(shell: Pick<Shell, 'openPath'>, docsDir: string, log: (m: string) => void): (path: string) => Promise<boolean> {
  return async (path) => {
    const vetted = resolveDoc(docsDir, basename(path));
    if (!vetted || vetted !== path) {
      log(`refused to open ${path}: only markdown files directly in ${docsDir} open outside the app`);
      return false;
    }
    const error = await shell.openPath(vetted);
    if (error) log(`could not open ${vetted}: ${error}`);
    return error === '';
  };
}

/** CSP header on every response of the session, and no permission for anything. */
export function hardenSession(session: Session, origin: RendererOrigin): void {
  const csp = rendererCsp(origin);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Navigation, new windows and webviews for every web contents the app ever creates. */
export function hardenApp(app: App, origin: RendererOrigin, openExternal: (url: string) => Promise<boolean>): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, origin, openExternal));
}

export function hardenContents(contents: WebContents, origin: RendererOrigin, openExternal: (url: string) => Promise<boolean>): void {
  const offSite = (event: { preventDefault(): void }, url: string) => {
    if (isInternalUrl(url, origin)) return;
    event.preventDefault();
    // A plain <a href="https://..."> click lands here: hand it to the vetted helper instead.
    void openExternal(url);
  };
  contents.on('will-navigate', offSite);
  contents.on('will-redirect', offSite);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
}

/*
 * The Electron shell, kept thin: one window, the security module, the
 * preload, and IPC bound to the same API map browser mode serves. The run
 * archive, run manager and handlers are the plain-Node services of
 * src/main/api/services.ts; simulations run in worker threads.
 * This is the only module that imports 'electron' at run time.
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkbench, type Workbench } from '../api/services.ts';
import type { HostShell } from '../api/context.ts';
import { bindIpc, forwardEvents } from './ipc.ts';
import { appLayout, type Layout } from './layout.ts';
import { createOpenDoc, createOpenExternal, hardenApp, hardenSession, isTrustedSender, webPreferences } from './security.ts';

const log = (m: string) => console.error(`cma-workbench: ${m}`);
let workbench: Workbench | null = null;
let win: BrowserWindow | null = null;

function hostShell(openExternal: (url: string) => Promise<boolean>, openDoc: (path: string) => Promise<boolean>): HostShell {
  return {
    async chooseSavePath(defaultName) {
      const r = await dialog.showSaveDialog(win!, { defaultPath: defaultName, filters: [{ name: 'CMA Workbench archive', extensions: ['cmawb'] }] });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async chooseDirectory(defaultPath) {
      const r = await dialog.showOpenDialog(win!, { defaultPath, properties: ['openDirectory', 'createDirectory'] });
      return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
    },
    async openPath(path) {
      // Folders only: shell.openPath on a file would run or open it.
      try {
        if (!statSync(path).isDirectory()) return false;
      } catch {
        return false;
      }
      return (await shell.openPath(path)) === '';
    },
    openExternal,
    openDoc,
  };
}

function createWindow(layout: Layout): BrowserWindow {
  const w = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'CMA Workbench',
    backgroundColor: '#111318',
    webPreferences: webPreferences(layout.preload),
  });
  w.once('ready-to-show', () => w.show());
  if ('url' in layout.rendererEntry) void w.loadURL(layout.rendererEntry.url);
  else void w.loadFile(layout.rendererEntry.file);
  return w;
}

async function start(): Promise<void> {
  let layout: Layout;
  try {
    layout = appLayout({
      packaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
      mainDir: dirname(fileURLToPath(import.meta.url)),
      devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    });
  } catch (err) {
    dialog.showErrorBox('CMA Workbench cannot start', (err as Error).message);
    app.exit(1);
    return;
  }
  const openExternal = createOpenExternal(shell, log);
  hardenApp(app, layout.renderer, openExternal);
  await app.whenReady();
  hardenSession(session.defaultSession, layout.renderer);
  try {
    workbench = createWorkbench({
      mode: 'electron',
      appRoot: layout.appRoot,
      resourcesRoot: layout.resourcesRoot,
      ...(layout.nativeBinding ? { nativeBinding: layout.nativeBinding } : {}),
      ...(process.env['CMAWB_DB'] ? { dbPath: process.env['CMAWB_DB'] } : {}),
      shell: hostShell(openExternal, createOpenDoc(shell, join(layout.resourcesRoot, 'docs'), log)),
      log,
    });
  } catch (err) {
    dialog.showErrorBox('CMA Workbench cannot open its run archive', (err as Error).message);
    app.exit(1);
    return;
  }
  bindIpc(ipcMain, workbench.dispatch, (frame) => isTrustedSender(frame, layout.renderer));
  forwardEvents(workbench.subscribe, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  win = createWindow(layout);
  win.on('closed', () => (win = null));
}

if (!app.requestSingleInstanceLock()) {
  // One archive writer per user: a second launch focuses the first window instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !workbench) return;
    // Let running simulations be marked interrupted and the archive close cleanly first.
    event.preventDefault();
    quitting = true;
    void workbench.dispose().finally(() => app.quit());
  });
  void start();
}

/*
 * Browser mode in one call: the workbench services plus the HTTP/WebSocket
 * server over them. `cmawb serve`, `npm run serve` and npm start's fallback
 * all come through here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench, type WorkbenchOptions } from '../api/services.ts';
import { startServer, type RunningServer } from './server.ts';

/** Memorable, unassigned by IANA; when taken and no port was asked for, any free port is used. */
export const DEFAULT_PORT = 7323;

export interface BrowserModeOptions extends Omit<WorkbenchOptions, 'mode'> {
  host?: string;
  /** undefined: DEFAULT_PORT, or a free one if that is taken. */
  port?: number;
  /** The built renderer; default <appRoot>/out/renderer. */
  staticDir?: string;
  token?: string;
}

export interface BrowserMode {
  url: string;
  server: RunningServer;
  workbench: Workbench;
  /** Built renderer found (false: the page says to build it). */
  hasUi: boolean;
  close(): Promise<void>;
}

export async function startBrowserMode(opts: BrowserModeOptions): Promise<BrowserMode> {
  const staticDir = opts.staticDir ?? join(opts.appRoot, 'out', 'renderer');
  const hasUi = existsSync(join(staticDir, 'index.html'));
  const workbench = createWorkbench({ ...opts, mode: 'browser' });
  const serverOpts = {
    dispatch: workbench.dispatch,
    subscribe: workbench.subscribe,
    staticDir: hasUi ? staticDir : null,
    docsDir: workbench.ctx.paths.docsPath,
    host: opts.host ?? '127.0.0.1',
    ...(opts.token ? { token: opts.token } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  };
  let server: RunningServer;
  try {
    try {
      server = await startServer({ ...serverOpts, port: opts.port ?? DEFAULT_PORT });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || opts.port !== undefined) throw err;
      server = await startServer({ ...serverOpts, port: 0 });
    }
  } catch (err) {
    await workbench.dispose();
    throw err;
  }
  return {
    url: server.url,
    server,
    workbench,
    hasUi,
    async close() {
      await server.close();
      await workbench.dispose();
    },
  };
}

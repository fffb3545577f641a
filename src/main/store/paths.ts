/*
 * The app's per-user data folder and where the run archive (one SQLite file)
 * lives in it. Plain Node, no Electron, so the CLI, the Electron main process,
 * browser mode and the tests resolve the same paths; Electron's
 * app.getPath('userData') is deliberately not used because the CLI must find
 * the same file without Electron. The plugin host's user folder
 * (src/main/plugins/paths.ts) is built on dataDir() here, so the rules exist
 * once.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'cma-workbench';
export const DB_FILE_NAME = 'workbench.db';

/** Test seams: the environment, platform and home folder to resolve against (default: this process's). */
export interface DataDirOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export interface DbPathOptions extends DataDirOptions {
  /** `--db FILE` from the command line; wins over everything. */
  flag?: string;
}

/** The per-user data folder of the app (not created here). */
export function dataDir(opts: DataDirOptions = {}): string {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = opts.home ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env['XDG_DATA_HOME'];
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  return join(base, APP_DIR_NAME);
}

/** `--db FILE`, else `$CMAWB_DB`, else the data folder's workbench.db. */
export function resolveDbPath(opts: DbPathOptions = {}): string {
  if (opts.flag) return opts.flag;
  const env = opts.env ?? process.env;
  if (env['CMAWB_DB']) return env['CMAWB_DB'];
  return join(dataDir(opts), DB_FILE_NAME);
}

/*
 * Where plugins come from and where the SDK lives. The user folder follows the
 * same per-platform data folder as the run archive (src/cli/archive-path.ts);
 * the rules are repeated here because src/main may not import src/cli, and a
 * test pins the two to the same answer.
 */
import { homedir } from 'node:os';
import { join, relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR_NAME = 'cma-workbench';
export const PLUGINS_DIR_NAME = 'plugins';

/** The SDK entry every plugin imports, the only engine module plugin code may reach. */
export const SDK_ENTRY = fileURLToPath(new URL('../../engine/policy/index.ts', import.meta.url));

/** The repository's plugins/ folder: the built-in policies. */
export const BUILTIN_PLUGINS_DIR = fileURLToPath(new URL('../../../plugins/', import.meta.url)).replace(/[\\/]$/, '');

/** Stable specifiers a plugin outside the repository uses for the SDK; rewritten to SDK_ENTRY when it loads. */
export const SDK_SPECIFIERS: readonly string[] = ['@cmawb/sdk', 'cma-workbench/sdk'];

export interface UserDirOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** `$CMAWB_PLUGINS_DIR`, else `<data folder>/plugins` (not created here). */
export function userPluginsDir(opts: UserDirOptions = {}): string {
  const env = opts.env ?? process.env;
  if (env['CMAWB_PLUGINS_DIR']) return env['CMAWB_PLUGINS_DIR'];
  const platform = opts.platform ?? process.platform;
  const home = opts.home ?? homedir();
  let base: string;
  if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env['APPDATA'] || join(home, 'AppData', 'Roaming');
  else {
    // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
    const xdg = env['XDG_DATA_HOME'];
    base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  }
  return join(base, APP_DIR_NAME, PLUGINS_DIR_NAME);
}

/** A path as people read it in messages: relative to the working folder when inside it. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = relative(cwd, p);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return p;
}

/** Is `p` inside folder `dir` (or equal to it)? */
export function isInside(p: string, dir: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

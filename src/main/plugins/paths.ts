/*
 * Where plugins come from and where the SDK lives. The user folder is
 * `plugins` in the app's data folder, the one the run archive lives in
 * (dataDir in src/main/store/paths.ts: the platform rules are there only).
 */
import { join, relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir, type DataDirOptions } from '../store/paths.ts';

export const PLUGINS_DIR_NAME = 'plugins';

/** The SDK entry every plugin imports, the only engine module plugin code may reach. */
export const SDK_ENTRY = fileURLToPath(new URL('../../engine/policy/index.ts', import.meta.url));

/** The repository's plugins/ folder: the built-in policies. */
export const BUILTIN_PLUGINS_DIR = fileURLToPath(new URL('../../../plugins/', import.meta.url)).replace(/[\\/]$/, '');

/** Stable specifiers a plugin outside the repository uses for the SDK; rewritten to SDK_ENTRY when it loads. */
export const SDK_SPECIFIERS: readonly string[] = ['@cmawb/sdk', 'cma-workbench/sdk'];

/** `$CMAWB_PLUGINS_DIR`, else `<data folder>/plugins` (not created here). */
export function userPluginsDir(opts: DataDirOptions = {}): string {
  const env = opts.env ?? process.env;
  if (env['CMAWB_PLUGINS_DIR']) return env['CMAWB_PLUGINS_DIR'];
  return join(dataDir(opts), PLUGINS_DIR_NAME);
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

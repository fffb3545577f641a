/*
 * Is the built renderer (out/renderer) older than its sources? `cmawb serve`
 * serves whatever was built last; in a source checkout that can predate the
 * code, and the UI then lacks what the docs describe. npm start and npm run
 * serve build first; a bare `cmawb serve` does not.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time (ms) of any file under `dir`; 0 when it does not exist. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** A warning when `root`'s out/renderer was built before its UI sources last changed; null otherwise. */
export function staleUiWarning(root: string): string | null {
  const built = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(built)) return null;
  // The renderer bundles src/renderer and src/shared (and the engine types through it).
  const sources = Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'shared')));
  if (sources === 0 || sources <= statSync(built).mtimeMs) return null;
  return 'the user interface in out/renderer is older than its sources: run `npm run build` to serve the current one (npm start and npm run serve build first)';
}

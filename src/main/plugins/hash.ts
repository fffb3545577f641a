/*
 * Content hash of a plugin folder: sha256 over every file's relative path and
 * bytes, in sorted path order, so a run can be traced to the exact code it
 * ran with. node_modules and .git are left out (dependencies are not the
 * plugin's code, and plugins may not import them anyway). A symlink to a
 * file counts as that file's bytes (that is what loads); other symlinks are
 * not followed (no directory cycles) and contribute their target path.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', '.git']);

/** Files of `dir` as sorted relative paths with "/" separators. */
export function pluginFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (SKIP.has(e.name)) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() || e.isSymbolicLink()) out.push(r);
    }
  };
  walk('');
  // Plain code-unit order: the same on every platform and locale.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function hashPluginDir(dir: string): string {
  const h = createHash('sha256');
  for (const rel of pluginFiles(dir)) {
    const abs = join(dir, rel);
    let kind = 'f';
    let bytes: Buffer;
    try {
      bytes = readFileSync(abs);
    } catch {
      // A dangling or directory symlink: hash where it points.
      kind = 'l';
      bytes = Buffer.from(readlinkSync(abs));
    }
    // Length-prefixed fields, so no two different folders produce the same byte stream.
    h.update(`${kind}\0${rel}\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

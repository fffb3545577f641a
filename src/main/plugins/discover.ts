/*
 * Finding plugin folders and reading their manifests, without running any
 * plugin code (this part runs on the main thread). Sources in priority order:
 * the built-in plugins/ folder, the user's plugin folder, then each
 * `--plugins DIR`. A source is either one plugin folder (it has a
 * manifest.json) or a folder of plugin folders. A name is claimed by the
 * first folder that declares it; a later folder with the same name is broken,
 * and the message names both.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { PolicyManifest } from '../../engine/policy/manifest.ts';
import { hashPluginDir } from './hash.ts';
import { checkManifest, MANIFEST_FILE } from './manifest-check.ts';
import { displayPath } from './paths.ts';
import type { PluginProblem } from './problems.ts';

export type PluginSourceKind = 'builtin' | 'user' | 'cli';

export interface PluginSource {
  dir: string;
  kind: PluginSourceKind;
}

export interface PluginEntry {
  /** The manifest's name, or the folder name when the manifest cannot be read. */
  name: string;
  /** Absolute plugin folder. */
  dir: string;
  source: PluginSourceKind;
  /** hashPluginDir of the folder at discovery time. */
  hash: string;
  /** Set when the manifest is valid. */
  manifest: PolicyManifest | null;
  entryFile: string | null;
  /** Empty when the plugin is usable. */
  problems: PluginProblem[];
}

export function isUsable(e: PluginEntry): e is PluginEntry & { manifest: PolicyManifest; entryFile: string } {
  return e.problems.length === 0 && e.manifest !== null && e.entryFile !== null;
}

/** Plugin folders of one source: the folder itself, or its sub-folders (dot folders and node_modules skipped), sorted. */
export function pluginFolders(dir: string): string[] {
  if (existsSync(join(dir, MANIFEST_FILE))) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules')
    .map((d) => join(dir, d.name))
    .sort();
}

/** Read and validate one plugin folder (no code runs). */
export function readPluginFolder(dir: string, source: PluginSourceKind): PluginEntry {
  const abs = resolve(dir);
  const base: PluginEntry = { name: basename(abs), dir: abs, source, hash: '', manifest: null, entryFile: null, problems: [] };
  try {
    base.hash = hashPluginDir(abs);
  } catch (e) {
    base.problems.push({ phase: 'discover', file: abs, message: `cannot read the folder: ${(e as Error).message}` });
    return base;
  }
  if (!existsSync(join(abs, MANIFEST_FILE))) {
    base.problems.push({ phase: 'discover', file: abs, message: `no ${MANIFEST_FILE}: every folder here is read as a plugin; add one (cmawb plugin new) or move the folder out` });
    return base;
  }
  const r = checkManifest(abs);
  if (r.name) base.name = r.name;
  if (!r.ok) {
    base.problems.push(...r.problems);
    return base;
  }
  base.manifest = r.value.manifest;
  base.entryFile = r.value.entryFile;
  return base;
}

/** Every plugin of every source, broken ones included, duplicates marked. */
export function discoverPlugins(sources: readonly PluginSource[]): PluginEntry[] {
  const out: PluginEntry[] = [];
  const claimed = new Map<string, PluginEntry>();
  const seenDirs = new Set<string>();
  for (const src of sources) {
    const root = resolve(src.dir);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      // The user folder appears when the first plugin is created; a missing --plugins DIR is the caller's usage error.
      if (src.kind !== 'user') {
        out.push({
          name: basename(root),
          dir: root,
          source: src.kind,
          hash: '',
          manifest: null,
          entryFile: null,
          problems: [{ phase: 'discover', file: root, message: 'plugin folder does not exist' }],
        });
      }
      continue;
    }
    for (const dir of pluginFolders(root)) {
      // The same folder given twice (say, as the user folder and with --plugins) is one plugin, not a duplicate.
      if (seenDirs.has(dir)) continue;
      seenDirs.add(dir);
      const e = readPluginFolder(dir, src.kind);
      const first = claimed.get(e.name);
      if (first) {
        e.problems.push({
          phase: 'duplicate',
          file: join(dir, MANIFEST_FILE),
          field: 'name',
          message: `duplicate plugin name "${e.name}": ${displayPath(first.dir)} already provides it, so ${displayPath(dir)} is not loaded; rename one of them`,
        });
      } else {
        claimed.set(e.name, e);
      }
      out.push(e);
    }
  }
  return out;
}

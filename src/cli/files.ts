/*
 * Files the CLI is told to read or write: the archive database (--db,
 * $CMAWB_DB), export targets and import files. Problems are one plain line
 * naming the path and what is wrong (a UsageError, exit 2), never a raw errno
 * message or an internal temp-file name. Checked before anything is opened,
 * so a mistyped path creates nothing.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveDbPath } from '../main/store/paths.ts';
import { UsageError } from './context.ts';
import type { WorkbenchStore } from '../main/store/index.ts';

/** Plain words for the errno codes a file operation meets. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
};

/** "permission denied" for an errno error; undefined for any other error. */
export function errnoWords(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  return ERRNO_WORDS[code] ?? code;
}

/** Run a file operation; an errno failure becomes "WHAT PATH: problem" (exit 2), anything else passes through. */
export function withFileErrors<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const words = errnoWords(e);
    if (words === undefined) throw e;
    throw new UsageError(`${what}: ${words}`);
  }
}

/** `p` exists and is a folder. */
export const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** Strip a UTF-8 byte order mark (Windows editors write one) before JSON.parse. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The archive path a command uses, checked for how it will be used. `read`:
 * a --db or $CMAWB_DB that does not exist is refused ("no archive at PATH")
 * instead of being created empty. `write` (commands that store runs): it may
 * be created, but only in a folder that exists. Either way a folder is not an
 * archive. The default path in the user data folder is created as needed.
 */
export function archivePath(flag: string | undefined, mode: 'read' | 'write', env: NodeJS.ProcessEnv = process.env): string {
  const path = resolveDbPath({ flag, env });
  const named = flag ? `--db ${path}` : env['CMAWB_DB'] ? `$CMAWB_DB ${path}` : null;
  if (named === null) return path;
  if (isDir(path)) throw new UsageError(`${named} is a folder; give the archive's file name (e.g. ${join(path, 'workbench.db')})`);
  if (existsSync(path)) return path;
  if (mode === 'read') throw new UsageError(`no archive at ${path}`);
  const parent = dirname(path);
  if (!isDir(parent)) throw new UsageError(`${named}: folder ${parent} does not exist`);
  return path;
}

/** Open the archive at `path` (or ':memory:'); a failure is archiveOpenError's one line. SQLite loads only here. */
export async function openArchive(path: string): Promise<WorkbenchStore> {
  const { openStore } = await import('../main/store/index.ts');
  try {
    return openStore(path);
  } catch (e) {
    throw archiveOpenError(path, e);
  }
}

/** A store open that failed (not an archive, newer schema, cannot open): one line naming the path. */
export function archiveOpenError(path: string, e: unknown): UsageError | unknown {
  if (!(e instanceof Error)) return e;
  const known = ['ArchiveOpenError', 'SchemaTooNewError', 'SqliteError'].includes(e.name) || errnoWords(e) !== undefined;
  if (!known) return e;
  const words = errnoWords(e) ?? e.message;
  return new UsageError(words.includes(path) ? words : `archive ${path}: ${words}`);
}

/*
 * runs:export, runs:import, runs:exportCsv. On the desktop they read and
 * write files the user picked; in browser mode the server is another process
 * the page must not steer around the disk, so file paths are refused there
 * and the bytes travel in the response (download) or the request (upload).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ARCHIVE_EXTENSION, exportRunCsv } from '../../store/index.ts';
import type { ApiContext } from '../context.ts';
import type { ImportResult } from '../../../shared/types.ts';
import { ApiFailure } from '../errors.ts';
import { defineHandlers } from '../handler.ts';

/** "cmawb-runs-3-7-12.cmawb", or "cmawb-runs-3-to-40-(12).cmawb" for many. */
export function archiveFileName(ids: readonly number[]): string {
  const part = ids.length <= 4 ? ids.join('-') : `${ids[0]}-to-${ids[ids.length - 1]}-(${ids.length})`;
  return `cmawb-runs-${part}${ARCHIVE_EXTENSION}`;
}

function refusePath(ctx: ApiContext, what: string): void {
  if (ctx.mode === 'browser') {
    throw new ApiFailure('unsupported', `browser mode cannot ${what} a file path on the server; the file travels through the browser instead`);
  }
}

/** A scratch folder removed after `fn`, for store APIs that only write files. */
function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cmawb-export-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const archiveHandlers = defineHandlers({
  'runs:export': async (input, ctx) => {
    const fileName = archiveFileName(input.ids);
    if (ctx.mode === 'browser') {
      if (input.path) refusePath(ctx, 'write to');
      return withTempDir((dir) => {
        const file = join(dir, fileName);
        const r = ctx.store.archive.exportRuns(input.ids, file);
        return { kind: 'download' as const, fileName, base64: readFileSync(file).toString('base64'), runs: r.runs, bytes: r.bytes };
      });
    }
    const path = input.path ?? (ctx.host.chooseSavePath ? await ctx.host.chooseSavePath(fileName) : join(ctx.paths.exportsPath, fileName));
    if (path === null) return { kind: 'cancelled' as const };
    const r = ctx.store.archive.exportRuns(input.ids, path);
    return { kind: 'file' as const, path, runs: r.runs, bytes: r.bytes };
  },

  'runs:import': (input, ctx) => {
    let result: ImportResult;
    if ('path' in input) {
      refusePath(ctx, 'read');
      result = ctx.store.archive.importRuns(input.path);
    } else {
      const bytes = Buffer.from(input.base64, 'base64');
      if (bytes.length === 0) throw new ApiFailure('invalid_input', 'the uploaded archive is empty', [{ path: 'base64', message: 'empty file' }]);
      result = ctx.store.archive.importBuffer(bytes, input.fileName ? basename(input.fileName) : 'upload');
    }
    if (result.imported.length) ctx.emit('runs:imported', { ids: result.imported.map((r) => r.id) });
    return result;
  },

  'runs:exportCsv': async (input, ctx) => {
    if (ctx.mode === 'browser') {
      if (input.dir) refusePath(ctx, 'write to');
      return withTempDir((dir) => {
        exportRunCsv(ctx.store.runs, input.id, dir);
        const files = readdirSync(dir)
          .sort()
          .map((name) => ({ name: `run-${input.id}-${name}`, text: readFileSync(join(dir, name), 'utf8') }));
        return { kind: 'download' as const, files };
      });
    }
    const fallback = join(ctx.paths.exportsPath, `run-${input.id}`);
    const dir = input.dir ?? (ctx.host.chooseDirectory ? await ctx.host.chooseDirectory(fallback) : fallback);
    if (dir === null) return { kind: 'cancelled' as const };
    return { kind: 'files' as const, dir, paths: exportRunCsv(ctx.store.runs, input.id, dir) };
  },
});

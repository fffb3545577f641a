/*
 * The built renderer as static files. Paths are resolved inside the root
 * only (no ../ escapes, no symlink tricks via realpath), unknown routes get
 * index.html so client-side routes survive a reload, and hashed assets are
 * cached for good while index.html is always revalidated.
 */
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  path: string;
  type: string;
  size: number;
  /** Vite's content-hashed assets never change under the same name. */
  immutable: boolean;
}

export function resolveStatic(root: string, pathname: string): StaticFile | null {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const realRoot = realpathSync(root);
  const candidate = resolve(realRoot, '.' + (rel.endsWith('/') ? rel + 'index.html' : rel));
  const tryFile = (p: string): StaticFile | null => {
    if (!existsSync(p)) return null;
    const real = realpathSync(p);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
    const st = statSync(real);
    if (!st.isFile()) return null;
    return { path: real, type: TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', size: st.size, immutable: real.includes(`${sep}assets${sep}`) };
  };
  const direct = candidate.startsWith(realRoot) ? tryFile(candidate) : null;
  if (direct) return direct;
  // Client-side route (no file extension): the app shell.
  return extname(rel) === '' ? tryFile(join(realRoot, 'index.html')) : null;
}

export function sendFile(res: ServerResponse, file: StaticFile, headers: Record<string, string>): void {
  res.writeHead(200, {
    ...headers,
    'content-type': file.type,
    'content-length': String(file.size),
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file.path).pipe(res);
}

/*
 * cmawb serve: browser mode. The workbench UI and its API on
 * http://127.0.0.1:PORT, guarded by a token that is part of the printed URL.
 * Runs until interrupted (Ctrl-C), then cancels queued runs, marks running
 * ones interrupted and closes the archive.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, rejectPositionals, type FlagSpecs } from '../args.ts';
import { staleUiWarning } from '../ui-build.ts';
import { newToken } from '../../main/server/auth.ts';
import { UsageError, type Out } from '../context.ts';

export const SERVE_FLAGS: FlagSpecs = { port: 'value', host: 'value', db: 'value', static: 'value', 'token-file': 'value', help: 'bool' };

export const SERVE_USAGE = [
  'usage: cmawb serve [--port N] [--host H] [--db FILE] [--token-file FILE]',
  '',
  '  Serves the workbench to a browser; prints the URL to open (it carries an access token,',
  '  and every request without the token is refused).',
  '  --port N      port (default 7323, or any free port if that one is taken)',
  '  --host H      address to listen on (default 127.0.0.1; anything else exposes the archive to the network)',
  '  --db FILE     archive database (default: $CMAWB_DB, else the user data folder)',
  '  --static DIR  built renderer to serve (default: out/renderer; `npm run build` makes it)',
  '  --token-file FILE  keep the access token in FILE (made, readable by you only, when missing), so',
  '                a restarted server on the same port keeps its URL and open pages reconnect',
  '                (default: a new token each start; with --port 0 the port changes anyway)',
];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServeDeps {
  /** Resolves when the server should stop; default SIGINT/SIGTERM. */
  until?: Promise<unknown>;
  /** Called with the URL once listening (tests). */
  onListening?: (url: string) => void;
}

export async function serveCommand(argv: readonly string[], out: Out, deps: ServeDeps = {}): Promise<number> {
  const args = parseArgs(argv, SERVE_FLAGS);
  if (args.bools.has('help')) {
    SERVE_USAGE.forEach((l) => out.log(l));
    return 0;
  }
  rejectPositionals(args);
  const portRaw = args.values.get('port');
  let port: number | undefined;
  if (portRaw !== undefined) {
    port = Number(portRaw);
    if (!/^\d+$/.test(portRaw) || port > 65535) throw new UsageError(`--port: expected 0..65535, got "${portRaw}"`);
  }
  const host = args.values.get('host') ?? '127.0.0.1';
  const staticDir = args.values.get('static');
  const db = args.values.get('db');
  const tokenFile = args.values.get('token-file');
  const token = tokenFile === undefined ? undefined : readOrMakeToken(resolve(tokenFile));

  // Loaded here so `cmawb help` never opens SQLite or the engine.
  const { startBrowserMode } = await import('../../main/server/browser-mode.ts');
  const mode = await startBrowserMode({
    appRoot: ROOT,
    host,
    ...(port !== undefined ? { port } : {}),
    ...(staticDir ? { staticDir: resolve(staticDir) } : {}),
    ...(db ? { dbPath: db } : {}),
    ...(token ? { token } : {}),
    log: (m) => out.error(`cmawb serve: ${m}`),
  }).catch((e: NodeJS.ErrnoException) => {
    // Only a port given with --port can be taken: the default falls back to a free one.
    if (e.code === 'EADDRINUSE') throw new UsageError(`--port ${port}: the port is in use; pick another or omit --port for a free one`);
    if (e.code === 'EADDRNOTAVAIL') throw new UsageError(`--host ${host}: not an address of this machine`);
    throw e;
  });
  out.log(`CMA Workbench (browser mode): ${mode.url}`);
  out.error(`archive: ${mode.workbench.ctx.paths.dbPath}`);
  if (!mode.hasUi) out.error('the user interface is not built: run `npm run build` (the API works meanwhile)');
  else if (!staticDir) {
    const stale = staleUiWarning(ROOT);
    if (stale) out.error(stale);
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    out.error(`listening on ${host}: anyone who can reach this address and has the URL can use the workbench`);
  }
  out.error('press Ctrl-C to stop');
  deps.onListening?.(mode.url);
  await (deps.until ?? signalled());
  await mode.close();
  return 0;
}

/** The token kept in `file`: read it, or make one there that only its owner can read. */
export function readOrMakeToken(file: string): string {
  if (!existsSync(file)) {
    const token = newToken();
    try {
      writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      throw new UsageError(`--token-file ${file}: cannot create it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return token;
  }
  const token = readFileSync(file, 'utf8').trim();
  // As strong as a made one: 128 bits or more of base64url.
  if (!/^[A-Za-z0-9_-]{22,}$/.test(token)) {
    throw new UsageError(`--token-file ${file}: holds no usable token (22 or more of A-Z a-z 0-9 _ -); delete it to get a new one`);
  }
  if ((statSync(file).mode & 0o077) !== 0) throw new UsageError(`--token-file ${file}: others can read it; chmod 600 it (or delete it for a new one)`);
  return token;
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
      resolve(sig);
    };
    const int = on('SIGINT');
    const term = on('SIGTERM');
    process.on('SIGINT', int);
    process.on('SIGTERM', term);
  });
}

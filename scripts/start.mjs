#!/usr/bin/env node
/*
 * `npm start`: build, then open the desktop app; when Electron cannot run
 * here, say why in one line and serve the same UI to a browser instead.
 * `npm run serve` (= this script with --browser) goes straight to browser mode.
 *
 *   1. electron-vite build (main + worker, preload, renderer into out/)
 *   2. can Electron run? a display, its binary (downloaded on first use by the
 *      electron package), and better-sqlite3 built for Electron's ABI
 *      (npm run rebuild:electron, tried once automatically)
 *   3. start it; if it dies during start-up, fall back as well
 *   4. browser mode: `cmawb serve`, which prints the URL with its token
 *
 * Arguments after `--` go to `cmawb serve` (e.g. npm start -- --port 8080 --db x.db).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const serveArgs = args.filter((a) => a !== '--browser');
const NATIVE = join(root, 'build', 'native', 'electron', 'better_sqlite3.node');
/** An Electron that lives this long has opened its window; an earlier exit is a failed start. */
const STARTUP_MS = 8000;

function run(cmd, argv, opts = {}) {
  return spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
}

function build() {
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = run(process.execPath, [bin, 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('npm start: the build failed (electron-vite build); see the errors above');
    process.exit(1);
  }
}

/** The last meaningful line of a child's stderr, for a one-line reason. */
function lastLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const err = lines.find((l) => /^(\w*Error|error):/.test(l)) ?? lines.filter((l) => !l.startsWith('at ')).pop();
  return err ?? 'no message';
}

/** Path of the Electron binary, or why there is none. Requiring 'electron' downloads the binary on first use. */
function electronBinary() {
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
    timeout: 15 * 60_000,
  });
  if (r.status === 0 && r.stdout && existsSync(r.stdout)) return { path: r.stdout };
  const why = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(r.stderr ?? '')
    ? 'its binary could not be downloaded (no connection to the Electron release server)'
    : `its binary is missing and could not be installed (${lastLine(r.stderr)})`;
  return { why };
}

/** Why Electron cannot run here, or null. */
function electronBlocker() {
  if (process.env.CMAWB_BROWSER === '1') return { why: 'CMAWB_BROWSER=1 asks for browser mode' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { why: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  const bin = electronBinary();
  if (!bin.path) return { why: bin.why };
  if (!existsSync(NATIVE)) {
    console.error('npm start: building better-sqlite3 for Electron (once): npm run rebuild:electron');
    const r = run(process.execPath, [join(root, 'build', 'rebuild-electron.mjs')]);
    if (r.status !== 0 || !existsSync(NATIVE)) return { why: 'better-sqlite3 could not be built for Electron (npm run rebuild:electron failed)' };
  }
  return { path: bin.path };
}

function startElectron(binary) {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(binary, ['.'], { cwd: root, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let tail = '';
    let started = false;
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      tail = (tail + d).slice(-4000);
    });
    const timer = setTimeout(() => {
      started = true;
      resolve({ started: true, exit: new Promise((r) => child.once('exit', (code) => r(code ?? 0))) });
    }, STARTUP_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      if (!started) resolve({ started: false, why: `it could not be started (${err.message})` });
    });
    child.once('exit', (code, signal) => {
      if (started) return;
      clearTimeout(timer);
      if (code === 0) resolve({ started: true, exit: Promise.resolve(0) });
      else resolve({ started: false, why: `it exited during start-up (${signal ?? `code ${code}`}: ${lastLine(tail)})` });
    });
  });
}

function browserMode() {
  const child = spawn(process.execPath, [join(root, 'bin', 'cmawb.mjs'), 'serve', ...serveArgs], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal; a SIGTERM sent to this process alone is passed on.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  process.on('SIGINT', () => {});
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

build();
if (browserOnly) {
  browserMode();
} else {
  const blocker = electronBlocker();
  if (!blocker.path) {
    console.error(`npm start: Electron cannot run here: ${blocker.why}; starting browser mode instead.`);
    browserMode();
  } else {
    const r = await startElectron(blocker.path);
    if (r.started) {
      process.exit(await r.exit);
    } else {
      console.error(`npm start: Electron ${r.why}; starting browser mode instead.`);
      browserMode();
    }
  }
}

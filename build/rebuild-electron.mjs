#!/usr/bin/env node
/*
 * `npm run rebuild:electron`: better-sqlite3 for Electron's ABI, beside the
 * Node build rather than over it. node_modules/better-sqlite3 keeps the Node
 * binary the CLI, the tests and browser mode load; the Electron main process
 * of an unpackaged checkout loads build/native/electron/better_sqlite3.node
 * through better-sqlite3's nativeBinding option (src/main/electron/layout.ts).
 * A packaged app needs none of this: electron-builder rebuilds node_modules
 * for Electron when it packages.
 *
 * Works on a copy of the package in a temporary folder: first the prebuilt
 * binary better-sqlite3 publishes for this Electron version (prebuild-install),
 * else a compile against Electron's headers (node-gyp; needs a C++ toolchain).
 * Both download, so this needs the internet once.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));

const electronVersion = JSON.parse(readFileSync(join(pkgDir('electron'), 'package.json'), 'utf8')).version;
const source = pkgDir('better-sqlite3');
const out = join(root, 'build', 'native', 'electron', 'better_sqlite3.node');
const work = mkdtempSync(join(tmpdir(), 'cmawb-sqlite-electron-'));
const copy = join(work, 'better-sqlite3');

const step = (what, cmd, args) => {
  console.error(`rebuild:electron: ${what}`);
  return spawnSync(cmd, args, { cwd: copy, stdio: 'inherit' }).status === 0;
};

try {
  cpSync(source, copy, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });
  const target = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform];
  const ok =
    step(`prebuilt binary for Electron ${electronVersion}`, process.execPath, [join(pkgDir('prebuild-install'), 'bin.js'), ...target]) ||
    step(`compiling against Electron ${electronVersion} headers`, process.execPath, [
      join(pkgDir('node-gyp'), 'bin', 'node-gyp.js'),
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ]);
  const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (!ok || !existsSync(built)) {
    console.error('rebuild:electron: failed; the desktop app needs this file, browser mode (npm run serve) does not');
    process.exitCode = 1;
  } else {
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(built, out);
    console.error(`rebuild:electron: wrote ${out}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

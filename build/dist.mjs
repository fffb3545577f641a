#!/usr/bin/env node
/*
 * `npm run dist`: build, then package with electron-builder (AppImage and deb
 * into release/). electron-builder rebuilds native dependencies for Electron's
 * ABI in the project's own node_modules, which would leave the CLI, the tests
 * and browser mode with a better-sqlite3 they cannot load; the Node binary is
 * set aside first and put back afterwards, whatever happened.
 * Extra arguments go to electron-builder (e.g. `npm run dist -- --dir`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));
const binary = join(pkgDir('better-sqlite3'), 'build', 'Release', 'better_sqlite3.node');
const run = (what, script, args) => {
  console.error(`dist: ${what}`);
  return spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;
};

const keep = mkdtempSync(join(tmpdir(), 'cmawb-dist-'));
const saved = join(keep, 'better_sqlite3.node');
if (existsSync(binary)) copyFileSync(binary, saved);
let status = 1;
try {
  status = run('electron-vite build', join(pkgDir('electron-vite'), 'bin', 'electron-vite.js'), ['build']);
  if (status === 0) {
    const builder = join(pkgDir('electron-builder'), 'cli.js');
    const extra = process.argv.slice(2);
    status = run('electron-builder', builder, ['--config', 'build/electron-builder.yml', '--linux', ...(extra.length ? extra : ['AppImage', 'deb']), '--publish', 'never']);
  }
} finally {
  if (existsSync(saved)) {
    // The rebuild may have removed build/Release altogether (it cleans before compiling).
    mkdirSync(dirname(binary), { recursive: true });
    copyFileSync(saved, binary);
  }
  // @electron/rebuild's marker says "already built for Electron"; it no longer is, so the next dist must rebuild.
  rmSync(join(dirname(binary), '.forge-meta'), { force: true });
  rmSync(keep, { recursive: true, force: true });
}
process.exit(status);

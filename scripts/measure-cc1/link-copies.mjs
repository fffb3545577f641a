#!/usr/bin/env node
// How much more a pre-4.13 kbuild writes per compile unit than a thin-archive
// one, measured on a built tree. Until v4.13 every directory linked its objects
// and its subdirectories' built-in.o into its own built-in.o (`$(LD) -r`), so an
// object's bytes were written again once per directory level up to the entry
// vmlinux links. Usage: node link-copies.mjs KERNEL_DIR (after building vmlinux;
// reads the members of the thin archive vmlinux.a).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const kdir = process.argv[2];
if (!kdir || !existsSync(join(kdir, 'vmlinux.a'))) {
  console.error('usage: node link-copies.mjs KERNEL_DIR (a tree with vmlinux.a built)');
  process.exit(2);
}

// Levels of built-in.o that hold an object. ARM's Makefile lists arch/arm/<dir>/ itself among
// vmlinux's inputs (core-y, machine-y, ...), so those count from there; head.o links directly.
function levels(obj) {
  if (obj === 'arch/arm/kernel/head.o') return 0;
  const parts = dirname(obj).split('/');
  const n = parts[0] === 'arch' && parts[1] === 'arm' ? parts.length - 2 : parts.length;
  return Math.max(n, 1);
}

const members = execFileSync('ar', ['t', 'vmlinux.a'], { cwd: kdir, encoding: 'utf8' }).split('\n').filter(Boolean);
let units = 0;
let objBytes = 0;
let copyBytes = 0;
const byLevel = {};
for (const obj of members) {
  const path = join(kdir, obj);
  if (!existsSync(path)) continue;
  const size = statSync(path).size;
  const l = levels(obj);
  units++;
  objBytes += size;
  copyBytes += size * l;
  byLevel[l] = (byLevel[l] ?? 0) + 1;
}
const kib = (b) => Math.round((b / units / 1024) * 10) / 10;
console.log(
  JSON.stringify({
    units,
    objectKiBPerUnit: kib(objBytes),
    builtinCopyKiBPerUnit: kib(copyBytes),
    meanLevelsByBytes: Math.round((copyBytes / objBytes) * 100) / 100,
    unitsByLevel: byLevel,
    vmlinuxOMiB: Math.round((statSync(join(kdir, 'vmlinux.o')).size / 2 ** 20) * 10) / 10,
  }),
);

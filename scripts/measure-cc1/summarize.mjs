#!/usr/bin/env node
// Summarise a measure-cc1 log: cc1's peak anonymous memory and its growth
// curve, plus what each unit read (headers, from kbuild's .cmd files) and wrote
// (object + .cmd). Usage: node summarize.mjs LOG KERNEL_DIR
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [log, kdir] = process.argv.slice(2);
if (!log || !kdir) {
  console.error('usage: node summarize.mjs LOG KERNEL_DIR');
  process.exit(2);
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const mean = s.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const q = (p) => s[Math.min(n - 1, Math.floor(p * n))];
  const r = (x) => Math.round(x * 10) / 10;
  return { n, mean: r(mean), median: r(q(0.5)), p10: r(q(0.1)), p90: r(q(0.9)), max: r(s[n - 1]), cv: Math.round((sd / mean) * 100) / 100 };
}

// cc1 samples: the curve is the share of the peak held at the end of each tenth of the run.
const peaks = [];
const curves = [];
const averages = [];
for (const line of readFileSync(log, 'utf8').split('\n')) {
  const [src, peakKiB, list] = line.split(' ');
  if (!src?.endsWith('.c') || !list) continue;
  peaks.push(Number(peakKiB) / 1024);
  const s = list.split(',').map(Number);
  if (s.length < 10) continue; // too short to sample a shape
  const peak = Math.max(...s);
  curves.push(Array.from({ length: 10 }, (_, i) => s[Math.min(s.length - 1, Math.round(((i + 1) * s.length) / 10) - 1)] / peak));
  averages.push(s.reduce((a, b) => a + b, 0) / s.length / peak);
}
const curve = Array.from({ length: 10 }, (_, i) => Math.round((curves.reduce((a, c) => a + c[i], 0) / curves.length) * 100) / 100);

// kbuild's .<obj>.cmd files list every header a unit included.
const headers = [];
const sources = [];
const outputs = [];
const unique = new Map();
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.startsWith('.') && e.name.endsWith('.o.cmd')) unit(dir, e.name, p);
  }
}
function unit(dir, name, path) {
  const txt = readFileSync(path, 'utf8');
  const source = /^source_\S+ := (\S+\.c)$/m.exec(txt)?.[1];
  if (!source) return;
  const obj = join(dir, name.slice(1, -4));
  if (!existsSync(obj)) return;
  let bytes = 0;
  for (const m of txt.matchAll(/^\s+(\S+\.h) \\$/gm)) {
    const h = m[1].startsWith('/') ? m[1] : join(kdir, m[1]);
    if (!existsSync(h)) continue;
    const size = statSync(h).size;
    bytes += size;
    unique.set(h, size);
  }
  headers.push(bytes / 1024);
  const src = source.startsWith('/') ? source : join(kdir, source);
  if (existsSync(src)) sources.push(statSync(src).size / 1024);
  outputs.push((statSync(obj).size + txt.length) / 1024);
}
walk(kdir);

console.log(
  JSON.stringify(
    {
      cc1AnonPeakMiB: stats(peaks),
      unitsWithCurve: curves.length,
      heapCurve: curve,
      timeAverageOverPeak: Math.round((averages.reduce((a, b) => a + b, 0) / averages.length) * 100) / 100,
      headersReadPerUnitKiB: stats(headers),
      sourcePerUnitKiB: stats(sources),
      outputPerUnitKiB: stats(outputs),
      uniqueHeadersMiB: Math.round(([...unique.values()].reduce((a, b) => a + b, 0) / 2 ** 20) * 10) / 10,
    },
    null,
    2,
  ),
);

#!/usr/bin/env node
// Summarize sample-slab.sh's log into the kbuild workload's kernel-memory
// inputs, in the target machine's object sizes (SIZES, a JSON file):
// - reclaimable slab: for each reclaimable cache, the objects each new object
//   file adds (least-squares slope over the second half of the compile phase)
//   and what the build holds beyond that at the end (slabMiB, the part it
//   keeps using); per unit, slabKiBPerUnit;
// - unmovable memory per job while compiling: page tables, kernel stacks
//   (scaled to the target's THREAD_SIZE) and the process caches, averaged over
//   the samples with a compile job running, per running job (jobKernelKiB).
// Everything is counted from the first sample, so start from a cold cache.
//   node scripts/measure-kmem/summarize-slab.mjs LOG SIZES
import { readFileSync } from 'node:fs';

const [log, sizesFile] = process.argv.slice(2);
if (!log || !sizesFile) {
  console.error('usage: summarize-slab.mjs LOG SIZES');
  process.exit(2);
}
const sizes = JSON.parse(readFileSync(sizesFile, 'utf8'));

const samples = [];
for (const line of readFileSync(log, 'utf8').split('\n')) {
  if (line.startsWith('== ')) {
    const field = (k) => Number(new RegExp(`(?:^|\\s)${k}=?\\s*(\\d+)`).exec(line)?.[1]);
    samples.push({
      t: field('t'),
      objs: field('objs'),
      drivers: field('drivers'),
      stackKiB: field('KernelStack'),
      pageTablesKiB: field('PageTables'),
      active: {},
    });
    continue;
  }
  const f = line.trim().split(/\s+/);
  if (samples.length === 0 || f.length < 6 || f[0] === '#') continue;
  samples.at(-1).active[f[0]] = Number(f[1]);
}
const compiling = samples.filter((s) => s.drivers > 0);
if (compiling.length < 4) {
  console.error(`only ${compiling.length} samples have a compile job running: need at least 4`);
  process.exit(1);
}
const base = samples[0];
const grown = (s, cache) => (s.active[cache] ?? 0) - (base.active[cache] ?? 0);

function slope(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

const end = compiling.at(-1);
const steady = compiling.filter((s) => s.objs >= end.objs / 2);
const reclaimable = {};
let perUnitBytes = 0;
let heldBytes = 0;
for (const [cache, bytes] of Object.entries(sizes.reclaimable)) {
  const perUnit = slope(steady.map((s) => [s.objs, grown(s, cache)]));
  const held = Math.max(0, grown(end, cache) - perUnit * end.objs);
  reclaimable[cache] = { perUnit: +perUnit.toFixed(2), held: Math.round(held), bytes };
  perUnitBytes += perUnit * bytes;
  heldBytes += held * bytes;
}

let jobKiB = 0;
let jobs = 0;
const stackScale = sizes.threadSize / sizes.hostThreadSize;
for (const s of compiling) {
  let kib = s.pageTablesKiB - base.pageTablesKiB + (s.stackKiB - base.stackKiB) * stackScale;
  for (const [cache, bytes] of Object.entries(sizes.process)) kib += (grown(s, cache) * bytes) / 1024;
  jobKiB += kib;
  jobs += s.drivers;
}

console.log(
  JSON.stringify(
    {
      samples: samples.length,
      compilingSamples: compiling.length,
      units: end.objs,
      meanJobs: +(jobs / compiling.length).toFixed(2),
      reclaimable,
      slabKiBPerUnit: +(perUnitBytes / 1024).toFixed(2),
      slabMiB: +(heldBytes / 2 ** 20).toFixed(2),
      jobKernelKiB: Math.round(jobKiB / jobs),
    },
    null,
    2,
  ),
);

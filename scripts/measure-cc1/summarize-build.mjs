#!/usr/bin/env node
// Summarize sample-build.mjs's log: for each program, the processes alive and
// the anonymous memory they held, averaged over the samples taken while
// compile jobs ran (at least one gcc driver alive), so the configure steps
// before and the final links after do not dilute the averages. A job is a
// driver process; otherKiBPerJob is everything but cc1, per job.
//   node scripts/measure-cc1/summarize-build.mjs LOG [driverName]
import { readFileSync } from 'node:fs';

const [log, driverArg] = process.argv.slice(2);
if (!log) {
  console.error('usage: summarize-build.mjs LOG [driverName]');
  process.exit(2);
}
const driver = driverArg ?? 'arm-linux-gnueabihf-gcc-12';
const samples = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const compiling = samples.filter((s) => (s.p[driver]?.[0] ?? 0) > 0);
if (compiling.length === 0) {
  console.error(`no sample has a ${driver} process: is that the driver's program name?`);
  process.exit(1);
}

const totals = {};
for (const s of compiling) {
  for (const [program, [procs, kib]] of Object.entries(s.p)) {
    const t = (totals[program] ??= { procs: 0, kib: 0, samplesAlive: 0 });
    t.procs += procs;
    t.kib += kib;
    t.samplesAlive++;
  }
}
const n = compiling.length;
const programs = Object.fromEntries(
  Object.entries(totals)
    .sort((a, b) => b[1].kib - a[1].kib)
    .map(([program, t]) => [
      program,
      {
        meanProcs: +(t.procs / n).toFixed(2),
        meanMiB: +(t.kib / n / 1024).toFixed(2),
        kibPerProc: Math.round(t.kib / t.procs),
      },
    ]),
);
// What a job holds besides cc1's heap (measured on its own): make's share, shells, the driver, as.
const jobs = totals[driver].procs / n;
const otherKiB = Object.entries(totals).reduce((sum, [program, t]) => (program === 'cc1' ? sum : sum + t.kib), 0) / n;
const summary = {
  samples: samples.length,
  compilingSamples: n,
  compilingSeconds: +((compiling.at(-1).t - compiling[0].t) / 1000).toFixed(1),
  meanJobs: +jobs.toFixed(2),
  otherKiBPerJob: Math.round(otherKiB / jobs),
  programs,
};
console.log(JSON.stringify(summary, null, 2));

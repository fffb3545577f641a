#!/usr/bin/env node
// Sample the anonymous memory of every process of a running build, by program.
//   node scripts/measure-cc1/sample-build.mjs SID LOG [intervalMs]
// SID is the session id of the build (start it with `setsid make ...`): every
// process in that session is counted, so sub-makes, shells, the gcc driver,
// cc1, as, fixdep and the linkers are all seen. Each sample is one JSON line:
//   {"t": ms since start, "p": {program: [processes, RssAnon KiB summed]}}
// Reads /proc only (no forks), so sampling costs the build little.
import { readFileSync, readlinkSync, readdirSync, appendFileSync } from 'node:fs';
import { basename } from 'node:path';

const [sidArg, log, intervalArg] = process.argv.slice(2);
if (!sidArg || !log) {
  console.error('usage: sample-build.mjs SID LOG [intervalMs]');
  process.exit(2);
}
const sid = Number(sidArg);
const intervalMs = Number(intervalArg ?? 100);
const start = Date.now();

// /proc/PID/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces.
function sessionOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

function rssAnonKiB(pid) {
  const m = /RssAnon:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function sample() {
  const programs = {};
  let alive = false;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (sessionOf(name) !== sid) continue;
      alive = true;
      const program = basename(readlinkSync(`/proc/${name}/exe`));
      const kib = rssAnonKiB(name);
      const entry = (programs[program] ??= [0, 0]);
      entry[0]++;
      entry[1] += kib;
    } catch {
      // the process ended between readdir and read
    }
  }
  if (alive) appendFileSync(log, JSON.stringify({ t: Date.now() - start, p: programs }) + '\n');
  return alive;
}

const timer = setInterval(() => {
  if (!sample()) clearInterval(timer);
}, intervalMs);

/*
 * Progress of a running simulation on stderr. A terminal gets one redrawn
 * line (bar, virtual time, events/s, ETA); a pipe or log file gets a plain
 * line every few seconds so CI logs stay short. Wall-clock time is used only
 * here, never in results.
 */
import type { RunProgress } from '../engine/result.ts';
import type { ProgressSink } from './context.ts';
import { formatCount, formatSeconds } from './format.ts';

const TTY_EVERY_MS = 100;
const PLAIN_EVERY_MS = 5000;
const BAR = 24;

export interface ProgressReporter {
  onProgress(p: RunProgress): void;
  /** Clear the TTY line (call before printing anything else); in a log, note the run finished (or how else it ended). */
  finish(ended?: string): void;
}

export interface ProgressOptions {
  /** Prefix such as "gcma seed 3 (4/15)". */
  label?: string;
  /** How many phases the run has: 2 when a baseline run precedes or follows the main one. */
  phases: number;
}

export function createProgress(sink: ProgressSink, clock: () => number, opts: ProgressOptions): ProgressReporter {
  const start = clock();
  // A terminal shows the line at once; a log waits a full interval so short runs add one line, not two.
  let lastDraw = sink.isTTY ? -Infinity : start;
  let drawn = false;
  let phase: RunProgress['phase'] | null = null;
  let phasesDone = 0;
  let phaseStart = start;

  return {
    onProgress(p) {
      const now = clock();
      if (phase !== p.phase) {
        if (phase !== null) phasesDone++;
        phase = p.phase;
        phaseStart = now;
      }
      if (now - lastDraw < (sink.isTTY ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
      lastDraw = now;
      const line = progressLine(p, {
        label: opts.label,
        overall: overallFraction(phasesDone, p, opts.phases),
        phaseOf: opts.phases > 1 ? `${Math.min(phasesDone, opts.phases - 1) + 1}/${opts.phases}` : undefined,
        elapsedMs: now - start,
        phaseElapsedMs: now - phaseStart,
        bar: sink.isTTY,
      });
      if (sink.isTTY) {
        sink.write(`\r${line}\x1b[K`);
        drawn = true;
      } else {
        sink.write(line + '\n');
      }
    },
    finish(ended) {
      if (drawn) sink.write('\r\x1b[K');
      drawn = false;
      // In a log, one line per finished run shows a long compare is moving even when each run is short.
      const how = ended === undefined ? 'done in' : `${ended} after`;
      if (!sink.isTTY) sink.write(`${opts.label ? `${opts.label} ` : ''}${how} ${formatWall(clock() - start)}\n`);
    },
  };
}

function overallFraction(phasesDone: number, p: RunProgress, phases: number): number {
  const f = Math.min(1, Math.max(0, p.fraction));
  return Math.min(1, (Math.min(phasesDone, phases - 1) + f) / Math.max(1, phases));
}

export interface LineParts {
  label?: string;
  /** Share of the whole run, every phase counted. */
  overall: number;
  /** "2/2": which phase this is, when there is more than one. */
  phaseOf?: string;
  elapsedMs: number;
  phaseElapsedMs: number;
  bar: boolean;
}

/** One progress line; exported for tests. */
export function progressLine(p: RunProgress, parts: LineParts): string {
  const pct = `${Math.floor(parts.overall * 100)}%`.padStart(4);
  const filled = Math.round(parts.overall * BAR);
  const bar = parts.bar ? `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ` : '';
  // The scenario's duration is a limit: a run whose workloads finish sooner ends sooner, so the
  // percentage follows the workloads, not this ratio.
  const vt = `${formatSeconds(p.virtualNs / 1e9)} virtual (limit ${formatSeconds(p.totalNs / 1e9)})`;
  const rate = parts.phaseElapsedMs > 0 ? `${formatCount(Math.round((p.events / parts.phaseElapsedMs) * 1000))} ev/s` : '';
  const eta = parts.overall > 0.01 ? `ETA ${formatWall((parts.elapsedMs / parts.overall) * (1 - parts.overall))}` : 'ETA -';
  const label = parts.label ? `${parts.label} ` : '';
  const phase = parts.phaseOf ? `${p.phase} ${parts.phaseOf}` : p.phase;
  return `${label}${bar}${pct} ${phase}  ${vt}  ${rate}  ${eta}`.trimEnd();
}

/** Wall-clock durations for people waiting: "0.4 s", "12 s", "3 min 05 s". */
export function formatWall(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

/**
 * Progress of several runs at once on one sink. A log gets each run's plain
 * lines (labelled, so they can interleave). A terminal has room for one
 * redrawn line: it shows the longest-running run, and when that one ends the
 * next takes the line over.
 */
export interface ProgressBoard {
  start(key: number, opts: ProgressOptions): void;
  onProgress(key: number, p: RunProgress): void;
  /** `ended`: how the run ended when it did not complete ("failed", "cancelled"). */
  finish(key: number, ended?: string): void;
}

export function createProgressBoard(sink: ProgressSink, clock: () => number): ProgressBoard {
  /** In start order, so the first entry owns the terminal line. */
  const active = new Map<number, ProgressReporter>();
  const shown = (key: number): boolean => !sink.isTTY || active.keys().next().value === key;
  return {
    start(key, opts) {
      if (active.has(key)) return;
      active.set(key, createProgress({ isTTY: sink.isTTY, write: (t) => shown(key) && sink.write(t) }, clock, opts));
    },
    onProgress(key, p) {
      active.get(key)?.onProgress(p);
    },
    finish(key, ended) {
      const r = active.get(key);
      if (!r) return;
      r.finish(ended);
      active.delete(key);
    },
  };
}

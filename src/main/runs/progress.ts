/*
 * Turn the engine's raw progress (virtual time done of total, events) into
 * what a person watches: overall fraction, events per wall second, ETA.
 * With a baseline the engine simulates two phases ('baseline' and 'main', in
 * whichever order it chooses); each is counted as half the work.
 */
import type { RunProgress } from '../../engine/result.ts';

export interface RunProgressInfo {
  runId: number;
  phase: RunProgress['phase'];
  virtualNs: number;
  totalNs: number;
  /** Of the current phase, 0..1. */
  phaseFraction: number;
  /** Of the whole run, 0..1. */
  fraction: number;
  events: number;
  eventsPerS: number;
  elapsedS: number;
  /** null until there is enough progress to extrapolate. */
  etaS: number | null;
}

export class ProgressTracker {
  private readonly seen: RunProgress['phase'][] = [];
  private phaseStartMs: number;
  private lastUpdateMs: number;

  constructor(
    private readonly runId: number,
    private readonly phases: number,
    private readonly startMs: number,
  ) {
    this.phaseStartMs = startMs;
    this.lastUpdateMs = startMs;
  }

  update(p: RunProgress, nowMs: number): RunProgressInfo {
    if (this.seen[this.seen.length - 1] !== p.phase) {
      // The phase began when the previous one last reported (or when the run started), not now:
      // its first report already counts events done since then.
      this.phaseStartMs = this.seen.length === 0 ? this.startMs : this.lastUpdateMs;
      this.seen.push(p.phase);
    }
    this.lastUpdateMs = nowMs;
    const phaseFraction = Math.min(1, Math.max(0, p.fraction));
    const done = Math.min(this.seen.length - 1, this.phases - 1);
    const fraction = Math.min(1, (done + phaseFraction) / this.phases);
    const elapsedS = (nowMs - this.startMs) / 1000;
    const phaseS = (nowMs - this.phaseStartMs) / 1000;
    return {
      runId: this.runId,
      phase: p.phase,
      virtualNs: p.virtualNs,
      totalNs: p.totalNs,
      phaseFraction,
      fraction,
      events: p.events,
      eventsPerS: phaseS > 0 ? p.events / phaseS : 0,
      elapsedS,
      etaS: fraction > 0.001 && elapsedS > 0.2 ? (elapsedS * (1 - fraction)) / fraction : null,
    };
  }
}

export function formatDuration(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? h + ':' : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

function formatRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toFixed(1)}M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)}k`;
  return r.toFixed(0);
}

/** One plain line, e.g. "run 12 [main]  43.2%  1.2M ev/s  elapsed 0:05  ETA 0:07". */
export function formatProgressLine(p: RunProgressInfo): string {
  const pct = (p.fraction * 100).toFixed(1).padStart(5);
  const eta = p.etaS === null ? 'ETA --:--' : `ETA ${formatDuration(p.etaS)}`;
  return `run ${p.runId} [${p.phase}] ${pct}%  ${formatRate(p.eventsPerS)} ev/s  elapsed ${formatDuration(p.elapsedS)}  ${eta}`;
}

/*
 * Execute a command's runs through the RunService (the run manager's
 * workers): at most poolSize submitted at a time, in plan order, so archive
 * ids follow the plan and an interrupted command leaves only what it started.
 * Progress comes from the manager's events; results come back in plan order
 * whatever order the runs finish in. The first failure cancels the runs still
 * going; Ctrl-C cancels them all (a second Ctrl-C stops at once).
 */
import type { RunInput, RunProgress, RunSummary } from '../engine/result.ts';
import type { RunOutcome, RunProgressInfo } from '../main/runs/index.ts';
import { InterruptedError, SIGNAL_WORDS, type CliContext, type InterruptSignal, type RunService, type RunServiceOptions } from './context.ts';
import { createProgressBoard, type ProgressBoard } from './progress.ts';

export interface RunRequest {
  input: RunInput;
  /** Names the run in a failure message ("gcma ratio=0.5 seed 2"); undefined for a lone run. */
  name?: string;
  /** Progress label; undefined: no progress for this run (--json). */
  label?: string;
}

export interface RunDone {
  summary: RunSummary;
  /** The archive id, null without saving. */
  id: number | null;
}

/** A run ended failed (or otherwise not completed): exit code 1, one line. */
export class RunFailedError extends Error {
  constructor(
    message: string,
    readonly outcome: RunOutcome,
  ) {
    super(message);
    this.name = 'RunFailedError';
  }
}

/** Default watchdog per run, seconds: generous, it is there for runs that hang. */
export const DEFAULT_TIMEOUT_S = 3600;

export async function executeRuns(ctx: CliContext, requests: readonly RunRequest[], opts: RunServiceOptions): Promise<RunDone[]> {
  const service = await ctx.openRuns(opts);
  const board = ctx.progress ? createProgressBoard(ctx.progress, ctx.clock) : null;
  const results: (RunDone | undefined)[] = new Array(requests.length);
  const inflight = new Map<number, number>(); // run id -> request index
  let next = 0;
  let stopping = false;
  let failure: unknown = null;
  let interrupted: InterruptSignal | null = null;
  /** Saved runs Ctrl-C ended before they completed. */
  const unfinished: { id: number; status: RunOutcome['status'] }[] = [];

  const stopAll = (): void => {
    stopping = true;
    for (const id of inflight.keys()) service.cancel(id);
  };
  const subs = [
    service.onProgress((p) => {
      if (inflight.has(p.runId)) board?.onProgress(p.runId, engineProgress(p));
    }),
    ctx.onInterrupt((signal) => {
      if (interrupted) {
        // Second Ctrl-C: do not wait for runs to notice the flag; terminate them now (they end interrupted).
        void service.close();
        return;
      }
      interrupted = signal;
      if (inflight.size > 0) {
        if (ctx.progress?.isTTY) ctx.progress.write('\r\x1b[K');
        ctx.out.error(signal === 'SIGINT' ? 'cmawb: cancelling (Ctrl-C again to stop at once)' : `cmawb: cancelling (${SIGNAL_WORDS[signal]})`);
      }
      stopAll();
    }),
  ];

  async function lane(): Promise<void> {
    while (!stopping && next < requests.length) {
      const index = next++;
      const req = requests[index]!;
      let id: number;
      try {
        id = service.submit(req.input);
      } catch (e) {
        failure ??= e;
        stopAll();
        return;
      }
      inflight.set(id, index);
      if (req.label !== undefined) board?.start(id, { label: req.label, phases: req.input.options?.baseline === false ? 1 : 2 });
      let outcome: RunOutcome | null = null;
      try {
        outcome = await service.wait(id);
      } finally {
        board?.finish(id, outcome?.status === 'completed' ? undefined : (outcome?.status ?? 'failed'));
        inflight.delete(id);
      }
      const savedId = opts.save ? id : null;
      if (outcome.status === 'completed') {
        try {
          results[index] = { summary: service.summary(id), id: savedId };
        } catch (e) {
          failure ??= e;
          stopAll();
        }
      } else if (interrupted) {
        // After Ctrl-C a run that did not complete is not a failure; the message lists it.
        if (savedId !== null) unfinished.push({ id: savedId, status: outcome.status });
      } else if (!(stopping && outcome.status === 'cancelled')) {
        // A run cancelled because another failed is not a second failure.
        failure ??= new RunFailedError(failureMessage(req, outcome, savedId), outcome);
        stopAll();
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(service.poolSize, requests.length) }, lane));
  } finally {
    for (const s of subs) s.dispose();
    await service.close();
  }
  if (interrupted !== null) {
    const done = results.filter((r): r is RunDone => r !== undefined);
    const saved = done.flatMap((r) => (r.id === null ? [] : [r.id]));
    const runs = (ids: number[]) => `${ids.length === 1 ? 'run' : 'runs'} ${formatIds(ids)}`;
    throw new InterruptedError(
      `cancelled (${SIGNAL_WORDS[interrupted]})` +
        (requests.length > 1 ? ` after ${done.length} of ${requests.length} runs` : '') +
        (saved.length > 0 ? `; saved ${runs(saved)}` : '') +
        [...new Set(unfinished.map((u) => u.status))]
          .map((st) => `; ${runs(unfinished.filter((u) => u.status === st).map((u) => u.id).sort((a, b) => a - b))} stored as ${st}`)
          .join('') +
        // Runs wait in this process until a lane takes them: those never reached the archive.
        (next < requests.length ? `; ${requests.length - next} not started` : ''),
      interrupted,
    );
  }
  if (failure !== null) throw failure;
  return results as RunDone[];
}

/** The manager's progress event as the engine reported it, for the progress display. */
export function engineProgress(p: RunProgressInfo): RunProgress {
  return { virtualNs: p.virtualNs, totalNs: p.totalNs, fraction: p.phaseFraction, events: p.events, phase: p.phase };
}

function failureMessage(req: RunRequest, outcome: RunOutcome, savedId: number | null): string {
  const what = outcome.error?.message ?? outcome.status;
  const prefix = req.name !== undefined ? `${req.name}: ` : '';
  const hint = /^watchdog timeout/.test(what) ? ' (--timeout S sets the limit)' : '';
  const stored = savedId !== null ? `; stored as ${outcome.status} run #${savedId}` : '';
  return `${prefix}${outcome.status === 'failed' ? '' : `${outcome.status}: `}${what}${hint}${stored}`;
}

/** "#12-#19" for a consecutive block, else "#3, #5, #9". */
export function formatIds(ids: readonly number[]): string {
  const consecutive = ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1);
  if (consecutive && ids.length > 2) return `#${ids[0]}-#${ids[ids.length - 1]}`;
  return ids.map((id) => `#${id}`).join(', ');
}

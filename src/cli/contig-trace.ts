/*
 * --contig-trace FILE: replay a device's own cma tracepoint trace instead of
 * the scenario's generated contiguous clients (run, compare), and the file
 * reading both `cmawb trace` and those flags share.
 */
import { basename } from 'node:path';
import { decodeTrace, parseCmaTrace, TraceError, type TraceImport } from '../engine/scenario/cma-ftrace.ts';
import { withContigTrace } from '../engine/scenario/with-trace.ts';
import { ScenarioError, type Scenario } from '../engine/scenario/schema.ts';
import type { ParsedArgs } from './args.ts';
import { UsageError, type CliContext } from './context.ts';

export const CONTIG_TRACE_FLAGS = { 'contig-trace': 'value', 'trace-area': 'value', 'trace-start': 'value' } as const;

const USAGE_ROWS: [string, string[]][] = [
  ['--contig-trace FILE', ['replay the cma events of a kernel trace instead of the scenario\'s', 'contiguous clients (see `cmawb trace --help`)']],
  ['--trace-area NAME', ['keep one CMA area\'s events']],
  ['--trace-start S', ['where the trace\'s first request falls in the run', '(default: where the replaced client started)']],
];

/** The flags' help lines, descriptions starting at `column` like the rest of the command's usage. */
export function contigTraceUsage(column: number): string[] {
  return USAGE_ROWS.flatMap(([flag, lines]) => {
    const head = `  ${flag}`;
    const first = head.length + 1 <= column ? [`${head.padEnd(column)}${lines[0]}`] : [head, `${' '.repeat(column)}${lines[0]}`];
    return [...first, ...lines.slice(1).map((l) => `${' '.repeat(column)}${l}`)];
  });
}

export function parseStartAt(raw: string, flag: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: expected seconds >= 0, got "${raw}"`);
  return n;
}

export function loadTrace(ctx: CliContext, file: string, flag: string, opts: { area?: string; startAtS?: number }): TraceImport {
  let bytes: Uint8Array;
  try {
    bytes = ctx.readBytes ? ctx.readBytes(file) : new TextEncoder().encode(ctx.readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${flag} ${file}: no such file` : `${flag} ${file}: cannot read (${code ?? (e as Error).message})`);
  }
  if (bytes.length === 0) throw new UsageError(`${file}: the file is empty`);
  try {
    return parseCmaTrace(decodeTrace(bytes), opts);
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}

/** What to tell about a trace replayed into `scenario`: the import's notes and a mismatch with the machine. */
export function traceNotes(trace: TraceImport, area: string | undefined, before: Scenario, after: Scenario): string[] {
  const notes = [...trace.notes];
  const areas = Object.entries(trace.areas);
  if (area === undefined && areas.length > 1) {
    notes.push(
      `the trace has ${areas.length} CMA areas (${areas.map(([a, n]) => `${a}: ${n}`).join(', ')}), all replayed into this machine's one area; keep one with --trace-area NAME`,
    );
  }
  const chosen = area ?? (areas.length === 1 ? areas[0]![0] : undefined);
  const pages = chosen === undefined ? undefined : trace.areaPages[chosen];
  const regionPages = before.machine.regionMiB * 256;
  if (pages !== undefined && pages !== regionPages) {
    const mib = Math.round((pages / 256) * 100) / 100;
    notes.push(`the traced area ${chosen} is ${mib} MiB, this scenario's region ${before.machine.regionMiB} MiB (--scenario-set machine.regionMiB=${mib} to match)`);
  }
  if (after.durationS > before.durationS) {
    notes.push(`the trace runs the scenario to ${after.durationS} s (it was ${before.durationS} s); background workloads that end sooner leave the machine idle`);
  }
  return notes;
}

/**
 * What --contig-trace does to a scenario: replace its contiguous clients by the trace's tasks
 * (read once, applied to every scenario of a sweep); the identity without the flag. Notes go
 * to stderr once, for the first scenario.
 */
export function planContigTrace(ctx: CliContext, args: ParsedArgs): (scenario: Scenario) => Scenario {
  const file = args.values.get('contig-trace');
  const area = args.values.get('trace-area');
  const startRaw = args.values.get('trace-start');
  if (file === undefined) {
    if (area !== undefined || startRaw !== undefined) throw new UsageError(`${area !== undefined ? '--trace-area' : '--trace-start'} needs --contig-trace FILE`);
    return (scenario) => scenario;
  }
  const startAtS = startRaw === undefined ? undefined : parseStartAt(startRaw, '--trace-start');
  const trace = loadTrace(ctx, file, '--contig-trace', { area });
  let told = false;
  return (scenario) => {
    let traced: Scenario;
    try {
      traced = withContigTrace(scenario, trace.workloads, { label: basename(file), startAtS });
    } catch (e) {
      if (e instanceof ScenarioError) throw new UsageError(`--contig-trace ${file}: ${e.message}`);
      throw e;
    }
    if (!told) traceNotes(trace, area, scenario, traced).forEach((n) => ctx.out.error(`note: ${n}`));
    told = true;
    return traced;
  };
}

/*
 * --contig-trace FILE: replay a device's own cma tracepoint trace instead of
 * the scenario's generated contiguous clients (run, compare), and the file
 * reading both `cmawb trace` and those flags share.
 */
import { basename } from 'node:path';
import { parseCmaTrace, TraceError, type TraceImport } from '../engine/scenario/cma-ftrace.ts';
import { withContigTrace } from '../engine/scenario/with-trace.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
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
  let text: string;
  try {
    text = ctx.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${flag} ${file}: no such file` : `${flag} ${file}: cannot read (${code ?? (e as Error).message})`);
  }
  try {
    return parseCmaTrace(text, opts);
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * What --contig-trace does to a scenario: replace its contiguous clients by the trace's tasks
 * (read once, applied to every scenario of a sweep); the identity without the flag.
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
  return (scenario) => withContigTrace(scenario, trace.workloads, { label: basename(file), startAtS });
}

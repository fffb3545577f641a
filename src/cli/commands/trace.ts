/*
 * cmawb trace FILE: what a cma tracepoint trace holds (tasks, requests, the
 * traced kernel's latencies), and, with a scenario, that scenario with its
 * contiguous clients replaced by the trace, as JSON for --scenario-file.
 */
import { basename } from 'node:path';
import type { TraceImport } from '../../engine/scenario/cma-ftrace.ts';
import { withContigTrace } from '../../engine/scenario/with-trace.ts';
import { ScenarioError } from '../../engine/scenario/schema.ts';
import { latencyStatsUs } from '../../engine/metrics/summary.ts';
import { parseArgs, type FlagSpecs } from '../args.ts';
import { UsageError, type CliContext } from '../context.ts';
import { loadTrace, parseStartAt, traceNotes } from '../contig-trace.ts';
import { resolveScenario } from '../resolve.ts';
import { applyScenarioSets } from '../scenario-set.ts';
import { renderPairs, renderTable } from '../table.ts';
import { formatSeconds, formatUs } from '../format.ts';

export const TRACE_FLAGS: FlagSpecs = {
  'trace-area': 'value',
  scenario: 'value',
  'scenario-file': 'value',
  'scenario-set': 'list',
  'trace-start': 'value',
  json: 'bool',
  help: 'bool',
};

export const TRACE_USAGE = [
  'usage: cmawb trace FILE [--trace-area NAME] [--json]',
  '       cmawb trace FILE (--scenario NAME | --scenario-file F) [--trace-area NAME] [--trace-start S] > my-scenario.json',
  '',
  '  Reads the cma tracepoints of a kernel trace: cma_alloc_start / cma_alloc_finish / cma_release',
  '  (v5.13+; latencies come from start to finish), or the single cma_alloc event of v4.1-v5.12',
  '  (requests and outcomes, no latency); `trace-cmd report` and `perf script` text too, UTF-8 or',
  '  UTF-16. Record one on the device with',
  '      echo 1 > /sys/kernel/tracing/events/cma/enable',
  '      ... use the camera, codec, etc. ...',
  '      cat /sys/kernel/tracing/trace > cma-trace.txt',
  '  or `trace-cmd record -e cma` and `trace-cmd report > cma-trace.txt`.',
  '',
  '  Each traced task becomes one replay workload: its requests at their traced times, each',
  '  waiting for the one before it, buffers held as long as the trace held them.',
  '',
  '  --trace-area NAME  keep one CMA area\'s events (kernels that print name=)',
  '  --json             print the import (workloads, areas, counts, notes) as JSON',
  '  --scenario NAME, --scenario-file F',
  '                     print that scenario with its contiguous clients replaced by the trace',
  '  --scenario-set path=value  change a field of it first (repeatable)',
  '  --trace-start S    where the trace\'s first request falls (default: where the replaced client started)',
  '',
  '  To replay without a file in between: cmawb run --scenario NAME --contig-trace FILE --policy P',
];

export async function traceCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, TRACE_FLAGS);
  if (args.bools.has('help')) {
    TRACE_USAGE.forEach((l) => ctx.out.log(l));
    return 0;
  }
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError('missing the trace FILE; see `cmawb trace --help`');
  if (extra.length) throw new UsageError(`one trace FILE at a time (also got ${extra.join(' ')})`);
  const area = args.values.get('trace-area');
  const startRaw = args.values.get('trace-start');
  const startAtS = startRaw === undefined ? undefined : parseStartAt(startRaw, '--trace-start');
  const trace = loadTrace(ctx, file, 'trace', { area });

  const wantsScenario = args.values.has('scenario') || args.values.has('scenario-file');
  if (wantsScenario) {
    if (args.bools.has('json')) throw new UsageError('--json is for the import itself; with --scenario the output is already one scenario as JSON');
    const base = applyScenarioSets(resolveScenario(ctx, args.values.get('scenario'), args.values.get('scenario-file')), args.lists.get('scenario-set') ?? []);
    let traced;
    try {
      traced = withContigTrace(base, trace.workloads, { label: basename(file), startAtS });
    } catch (e) {
      if (e instanceof ScenarioError) throw new UsageError(`${file}: ${e.message}`);
      throw e;
    }
    ctx.out.log(JSON.stringify(traced, null, 2));
    // stderr, so stdout stays one scenario a shell can redirect into a file.
    traceNotes(trace, area, base, traced).forEach((n) => ctx.out.error(`note: ${n}`));
    return 0;
  }
  if (startRaw !== undefined || args.lists.has('scenario-set')) throw new UsageError(`${startRaw !== undefined ? '--trace-start' : '--scenario-set'} needs --scenario or --scenario-file`);
  if (args.bools.has('json')) {
    ctx.out.log(JSON.stringify(trace, null, 2));
    return 0;
  }
  renderTrace(basename(file), trace, area === undefined ? file : `${file} --trace-area ${area}`).forEach((l) => ctx.out.log(l));
  return 0;
}

const pagesRange = (pages: number[]): string => {
  // Not Math.min(...pages): a long trace overflows the call stack.
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of pages) {
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  return lo === hi ? String(lo) : `${lo}-${hi}`;
};

export function renderTrace(label: string, t: TraceImport, replayArgs = label): string[] {
  const areas = Object.entries(t.areas);
  const lines = [`${label}: ${t.requests} request${t.requests === 1 ? '' : 's'} by ${t.workloads.length} task${t.workloads.length === 1 ? '' : 's'} over ${formatSeconds(t.spanS)}`];
  const pairs: [string, string][] = [];
  if (areas.length) pairs.push(['areas', areas.map(([a, n]) => `${a} (${n}${t.areaPages[a] !== undefined ? `, ${Math.round((t.areaPages[a]! / 256) * 100) / 100} MiB` : ''})`).join(', ')]);
  pairs.push(['failed on the device', String(t.failed)]);
  pairs.push(['timed (start and finish)', String(t.timed)]);
  if (t.busyRetries) pairs.push(['-EBUSY retries traced', String(t.busyRetries)]);
  lines.push(...renderPairs(pairs));
  lines.push('');
  const rows = t.workloads.map((w) => {
    const timed = w.requests.filter((r) => r.observedUs !== undefined).map((r) => r.observedUs! * 1000);
    const lat = timed.length ? latencyStatsUs(timed) : null;
    return [
      w.name,
      String(w.requests.length),
      pagesRange(w.requests.map((r) => r.pages)),
      lat ? formatUs(lat.p50) : '-',
      lat ? formatUs(lat.max) : '-',
      String(w.requests.filter((r) => r.observedOk === false).length),
      String(w.requests.filter((r) => r.observedOk !== false && r.holdMs === null).length),
    ];
  });
  lines.push(
    ...renderTable(['task', 'requests', 'pages', 'traced p50', 'traced max', 'failed', 'never released'], rows, {
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    }),
  );
  if (t.notes.length) lines.push('', ...t.notes.map((n) => `note: ${n}`));
  lines.push('', `replay it: cmawb run --scenario NAME --contig-trace ${replayArgs} --policy NAME`);
  return lines;
}

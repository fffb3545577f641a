/*
 * Labels and ordering for the comparison view. A run's label names only what
 * tells it apart from the others ("#12 gcma ratio=0.25 s3"), derived from the
 * configuration diff, so twenty sweep runs do not all read "gcma".
 */
import type { ConfigDiffRow, ParamValue, RunInfo, RunSummary } from '../../shared/types.ts';


function short(v: ParamValue | null | undefined): string {
  if (v === undefined || v === null) return '–';
  if (typeof v === 'number') return String(Math.round(v * 1e6) / 1e6);
  return String(v);
}

/**
 * Per run, the traces it replays where the runs' traces differ ("camera-v6.txt";
 * with the trace's hash when two different traces share a file name, "#1a2b3c4d"
 * for one imported without a name); empty lists when no trace row differs.
 */
export function runTraces(runCount: number, diff: readonly ConfigDiffRow[]): string[][] {
  const out: string[][] = Array.from({ length: runCount }, () => []);
  for (const row of diff) {
    if (!row.traces) continue;
    // File names tell the traces apart unless two different traces (hashes) share one.
    const hashesByName = new Map<string, Set<string>>();
    for (const t of row.traces) {
      if (!t || t.from === undefined) continue;
      const set = hashesByName.get(t.from) ?? new Set<string>();
      set.add(t.hash);
      hashesByName.set(t.from, set);
    }
    row.traces.forEach((t, i) => {
      if (!t || i >= runCount) return;
      const label = t.from === undefined ? `#${t.hash}` : hashesByName.get(t.from)!.size > 1 ? `${t.from} #${t.hash}` : t.from;
      // A trace of several tasks has a row per task: name its file once.
      if (!out[i]!.includes(label)) out[i]!.push(label);
    });
  }
  return out;
}

export function runLabels(runs: readonly RunInfo[], diff: readonly ConfigDiffRow[]): string[] {
  const seedDiffers = diff.some((d) => d.path === 'seed');
  const traces = runTraces(runs.length, diff);
  const traceDiffers = traces.some((t) => t.length > 0);
  // Runs of one scenario that replay different traces: the trace tells them apart, "on <scenario>" would not.
  const scenarioDiffers = new Set(runs.map((r) => r.scenarioName)).size > 1 || (!traceDiffers && diff.some((d) => d.path.startsWith('scenario.')));
  return runs.map((r, i) => {
    const parts = [`#${r.id}`, r.policy.name];
    const preset = r.params['preset'];
    if (typeof preset === 'string') parts.push(preset);
    // Only parameters that vary among runs of the same policy tell this run apart.
    const same = runs.filter((o) => o.policy.name === r.policy.name);
    for (const [k, v] of Object.entries(r.params)) {
      if (k === 'preset') continue;
      if (same.some((o) => o.params[k] !== v)) parts.push(`${k}=${short(v)}`);
    }
    if (scenarioDiffers) parts.push(`on ${r.scenarioName}`);
    if (seedDiffers) parts.push(`s${r.seed}`);
    const t = traces[i]!;
    return t.length ? `${parts.join(' ')}, trace ${t.join(' + ')}` : parts.join(' ');
  });
}

/** Put the baseline first, keep the others in their given order. */
export function baselineFirst<T extends { id: number }>(runs: readonly T[], baseline: number): T[] {
  const b = runs.find((r) => r.id === baseline);
  return b ? [b, ...runs.filter((r) => r.id !== baseline)] : [...runs];
}

/** Value of a diff row for display; nested JSON-ish values stay short. */
export function diffCell(v: ParamValue | null | undefined): string {
  return short(v);
}

/** What a replayed trace's device measured (summary.requests.observed). */
export type Observed = NonNullable<RunSummary['requests']['observed']>;

/**
 * The device's timings as the comparison can show them. Runs that replay the
 * same trace carry the same summary.requests.observed (it is computed from the
 * trace alone), so equal numbers mean one trace: one reference row. Runs
 * without a summary (not completed) are left out.
 *  - none: no run replays a trace with timings;
 *  - shared: every run with results replays the same one;
 *  - different: the runs' traces differ (runIds: those with timings);
 *  - some: only runIds replay one (the same), the others none.
 */
export type TraceReference =
  | { kind: 'none' }
  | { kind: 'shared'; observed: Observed; runIds: number[] }
  | { kind: 'different'; runIds: number[] }
  | { kind: 'some'; runIds: number[] };

export function traceReference(runs: readonly Pick<RunInfo, 'id' | 'summary'>[]): TraceReference {
  const done = runs.filter((r) => r.summary !== null);
  const traced = done.filter((r) => r.summary!.requests.observed !== undefined);
  if (traced.length === 0) return { kind: 'none' };
  const runIds = traced.map((r) => r.id);
  const first = traced[0]!.summary!.requests.observed!;
  if (!traced.every((r) => sameObserved(r.summary!.requests.observed!, first))) return { kind: 'different', runIds };
  if (traced.length < done.length) return { kind: 'some', runIds };
  return { kind: 'shared', observed: first, runIds };
}

const STAT_KEYS = ['mean', 'p50', 'p90', 'p99', 'max'] as const;

function sameObserved(a: Observed, b: Observed): boolean {
  return a.count === b.count && a.failed === b.failed && STAT_KEYS.every((k) => a.latencyUs[k] === b.latencyUs[k]);
}

/** The line that stands in for the reference row when there is no one trace to show; null when there is (or none at all). */
export function traceReferenceNote(ref: TraceReference, labels: ReadonlyMap<number, string>): string | null {
  const names = (ids: number[]) => {
    const l = ids.map((id) => labels.get(id) ?? `#${id}`);
    return l.length > 1 ? `${l.slice(0, -1).join(', ')} and ${l.at(-1)}` : l.join('');
  };
  if (ref.kind === 'different') return "These runs replay different traces; see each run's page for its device timings.";
  if (ref.kind === 'some') {
    const one = ref.runIds.length === 1;
    return `Only ${names(ref.runIds)} replay${one ? 's' : ''} a traced device's requests; see ${one ? 'its' : 'their'} page${one ? '' : 's'} for the device timings.`;
  }
  return null;
}

/**
 * A compare-table column's value for the device, by metric id: the request
 * and latency columns (the observed numbers cover the requests the trace
 * timed); null for the rest (background, region, counters), shown as "–".
 */
export function observedMetric(id: string, o: Observed): number | null {
  switch (id) {
    case 'success':
      return o.count ? (o.count - o.failed) / o.count : null;
    case 'failed':
      return o.failed;
    case 'mean':
    case 'p50':
    case 'p90':
    case 'p99':
    case 'max':
      return o.latencyUs[id];
    default:
      return null;
  }
}

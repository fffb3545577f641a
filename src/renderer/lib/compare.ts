/*
 * Labels and ordering for the comparison view. A run's label names only what
 * tells it apart from the others ("#12 gcma ratio=0.25 s3"), derived from the
 * configuration diff, so twenty sweep runs do not all read "gcma".
 */
import type { ConfigDiffRow, ParamValue, PolicyInfo, RunInfo, RunSummary } from '../../shared/types.ts';
import { formatMiB } from './format.ts';
import { policyCodeParts } from '../../shared/policy-label.ts';


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

/** What runLabels needs of a policy's manifest: parameter defaults and presets. */
export type LabelManifest = Pick<PolicyInfo, 'name' | 'version' | 'params' | 'presets'>;

/**
 * The value a run's label implies for parameter `key` when it does not name it: the
 * value of the preset it names, else the default. Undefined when that is not known
 * (no manifest of the version the run used, a preset the manifest does not have).
 */
function impliedValue(r: Pick<RunInfo, 'policy' | 'params'>, key: string, manifests: readonly LabelManifest[]): ParamValue | undefined {
  const m = manifests.find((x) => x.name === r.policy.name && x.version === r.policy.version);
  const spec = m?.params.find((p) => p.key === key);
  if (!m || !spec) return undefined;
  const presetName = r.params['preset'];
  if (presetName === undefined) return spec.default;
  const preset = m.presets?.find((p) => p.name === presetName);
  if (!preset) return undefined;
  return key in preset.values ? preset.values[key] : spec.default;
}

/**
 * One label per run: "#id policy [version [#hash]] [preset] [k=v ...] [on scenario] [engine X] [sN][, trace F]".
 * A parameter is named when it differs among the runs of that policy, and also, given
 * the manifests, when the run's value is not the one its label implies (its preset's,
 * or the default): a `--set gcma.ratio=0.3` shared by every run still shows as
 * "ratio=0.3", so "gcma gcma-android-2025" never stands for a ratio it did not run with.
 */
export function runLabels(runs: readonly RunInfo[], diff: readonly ConfigDiffRow[], manifests: readonly LabelManifest[] = []): string[] {
  const seedDiffers = diff.some((d) => d.path === 'seed');
  const traces = runTraces(runs.length, diff);
  const traceDiffers = traces.some((t) => t.length > 0);
  // Runs of one scenario that replay different traces: the trace tells them apart, "on <scenario>" would not.
  const scenarioDiffers = new Set(runs.map((r) => r.scenarioName)).size > 1 || (!traceDiffers && diff.some((d) => d.path.startsWith('scenario.')));
  const engineDiffers = new Set(runs.map((r) => r.engineVersion)).size > 1;
  return runs.map((r, i) => {
    const same = runs.filter((o) => o.policy.name === r.policy.name);
    // Different code of one policy, named as seed groups name it.
    const parts = [`#${r.id}`, r.policy.name, ...policyCodeParts(r, same)];
    const preset = r.params['preset'];
    if (typeof preset === 'string') parts.push(preset);
    // Parameters that vary among runs of the same policy tell this run apart; overrides of the preset or default say what it ran with.
    for (const [k, v] of Object.entries(r.params)) {
      if (k === 'preset') continue;
      const implied = impliedValue(r, k, manifests);
      if (same.some((o) => o.params[k] !== v) || (implied !== undefined && implied !== v)) parts.push(`${k}=${short(v)}`);
    }
    if (scenarioDiffers) parts.push(`on ${r.scenarioName}`);
    // Results of different engines may differ for reasons no policy caused: say which ran on which.
    if (engineDiffers) parts.push(`engine ${r.engineVersion ?? '?'}`);
    if (seedDiffers) parts.push(`s${r.seed}`);
    const t = traces[i]!;
    return t.length ? `${parts.join(' ')}, trace ${t.join(' + ')}` : parts.join(' ');
  });
}

/**
 * Runs that ran a different scenario than the baseline (another scenario name, or the
 * same name on another machine): their deltas compare machines and workloads, not only
 * policies. By run id, the reason as the ⚠ marker's tooltip. `diff` is in `runs` order
 * (as main's configDiff builds it); runs that differ only in the trace they replay are
 * left to the trace note.
 */
export function scenarioCaveats(runs: readonly Pick<RunInfo, 'id' | 'scenarioName'>[], diff: readonly ConfigDiffRow[], baseline: number): Map<number, string> {
  const out = new Map<number, string>();
  const b = runs.findIndex((r) => r.id === baseline);
  if (b < 0) return out;
  const base = runs[b]!;
  const machineRows = diff.filter((d) => d.path.startsWith('scenario.machine.'));
  runs.forEach((r, i) => {
    if (i === b) return;
    const machine = machineRows.filter((d) => d.values[i] !== d.values[b]);
    if (r.scenarioName === base.scenarioName && machine.length === 0) return;
    const mem = machine.find((d) => d.path === 'scenario.machine.memMiB');
    const memPart = mem ? ` (${memText(mem.values[i])} vs ${memText(mem.values[b])} of memory)` : machine.length ? ' (another machine)' : '';
    const what = r.scenarioName === base.scenarioName ? `ran ${r.scenarioName} on a different machine than the baseline` : `ran scenario ${r.scenarioName}, the baseline ${base.scenarioName}`;
    out.set(r.id, `${what}${memPart}: its deltas compare different machines and workloads, not only policies`);
  });
  return out;
}

function memText(v: ParamValue | null | undefined): string {
  return typeof v === 'number' ? formatMiB(v) : short(v);
}

/** Under the metric table: which runs ran another scenario than the baseline, so their ▲/▼ are not like for like. */
export function scenarioCaveatNote(caveats: ReadonlyMap<number, string>, labels: ReadonlyMap<number, string>, baseline: number): string | null {
  if (caveats.size === 0) return null;
  const names = [...caveats.keys()].map((id) => labels.get(id) ?? `#${id}`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
  return `⚠ ${list} ran a different scenario (machine, workloads) than the baseline ${labels.get(baseline) ?? `#${baseline}`}: ${names.length > 1 ? 'their' : 'its'} deltas compare different machines, not only policies.`;
}

/**
 * The baseline a comparison opens with: the first run that completed (a failed or
 * cancelled run has no results to measure the others against), else the first run.
 * Any run can still be pinned by hand.
 */
export function defaultBaseline(runs: readonly Pick<RunInfo, 'id' | 'status'>[]): number {
  return (runs.find((r) => r.status === 'completed') ?? runs[0]!).id;
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

/** Mix a #rrggbb colour towards black (t < 0) or white (t > 0) by |t|. */
export function shade(hex: string, t: number): string {
  const v = parseInt(hex.replace('#', ''), 16);
  const ch = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => Math.round(t < 0 ? c * (1 + t) : c + (255 - c) * t));
  return `#${ch.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Chart styles that read by policy: one hue per policy (in order of first appearance, the
 * palette's hues), and its runs in shades of it, darkest for the lowest seed. A policy past
 * the palette's hues is dashed, as runStyle does.
 */
export function policyStyles<S extends { colour: string; dash: number[] | undefined }>(
  runs: readonly Pick<RunInfo, 'id' | 'seed' | 'policy'>[],
  hue: (i: number) => S,
  dark = false,
): Map<number, S> {
  const policies: string[] = [];
  for (const r of runs) if (!policies.includes(r.policy.name)) policies.push(r.policy.name);
  const out = new Map<number, S>();
  for (const [pi, name] of policies.entries()) {
    const mine = runs.filter((r) => r.policy.name === name).sort((a, b) => a.seed - b.seed || a.id - b.id);
    const base = hue(pi);
    mine.forEach((r, k) => {
      // Shades from darker to lighter (on a dark background, from the pure hue to lighter: darker ones sink into it); one run keeps the pure hue.
      const [lo, hi] = dark ? [0, 0.6] : [-0.35, 0.45];
      const t = mine.length === 1 ? 0 : lo + ((hi - lo) * k) / (mine.length - 1);
      out.set(r.id, { ...base, colour: shade(base.colour, t) });
    });
  }
  return out;
}

/** The line "Compare with…" leaves on the Runs page: what is selected, what the list shows, what to do next. */
export function compareHint(runId: number, scenario: string): string {
  return `Run #${runId} is selected; showing runs of ${scenario}. Tick the runs to compare it with (other policies, other seeds), then press Compare.`;
}

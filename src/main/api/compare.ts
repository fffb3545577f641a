/*
 * The comparison view's data from 2..20 stored runs: latency CDFs, the
 * configuration fields that differ, and runs grouped by everything but the
 * seed with mean and 95 % interval per metric. The metrics and statistics
 * are shared with `cmawb compare` (src/shared/compare-metrics.ts), so the UI
 * and the terminal agree to the digit.
 */
import type { RequestRecord } from '../../engine/result.ts';
import { METRICS, rowStats } from '../../shared/compare-metrics.ts';
import { stableJson } from '../store/index.ts';
import { runInfo } from './run-info.ts';
import { policyCodeParts } from '../../shared/policy-label.ts';
import type { CdfSeries, CompareResult, ConfigDiffRow, ParamValue, RunInfo, RunRecordInfo, SeedGroup, TraceIdentity } from '../../shared/types.ts';

/** Enough points for a smooth curve on a wide screen; more only costs transfer. */
export const MAX_CDF_POINTS = 1000;

export function latencyCdf(runId: number, requests: readonly RequestRecord[]): CdfSeries {
  const ok = requests.filter((r) => r.ok).map((r) => r.latencyNs / 1000);
  ok.sort((a, b) => a - b);
  const n = ok.length;
  const step = Math.max(1, Math.ceil(n / MAX_CDF_POINTS));
  const x: number[] = [];
  const y: number[] = [];
  for (let i = step - 1; i < n; i += step) {
    x.push(ok[i]!);
    y.push((i + 1) / n);
  }
  // Always end on the maximum at 1.0, whatever the stride.
  if (n > 0 && x[x.length - 1] !== ok[n - 1]) {
    x.push(ok[n - 1]!);
    y.push(1);
  }
  return { runId, x, y, succeeded: n, failed: requests.length - n };
}

type Flat = Map<string, ParamValue | null>;

/** Leaves of a JSON value keyed by dotted path. */
function flatten(value: unknown, prefix: string, out: Flat): Flat {
  if (value === null || typeof value !== 'object') {
    out.set(prefix, (value ?? null) as ParamValue | null);
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, '[]');
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  } else {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, '{}');
    for (const k of keys) flatten((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** FNV-1a over a string: tells two traces apart in one short value. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A replayed trace's identity, from its workload. */
function traceIdentity(w: { requests: readonly unknown[]; from?: string }): TraceIdentity {
  return { ...(w.from ? { from: w.from } : {}), count: w.requests.length, hash: fnv1a(JSON.stringify(w.requests)) };
}

/** Per workload of a run, its trace's identity (null for other workloads): hashed once per compare. */
function traceIdentities(r: RunRecordInfo): (TraceIdentity | null)[] {
  return r.scenario?.workloads.map((w) => (w.kind === 'contigTrace' ? traceIdentity(w) : null)) ?? [];
}

/**
 * A replayed trace's requests as one value ("130,000 traced requests from big.txt #1a2b3c4d"):
 * listed one by one, a long trace would make hundreds of thousands of diff rows.
 */
function compactTraces(scenario: RunRecordInfo['scenario'], traces: readonly (TraceIdentity | null)[]): unknown {
  if (!scenario) return scenario;
  return {
    ...scenario,
    workloads: scenario.workloads.map((w, i) => {
      const t = traces[i];
      if (!t) return w;
      return { ...w, requests: `${t.count.toLocaleString('en-US')} traced requests${t.from ? ` from ${t.from}` : ''} #${t.hash}` };
    }),
  };
}

/** What defines a run's configuration, as the diff view lists it. */
function configOf(r: RunRecordInfo, traces: readonly (TraceIdentity | null)[]): Flat {
  return flatten(
    {
      policy: r.policy.name,
      policyVersion: r.policy.version,
      params: r.params,
      seed: r.seed,
      baseline: r.options?.baseline ?? true,
      engineVersion: r.engineVersion,
      scenario: compactTraces(r.scenario, traces),
    },
    '',
    new Map(),
  );
}

const TRACE_REQUESTS_PATH = /^scenario\.workloads\.(\d+)\.requests$/;

/** Which trace each run replays at a workload's requests path, so the UI need not parse the display value. */
function tracesAt(identities: readonly (readonly (TraceIdentity | null)[])[], path: string): Pick<ConfigDiffRow, 'traces'> {
  const m = TRACE_REQUESTS_PATH.exec(path);
  if (!m) return {};
  const traces = identities.map((ids) => ids[Number(m[1])] ?? null);
  return traces.some((t) => t !== null) ? { traces } : {};
}

export function configDiff(runs: readonly RunRecordInfo[]): ConfigDiffRow[] {
  const identities = runs.map(traceIdentities);
  const flats = runs.map((r, i) => configOf(r, identities[i]!));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flats) for (const p of f.keys()) if (!seen.has(p)) (seen.add(p), paths.push(p));
  const rows: ConfigDiffRow[] = [];
  for (const path of paths) {
    const values = flats.map((f) => (f.has(path) ? f.get(path)! : undefined));
    if (values.some((v) => v !== values[0])) rows.push({ path, values, ...tracesAt(identities, path) });
  }
  return rows;
}

/**
 * Runs whose configuration differs only by seed, in order of first appearance. Runs of
 * different engine versions, or of different code of one policy (version or content
 * hash), are never pooled: either may have changed their results.
 */
export function seedGroups(runs: readonly RunRecordInfo[]): SeedGroup[] {
  const byKey = new Map<string, RunRecordInfo[]>();
  for (const r of runs) {
    const key = stableJson({
      scenario: r.scenario,
      policy: r.policy.name,
      policyVersion: r.policy.version,
      policyHash: r.policy.hash,
      params: r.params,
      baseline: r.options?.baseline ?? true,
      engine: r.engineVersion,
    });
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const groups = [...byKey.values()];
  const labels = groupLabels(groups.map((g) => g[0]!));
  return groups.map((g, i) => ({
    label: labels[i]!,
    policy: g[0]!.policy.name,
    params: g[0]!.params,
    runIds: g.map((r) => r.id),
    seeds: g.map((r) => r.seed),
    stats: rowStats(g.flatMap((r) => (r.status === 'completed' && r.summary ? [r.summary] : []))),
  }));
}

/**
 * The policy name, plus whatever tells groups of the same policy apart: its version ("cma-nopc 0.2.0"),
 * or the start of its content hash when one version's code differs ("cma-nopc 0.1.0 #1a2b3c4d"),
 * differing params, scenario, baseline, engine.
 */
function groupLabels(firsts: readonly RunRecordInfo[]): string[] {
  return firsts.map((r) => {
    const same = firsts.filter((o) => o.policy.name === r.policy.name);
    if (same.length === 1) return r.policy.name;
    const parts = [r.policy.name, ...policyCodeParts(r, same)];
    for (const [k, v] of Object.entries(r.params)) {
      if (same.some((o) => o.params[k] !== v)) parts.push(`${k}=${String(v)}`);
    }
    if (same.some((o) => o.scenarioName !== r.scenarioName)) parts.push(`on ${r.scenarioName}`);
    if (same.some((o) => (o.options?.baseline ?? true) !== (r.options?.baseline ?? true))) parts.push(r.options?.baseline === false ? 'no baseline' : 'baseline');
    if (same.some((o) => o.engineVersion !== r.engineVersion)) parts.push(`engine ${r.engineVersion ?? '?'}`);
    if (parts.length === 1) parts.push('(scenario edited)');
    return parts.join(' ');
  });
}

export function compareRuns(runs: readonly RunRecordInfo[], requestsOf: (id: number) => RequestRecord[]): CompareResult {
  const list: RunInfo[] = runs.map(({ scenario: _s, options: _o, ...info }) => runInfo(info));
  return {
    runs: list,
    metrics: Object.keys(METRICS),
    cdf: runs.map((r) => latencyCdf(r.id, r.status === 'completed' ? requestsOf(r.id) : [])),
    configDiff: configDiff(runs),
    groups: seedGroups(runs),
  };
}

/*
 * Labels and ordering for the comparison view. A run's label names only what
 * tells it apart from the others ("#12 gcma ratio=0.25 s3"), derived from the
 * configuration diff, so twenty sweep runs do not all read "gcma".
 */
import type { ConfigDiffRow, ParamValue, RunInfo } from '../../shared/types.ts';


function short(v: ParamValue | null | undefined): string {
  if (v === undefined || v === null) return '–';
  if (typeof v === 'number') return String(Math.round(v * 1e6) / 1e6);
  return String(v);
}

export function runLabels(runs: readonly RunInfo[], diff: readonly ConfigDiffRow[]): string[] {
  const seedDiffers = diff.some((d) => d.path === 'seed');
  const scenarioDiffers = new Set(runs.map((r) => r.scenarioName)).size > 1 || diff.some((d) => d.path.startsWith('scenario.'));
  return runs.map((r) => {
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
    return parts.join(' ');
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

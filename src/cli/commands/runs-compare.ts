/*
 * cmawb runs compare: the `cmawb compare` table (and its --json) from runs
 * already in the archive, without simulating anything. Runs are pooled into
 * rows by the API's own rule for the UI's compare view (seedGroups in
 * src/main/api/compare.ts: same scenario with its overrides, policy, policy
 * version and content hash, params, baseline and engine; only the seed may
 * differ), so a row here is a seed group there, with the same label and the
 * same statistics.
 */
import { parseRunId, type ParsedArgs } from '../args.ts';
import { UsageError, type Out } from '../context.ts';
import { compareFooter, compareTable, compareTitle, formatSeeds, type CompareRow } from '../compare-table.ts';
import { formatIds } from '../execute.ts';
import type { RunRecord, WorkbenchStore } from '../../main/store/index.ts';

/** One row of `runs compare --json`: the keys of a `cmawb compare --json` row (no sweeps: both null). */
export interface RunsCompareRow extends CompareRow {
  sweep: null;
  scenarioSweep: null;
  /** Archive ids of the row's runs, in seed order. */
  runIds: number[];
}

export interface RunsCompareResult {
  /** The scenario's name; null when --allow-mixed let in runs of several (see `scenarios`). */
  scenario: string | null;
  /** Every scenario of the compared runs, in row order. */
  scenarios: string[];
  /** Every seed of the compared runs, ascending, once each. */
  seeds: number[];
  sweep: null;
  scenarioSweep: null;
  rows: RunsCompareRow[];
}

/** The argument checks that need no archive: run IDs or --tag, not both, no id twice. */
export function checkRunsCompareArgs(a: ParsedArgs): void {
  const tag = a.values.get('tag');
  const ids = a.positionals.map(parseRunId);
  if (tag !== undefined && ids.length > 0) throw new UsageError('give run IDs or --tag TAG, not both');
  if (tag === undefined && ids.length === 0) throw new UsageError('missing run IDs (or --tag TAG)');
  if (tag !== undefined && !tag.trim()) throw new UsageError('empty tag');
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new UsageError(`run ${dup} is listed twice`);
}

const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);

/** "#4 (failed), #7 (running)" */
const withStatus = (runs: readonly RunRecord[]): string => runs.map((r) => `#${r.id} (${r.status})`).join(', ');

/**
 * The runs to compare, as given (ids in the order given, a tag's completed
 * runs oldest first). Refused (UsageError, exit 2) with one line: ids that do
 * not exist, runs that are not completed, a tag without completed runs.
 * `skipped` are a tag's runs that did not complete.
 */
function selectRuns(a: ParsedArgs, store: WorkbenchStore): { runs: RunRecord[]; skipped: RunRecord[] } {
  const tag = a.values.get('tag');
  if (tag !== undefined) {
    const tagged = store.runs
      .list({ tag })
      .sort((x, y) => x.id - y.id)
      .map((r) => store.runs.mustGet(r.id));
    const runs = tagged.filter((r) => r.status === 'completed' && r.summary !== null);
    const skipped = tagged.filter((r) => !runs.includes(r));
    if (runs.length === 0) {
      throw new UsageError(
        `no completed runs with tag ${tag}` + (skipped.length ? ` (${skipped.length} with it did not complete: ${withStatus(skipped)})` : ''),
      );
    }
    return { runs, skipped };
  }
  const ids = a.positionals.map(parseRunId);
  const found = ids.map((id) => store.runs.get(id));
  const missing = ids.filter((_, i) => found[i] === null);
  if (missing.length > 0) {
    throw new UsageError(missing.length === 1 ? `no run with id ${missing[0]}` : `no runs with ids ${missing.join(', ')}`);
  }
  const runs = found as RunRecord[];
  const unfinished = runs.filter((r) => r.status !== 'completed' || r.summary === null);
  if (unfinished.length > 0) {
    throw new UsageError(
      `${plural(unfinished.length, 'run')} ${withStatus(unfinished)} ${plural(unfinished.length, 'is', 'are')} not completed; only completed runs have results to compare`,
    );
  }
  return { runs, skipped: [] };
}

/** The scenarios of the runs, in order of first appearance. */
function scenariosOf(runs: readonly RunRecord[]): string[] {
  return [...new Set(runs.map((r) => r.scenarioName))];
}

/** Rows from the API's seed groups: its label, policy, params and statistics; the runs in seed order. */
async function buildRows(runs: readonly RunRecord[]): Promise<RunsCompareRow[]> {
  const { seedGroups } = await import('../../main/api/compare.ts');
  const byId = new Map(runs.map((r) => [r.id, r] as const));
  return seedGroups(runs).map((g) => {
    const members = g.runIds.map((id) => byId.get(id)!).sort((x, y) => x.seed - y.seed || x.id - y.id);
    return {
      label: g.label,
      policy: g.policy,
      params: g.params,
      runs: members.map((r) => r.summary!),
      stats: g.stats,
      sweep: null,
      scenarioSweep: null,
      runIds: members.map((r) => r.id),
    };
  });
}

/** A seed that appears in more than one run of a row counts once per run: worth a note (a rerun stored twice, say). */
function repeatedSeedNotes(rows: readonly RunsCompareRow[]): string[] {
  const notes: string[] = [];
  for (const row of rows) {
    const seeds = row.runs.map((s) => s.seed);
    for (const seed of new Set(seeds)) {
      const ids = row.runIds.filter((_, i) => seeds[i] === seed);
      if (ids.length > 1) notes.push(`note: ${row.label} has seed ${seed} in ${ids.length} runs (${formatIds(ids)}); each counts as one sample`);
    }
  }
  return notes;
}

/** The line above the table; rows with different seed lists name the range of n. */
function title(scenario: string, rows: readonly RunsCompareRow[], seeds: readonly number[]): string {
  const lists = rows.map((r) => r.runs.map((s) => s.seed).join(','));
  if (lists.every((l) => l === lists[0]) && rows[0]!.runs.length === seeds.length) return compareTitle(scenario, seeds);
  const ns = rows.map((r) => r.runs.length);
  const [lo, hi] = [Math.min(...ns), Math.max(...ns)];
  return (
    `${scenario}: seeds ${formatSeeds(seeds)}, n=${lo === hi ? lo : `${lo}-${hi}`} per row (rows differ in seeds, listed below)` +
    (hi > 1 ? '; cells are mean ± 95% CI half-width' : '')
  );
}

/** `cmawb runs compare ID... | --tag TAG [--allow-mixed] [--json]` on an open archive. */
export async function runsCompare(a: ParsedArgs, store: WorkbenchStore, out: Out): Promise<number> {
  const json = a.bools.has('json');
  const { runs, skipped } = selectRuns(a, store);
  const scenarios = scenariosOf(runs);
  if (scenarios.length > 1 && !a.bools.has('allow-mixed')) {
    throw new UsageError(`the runs are of ${scenarios.length} scenarios (${scenarios.join(', ')}); pass --allow-mixed to compare them anyway`);
  }
  const rows = await buildRows(runs);
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((x, y) => x - y);
  const notes: string[] = [];
  if (skipped.length > 0) {
    notes.push(`note: skipped ${skipped.length} ${plural(skipped.length, 'run')} with tag ${a.values.get('tag')} that did not complete: ${withStatus(skipped)}`);
  }
  // As the UI's scenario caveat: numbers across scenarios are not a like-for-like comparison of policies.
  if (scenarios.length > 1) {
    notes.push(`note: the runs are of ${scenarios.length} scenarios (${scenarios.join(', ')}): rows of different scenarios compare different machines and workloads, not only policies`);
  }
  notes.push(...repeatedSeedNotes(rows));

  if (json) {
    const result: RunsCompareResult = { scenario: scenarios.length === 1 ? scenarios[0]! : null, scenarios, seeds, sweep: null, scenarioSweep: null, rows };
    out.log(JSON.stringify(result, null, 2));
    // stderr, so stdout stays exactly one JSON object (as `cmawb compare` does with its notes).
    notes.forEach((n) => out.error(n));
    return 0;
  }
  out.log(title(scenarios.join(', '), rows, seeds));
  out.log('');
  compareTable(rows).forEach((l) => out.log(l));
  compareFooter(rows).forEach((l) => out.log(l));
  out.log('');
  out.log('runs:');
  for (const row of rows) {
    const s = row.runs.map((r) => r.seed);
    out.log(`  ${row.label}: ${formatIds(row.runIds)} (${plural(s.length, 'seed')} ${formatSeeds(s)})`);
  }
  if (notes.length > 0) {
    out.log('');
    notes.forEach((n) => out.log(n));
  }
  return 0;
}

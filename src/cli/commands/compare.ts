/*
 * cmawb compare: several policies (or one policy across a parameter sweep, or
 * each policy across values of a scenario field) on the same scenario and
 * seeds, summarised in one table with 95 % intervals.
 * All flags are checked before the first simulation starts. The runs go
 * through the run manager's worker pool (--jobs at once); the table is in
 * plan order whatever order they finish in.
 */
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { ParamValue, Params, RunInput } from '../../engine/result.ts';
import { parseArgs, parseJobs, parseSeedList, parseTimeout, rejectPositionals, splitAssignment, type FlagSpecs } from '../args.ts';
import { UsageError, type CliContext } from '../context.ts';
import { compareFooter, compareTable, compareTitle, makeRow, type CompareRow } from '../compare-table.ts';
import { DEFAULT_TIMEOUT_S, executeRuns, formatIds, type RunRequest } from '../execute.ts';
import { parseSetValue, resolvePolicy, resolvePolicyParams, resolveScenario } from '../resolve.ts';
import { applyScenarioSets, parseValue } from '../scenario-set.ts';
import { archivePath } from '../files.ts';
import { planContigTrace, CONTIG_TRACE_FLAGS, contigTraceUsage } from '../contig-trace.ts';

export { formatIds };

export const COMPARE_FLAGS: FlagSpecs = {
  scenario: 'value',
  'scenario-file': 'value',
  'scenario-set': 'list',
  ...CONTIG_TRACE_FLAGS,
  policies: 'value',
  set: 'list',
  seeds: 'value',
  sweep: 'value',
  'scenario-sweep': 'value',
  json: 'bool',
  'no-baseline': 'bool',
  'no-save': 'bool',
  db: 'value',
  timeout: 'value',
  jobs: 'value',
  help: 'bool',
};

export const COMPARE_USAGE = [
  'usage: cmawb compare (--scenario NAME | --scenario-file FILE) --policies a,b,c [options]',
  '',
  '  --set policy.key=value     parameter for one listed policy (repeatable; key "preset" selects a preset)',
  '  --scenario-set path=value  change a scenario field (repeatable), e.g. make-j16.anonMiBPerUnit=40',
  '                             (values here and in sweeps: a boolean is true or false, a number decimal: 32, 0.5, 2e6)',
  ...contigTraceUsage(29),
  '  --seeds 1-5 | 1,2,7        seeds to run each row with (default 1); cells show mean ± 95% CI',
  '  --sweep policy.key=v1,v2   one row per value of that parameter (the policy is added to --policies)',
  '  --scenario-sweep path=v1,v2  one row per policy and value of a scenario field, e.g. make-j16.anonMiBPerUnit=24,40',
  '  --json                     print {scenario, seeds, sweep, scenarioSweep, rows} as one JSON object',
  '  --no-baseline              skip the background-only runs (no slowdown column; faster)',
  '  --no-save                  do not store the runs in the archive',
  '  --db FILE                  archive database to save into',
  `  --timeout S                stop a run that takes longer than S wall-clock seconds (default ${DEFAULT_TIMEOUT_S}; 0: no limit)`,
  '  --jobs N                   runs at once, each in its own worker (default: CPU cores - 1, at least 1)',
];

export interface RowPlan {
  label: string;
  policy: PolicyModule;
  params: Params;
  /** The scenario this row runs: the plan's, or one value of a scenario sweep. */
  scenario: Scenario;
  /** The swept parameter's value of this row; null for a row that is not swept. */
  sweep: { key: string; value: ParamValue } | null;
  /** The swept scenario field's value of this row (typed as applied); null without --scenario-sweep. */
  scenarioSweep: { path: string; value: unknown } | null;
}

export interface ScenarioSweep {
  path: string;
  /** As applied to the scenario: numbers and booleans typed (the rule of --scenario-set). */
  values: unknown[];
  /** As written, for labels and messages. */
  raw: string[];
}

export interface Sweep {
  policy: string;
  key: string;
  values: ParamValue[];
}

export interface ComparePlan {
  scenario: Scenario;
  seeds: number[];
  rows: RowPlan[];
  sweep: Sweep | null;
  scenarioSweep: ScenarioSweep | null;
  json: boolean;
  baseline: boolean;
  save: boolean;
  db: string | undefined;
  timeoutS: number;
  /** undefined: the run manager's default pool size. */
  jobs: number | undefined;
}

/** The values of a sweep, "v1,v2,...": two or more, none empty. */
function sweepValues(flag: string, path: string, list: string): string[] {
  const values = list.split(',').map((v) => v.trim());
  if (values.length < 2 || values.some((v) => v === '')) {
    throw new UsageError(`${flag} ${path}: expected two or more comma-separated values, got "${list}"`);
  }
  return values;
}

/** No sweep value twice (compared as the values the run gets). */
function rejectRepeats(flag: string, path: string, values: readonly unknown[]): void {
  if (new Set(values).size !== values.length) throw new UsageError(`${flag} ${path}: a value is repeated`);
}

/** --scenario-sweep path=v1,v2,...: two or more distinct values of one scenario field. */
function planScenarioSweep(given: string | undefined, sets: readonly string[]): ScenarioSweep | null {
  if (given === undefined) return null;
  const [path, list] = splitAssignment(given, '--scenario-sweep', 'path=v1,v2,...');
  const raw = sweepValues('--scenario-sweep', path, list);
  const values = raw.map(parseValue);
  rejectRepeats('--scenario-sweep', path, values.map((v) => JSON.stringify(v)));
  if (sets.some((s) => s.slice(0, s.indexOf('=')).trim() === path)) {
    throw new UsageError(`--scenario-set ${path} and --scenario-sweep ${path} both given; keep one`);
  }
  return { path, values, raw };
}

/** The scenario for one swept value; a bad value is reported against --scenario-sweep with the value. */
function sweptScenario(chosen: Scenario, sets: readonly string[], path: string, value: string): Scenario {
  try {
    return applyScenarioSets(chosen, [...sets, `${path}=${value}`]);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    throw new UsageError(`--scenario-sweep ${path}=${value}: ${e.message.replace(/^--scenario-set( \S+)?: /, '')}`);
  }
}

/** "gcma.ratio" -> ["gcma", "ratio"]; the policy must be one being compared. */
function splitPolicyKey(raw: string, flag: string, listed: readonly string[], modules: ReadonlyMap<string, PolicyModule>): [string, string] {
  const dot = raw.indexOf('.');
  if (dot <= 0 || dot === raw.length - 1) {
    throw new UsageError(`${flag}: expected policy.key, got "${raw}"${dot < 0 ? policyKeyExample(raw, listed, modules) : ''}`);
  }
  const policy = raw.slice(0, dot);
  if (!listed.includes(policy)) {
    throw new UsageError(`${flag} ${raw}: policy "${policy}" is not in --policies (${listed.join(', ')})`);
  }
  return [policy, raw.slice(dot + 1)];
}

/** An example that exists: a listed policy that has the key, else a real parameter of a listed policy. */
function policyKeyExample(key: string, listed: readonly string[], modules: ReadonlyMap<string, PolicyModule>): string {
  const keysOf = (n: string): string[] => {
    const m = modules.get(n)?.manifest;
    return m ? [...m.params.map((p) => p.key), ...(m.presets?.length ? ['preset'] : [])] : [];
  };
  const owner = listed.find((n) => keysOf(n).includes(key));
  if (owner) return ` (e.g. ${owner}.${key})`;
  const any = listed.find((n) => keysOf(n).length > 0);
  if (any) return ` (no listed policy has a parameter "${key}"; e.g. ${any}.${keysOf(any)[0]})`;
  return ` (${listed.join(', ')} ${listed.length === 1 ? 'has' : 'have'} no parameters)`;
}

export function planCompare(argv: readonly string[], ctx: CliContext): ComparePlan | null {
  const args = parseArgs(argv, COMPARE_FLAGS);
  if (args.bools.has('help')) return null;
  rejectPositionals(args);
  const chosen = resolveScenario(ctx, args.values.get('scenario'), args.values.get('scenario-file'));
  const scenarioSets = args.lists.get('scenario-set') ?? [];
  const traced = planContigTrace(ctx, args);
  const scenario = traced(applyScenarioSets(chosen, scenarioSets));
  const scenarioSweep = planScenarioSweep(args.values.get('scenario-sweep'), scenarioSets);
  if (scenarioSweep && args.values.has('sweep')) throw new UsageError('give --sweep or --scenario-sweep, not both');
  // Checked now, before any run: each value must make a valid scenario.
  const sweptScenarios = scenarioSweep?.raw.map((v) => traced(sweptScenario(chosen, scenarioSets, scenarioSweep.path, v))) ?? [scenario];
  const seedsRaw = args.values.get('seeds');
  const seeds = seedsRaw === undefined ? [1] : parseSeedList(seedsRaw);

  const sweepRaw = args.values.get('sweep');
  let sweepPolicy: string | undefined;
  if (sweepRaw !== undefined) {
    const dot = sweepRaw.indexOf('.');
    if (dot <= 0) throw new UsageError(`--sweep: expected policy.key=v1,v2,..., got "${sweepRaw}"`);
    sweepPolicy = sweepRaw.slice(0, dot);
  }
  const policiesRaw = args.values.get('policies');
  let names: string[];
  if (policiesRaw !== undefined) {
    names = policiesRaw.split(',').map((n) => n.trim());
    if (names.some((n) => n === '')) throw new UsageError(`--policies: empty name in "${policiesRaw}"`);
    // The swept policy joins the listed ones as the last rows: "--policies legacy-cma --sweep gcma.ratio=..."
    if (sweepPolicy !== undefined && !names.includes(sweepPolicy)) names.push(sweepPolicy);
  } else if (sweepPolicy !== undefined) {
    names = [sweepPolicy];
  } else {
    throw new UsageError('missing --policies a,b,c (or --sweep policy.key=v1,v2); see `cmawb policies`');
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new UsageError(`--policies: "${dup}" listed twice`);
  const modules = new Map(names.map((n) => [n, resolvePolicy(ctx, n)] as const));

  const given = new Map<string, Params>(names.map((n) => [n, {}]));
  for (const raw of args.lists.get('set') ?? []) {
    const [path, value] = splitAssignment(raw, '--set', 'policy.key=value');
    const [policy, key] = splitPolicyKey(path, '--set', names, modules);
    const params = given.get(policy)!;
    if (key in params) throw new UsageError(`--set ${path} given twice`);
    params[key] = parseSetValue(modules.get(policy)!.manifest, key, value);
  }

  let sweep: Sweep | null = null;
  if (sweepRaw !== undefined) {
    const [path, list] = splitAssignment(sweepRaw, '--sweep', 'policy.key=v1,v2,...');
    const [policy, key] = splitPolicyKey(path, '--sweep', names, modules);
    const manifest = modules.get(policy)!.manifest;
    const raws = sweepValues('--sweep', path, list);
    if (key in given.get(policy)!) throw new UsageError(`--set ${path} and --sweep ${path} both given; keep one`);
    const values = raws.map((v) => parseSetValue(manifest, key, v));
    rejectRepeats('--sweep', path, values);
    sweep = { policy, key, values };
  }

  const rows: RowPlan[] = [];
  for (const name of names) {
    const policy = modules.get(name)!;
    const base = given.get(name)!;
    // The row names what was set as well as what is swept: "gcma preset=android" must not stand for a run with ratio=0.3.
    const named = (...extra: string[]): string => [name, ...Object.entries(base).map(([k, v]) => `${k}=${String(v)}`), ...extra].join(' ');
    if (sweep && sweep.policy === name) {
      for (const v of sweep.values) {
        const params = resolvePolicyParams(policy.manifest, { ...base, [sweep.key]: v });
        rows.push({ label: named(`${sweep.key}=${String(v)}`), policy, params, scenario, sweep: { key: sweep.key, value: v }, scenarioSweep: null });
      }
    } else if (scenarioSweep) {
      const params = resolvePolicyParams(policy.manifest, base);
      scenarioSweep.raw.forEach((v, i) =>
        rows.push({
          label: named(`${scenarioSweep.path}=${v}`),
          policy,
          params,
          scenario: sweptScenarios[i]!,
          sweep: null,
          scenarioSweep: { path: scenarioSweep.path, value: scenarioSweep.values[i] },
        }),
      );
    } else {
      rows.push({ label: named(), policy, params: resolvePolicyParams(policy.manifest, base), scenario, sweep: null, scenarioSweep: null });
    }
  }
  const save = !args.bools.has('no-save');
  const db = args.values.get('db');
  // A --db that cannot be an archive is refused before the first run.
  if (save) archivePath(db, 'write');
  return {
    scenario,
    seeds,
    rows,
    sweep,
    scenarioSweep,
    json: args.bools.has('json'),
    baseline: !args.bools.has('no-baseline'),
    save,
    db,
    timeoutS: args.values.has('timeout') ? parseTimeout(args.values.get('timeout')!) : DEFAULT_TIMEOUT_S,
    jobs: args.values.has('jobs') ? parseJobs(args.values.get('jobs')!) : undefined,
  };
}

export interface CompareResultRow extends CompareRow {
  /** This row's value of --sweep, null when the row is not swept. */
  sweep: RowPlan['sweep'];
  /** This row's value of --scenario-sweep, null without one. */
  scenarioSweep: RowPlan['scenarioSweep'];
  /** Archive ids of the runs, in seed order; null with --no-save. */
  runIds: number[] | null;
}

/**
 * Run every row on every seed through the worker pool; returns the rows with
 * their statistics, in plan order. Runs are submitted in plan order, so their
 * archive ids are too, and each is saved as soon as it finishes: only
 * summaries are held here, and an interrupted compare keeps what it finished.
 */
export async function runComparePlan(plan: ComparePlan, ctx: CliContext): Promise<CompareResultRow[]> {
  const total = plan.rows.length * plan.seeds.length;
  const requests: RunRequest[] = [];
  for (const row of plan.rows) {
    for (const seed of plan.seeds) {
      const input: RunInput = {
        scenario: row.scenario,
        policy: row.policy.manifest.name,
        params: row.params,
        seed,
        ...(plan.baseline ? {} : { options: { baseline: false } }),
      };
      const name = `${row.label} seed ${seed}`;
      requests.push({ input, name, ...(plan.json ? {} : { label: `[${requests.length + 1}/${total}] ${name}` }) });
    }
  }
  const done = await executeRuns(ctx, requests, { save: plan.save, db: plan.db, timeoutS: plan.timeoutS, jobs: plan.jobs });
  return plan.rows.map((row, r) => {
    const runs = done.slice(r * plan.seeds.length, (r + 1) * plan.seeds.length);
    const made = makeRow(row.label, row.policy.manifest.name, row.params, runs.map((d) => d.summary));
    return { ...made, sweep: row.sweep, scenarioSweep: row.scenarioSweep, runIds: plan.save ? runs.map((d) => d.id!) : null };
  });
}

export async function compareCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const plan = planCompare(argv, ctx);
  if (plan === null) {
    COMPARE_USAGE.forEach((l) => ctx.out.log(l));
    return 0;
  }
  const rows = await runComparePlan(plan, ctx);
  const ids = rows.flatMap((r) => r.runIds ?? []);
  // stderr under --json so stdout stays exactly one JSON object.
  const note = (plan.json ? ctx.out.error : ctx.out.log).bind(ctx.out);
  if (plan.json) {
    const scenarioSweep = plan.scenarioSweep && { path: plan.scenarioSweep.path, values: plan.scenarioSweep.values };
    ctx.out.log(JSON.stringify({ scenario: plan.scenario.name, seeds: plan.seeds, sweep: plan.sweep, scenarioSweep, rows }, null, 2));
    if (ids.length > 0) note(`saved ${ids.length === 1 ? 'run' : 'runs'} ${formatIds(ids)}`);
    return 0;
  }
  ctx.out.log(compareTitle(plan.scenario.name, plan.seeds));
  ctx.out.log('');
  compareTable(rows).forEach((l) => ctx.out.log(l));
  compareFooter(rows).forEach((l) => ctx.out.log(l));
  if (ids.length > 0) {
    ctx.out.log('');
    note(`saved ${ids.length === 1 ? 'run' : 'runs'} ${formatIds(ids)}`);
  }
  return 0;
}

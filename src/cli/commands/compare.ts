/*
 * cmawb compare: several policies (or one policy across a parameter sweep) on
 * the same scenario and seeds, summarised in one table with 95 % intervals.
 * All flags are checked before the first simulation starts.
 */
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { ParamValue, Params, RunSummary } from '../../engine/result.ts';
import { parseArgs, parseSeedList, rejectPositionals, splitAssignment, type FlagSpecs } from '../args.ts';
import { UsageError, type CliContext } from '../context.ts';
import { compareTable, failureLegend, formatSeeds, makeRow, type CompareRow } from '../compare-table.ts';
import { parseSetValue, resolvePolicy, resolvePolicyParams, resolveScenario } from '../resolve.ts';
import { simulate } from './run.ts';

export const COMPARE_FLAGS: FlagSpecs = {
  scenario: 'value',
  'scenario-file': 'value',
  policies: 'value',
  set: 'list',
  seeds: 'value',
  sweep: 'value',
  json: 'bool',
  'no-baseline': 'bool',
  help: 'bool',
};

export const COMPARE_USAGE = [
  'usage: cmawb compare (--scenario NAME | --scenario-file FILE) --policies a,b,c [options]',
  '',
  '  --set policy.key=value     parameter for one listed policy (repeatable; key "preset" selects a preset)',
  '  --seeds 1-5 | 1,2,7        seeds to run each row with (default 1); cells show mean ± 95% CI',
  '  --sweep policy.key=v1,v2   one row per value of that parameter (--policies defaults to that policy)',
  '  --json                     print {scenario, seeds, rows} as one JSON object',
  '  --no-baseline              skip the background-only runs (no slowdown column; faster)',
];

export interface RowPlan {
  label: string;
  policy: PolicyModule;
  params: Params;
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
  json: boolean;
  baseline: boolean;
}

/** "gcma.ratio" -> ["gcma", "ratio"]; the policy must be one being compared. */
function splitPolicyKey(raw: string, flag: string, listed: readonly string[]): [string, string] {
  const dot = raw.indexOf('.');
  if (dot <= 0 || dot === raw.length - 1) throw new UsageError(`${flag}: expected policy.key, got "${raw}"`);
  const policy = raw.slice(0, dot);
  if (!listed.includes(policy)) {
    throw new UsageError(`${flag} ${raw}: policy "${policy}" is not in --policies (${listed.join(', ')})`);
  }
  return [policy, raw.slice(dot + 1)];
}

export function planCompare(argv: readonly string[], ctx: CliContext): ComparePlan | null {
  const args = parseArgs(argv, COMPARE_FLAGS);
  if (args.bools.has('help')) return null;
  rejectPositionals(args);
  const scenario = resolveScenario(ctx, args.values.get('scenario'), args.values.get('scenario-file'));
  const seedsRaw = args.values.get('seeds');
  const seeds = seedsRaw === undefined ? [1] : parseSeedList(seedsRaw);

  const sweepRaw = args.values.get('sweep');
  const policiesRaw = args.values.get('policies');
  let names: string[];
  if (policiesRaw !== undefined) {
    names = policiesRaw.split(',').map((n) => n.trim());
    if (names.some((n) => n === '')) throw new UsageError(`--policies: empty name in "${policiesRaw}"`);
  } else if (sweepRaw !== undefined) {
    const dot = sweepRaw.indexOf('.');
    if (dot <= 0) throw new UsageError(`--sweep: expected policy.key=v1,v2,..., got "${sweepRaw}"`);
    names = [sweepRaw.slice(0, dot)];
  } else {
    throw new UsageError('missing --policies a,b,c (or --sweep policy.key=v1,v2); see `cmawb policies`');
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new UsageError(`--policies: "${dup}" listed twice`);
  const modules = new Map(names.map((n) => [n, resolvePolicy(ctx, n)] as const));

  const given = new Map<string, Params>(names.map((n) => [n, {}]));
  for (const raw of args.lists.get('set') ?? []) {
    const [path, value] = splitAssignment(raw, '--set', 'policy.key=value');
    const [policy, key] = splitPolicyKey(path, '--set', names);
    const params = given.get(policy)!;
    if (key in params) throw new UsageError(`--set ${path} given twice`);
    params[key] = parseSetValue(modules.get(policy)!.manifest, key, value);
  }

  let sweep: Sweep | null = null;
  if (sweepRaw !== undefined) {
    const [path, list] = splitAssignment(sweepRaw, '--sweep', 'policy.key=v1,v2,...');
    const [policy, key] = splitPolicyKey(path, '--sweep', names);
    const manifest = modules.get(policy)!.manifest;
    const raws = list.split(',').map((v) => v.trim());
    if (raws.length < 2 || raws.some((v) => v === '')) {
      throw new UsageError(`--sweep ${path}: expected two or more comma-separated values, got "${list}"`);
    }
    if (key in given.get(policy)!) throw new UsageError(`--set ${path} and --sweep ${path} both given; keep one`);
    const values = raws.map((v) => parseSetValue(manifest, key, v));
    if (new Set(values).size !== values.length) throw new UsageError(`--sweep ${path}: a value is repeated`);
    sweep = { policy, key, values };
  }

  const rows: RowPlan[] = [];
  for (const name of names) {
    const policy = modules.get(name)!;
    const base = given.get(name)!;
    if (sweep && sweep.policy === name) {
      for (const v of sweep.values) {
        const params = resolvePolicyParams(policy.manifest, { ...base, [sweep.key]: v });
        rows.push({ label: `${name} ${sweep.key}=${String(v)}`, policy, params });
      }
    } else {
      rows.push({ label: name, policy, params: resolvePolicyParams(policy.manifest, base) });
    }
  }
  return { scenario, seeds, rows, sweep, json: args.bools.has('json'), baseline: !args.bools.has('no-baseline') };
}

/** Run every row on every seed, in row order; returns the rows with their statistics. */
export function runComparePlan(plan: ComparePlan, ctx: CliContext): CompareRow[] {
  const total = plan.rows.length * plan.seeds.length;
  let done = 0;
  return plan.rows.map((row) => {
    const runs: RunSummary[] = [];
    for (const seed of plan.seeds) {
      done++;
      const input = {
        scenario: plan.scenario,
        policy: row.policy.manifest.name,
        params: row.params,
        seed,
        ...(plan.baseline ? {} : { options: { baseline: false } }),
      };
      const label = plan.json ? undefined : `[${done}/${total}] ${row.label} seed ${seed}`;
      runs.push(simulate(ctx, input, row.policy, label).summary);
    }
    return makeRow(row.label, row.policy.manifest.name, row.params, runs);
  });
}

export async function compareCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const plan = planCompare(argv, ctx);
  if (plan === null) {
    COMPARE_USAGE.forEach((l) => ctx.out.log(l));
    return 0;
  }
  const rows = runComparePlan(plan, ctx);
  if (plan.json) {
    ctx.out.log(JSON.stringify({ scenario: plan.scenario.name, seeds: plan.seeds, sweep: plan.sweep, rows }, null, 2));
    return 0;
  }
  const n = plan.seeds.length;
  ctx.out.log(
    `${plan.scenario.name}: seeds ${formatSeeds(plan.seeds)} (n=${n})` +
      (n > 1 ? '; cells are mean ± 95% CI half-width' : ''),
  );
  ctx.out.log('');
  compareTable(rows).forEach((l) => ctx.out.log(l));
  const legend = failureLegend(rows);
  if (legend.length > 0) ['', 'failures (mean count per run):', ...legend.map((l) => `  ${l}`)].forEach((l) => ctx.out.log(l));
  return 0;
}

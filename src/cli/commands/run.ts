/*
 * cmawb run: one scenario, one policy, one seed. Prints a readable report or,
 * with --json, exactly one RunSummary object on stdout; saves the run to the
 * archive unless --no-save. The simulation runs in a run manager worker
 * (src/cli/execute.ts), never in this thread.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { Params, RunInput } from '../../engine/result.ts';
import { parseArgs, parseSeed, parseTimeout, rejectPositionals, splitAssignment, type FlagSpecs } from '../args.ts';
import { UsageError, type CliContext } from '../context.ts';
import { DEFAULT_TIMEOUT_S, executeRuns } from '../execute.ts';
import { renderRunReport } from '../report.ts';
import { parseSetValue, resolvePolicy, resolvePolicyParams, resolveScenario } from '../resolve.ts';
import { applyScenarioSets } from '../scenario-set.ts';
import { archivePath } from '../files.ts';
import { planContigTrace, CONTIG_TRACE_FLAGS, contigTraceUsage } from '../contig-trace.ts';

export const RUN_FLAGS: FlagSpecs = {
  scenario: 'value',
  'scenario-file': 'value',
  'scenario-set': 'list',
  ...CONTIG_TRACE_FLAGS,
  policy: 'value',
  set: 'list',
  seed: 'value',
  json: 'bool',
  'no-baseline': 'bool',
  'no-save': 'bool',
  db: 'value',
  timeout: 'value',
  help: 'bool',
};

export const RUN_USAGE = [
  'usage: cmawb run (--scenario NAME | --scenario-file FILE) --policy NAME [options]',
  '',
  '  --set key=value   policy parameter (repeatable); --set preset=NAME selects a preset',
  '  --scenario-set path=value  change a scenario field (repeatable), e.g. make-j16.anonMiBPerUnit=40,',
  '                    machine.memMiB=1024, durationS=600; the run is named NAME-custom',
  '                    (values: a boolean is true or false, a number decimal such as 32, 0.5 or 2e6)',
  ...contigTraceUsage(20),
  '  --seed N          RNG seed (default 1); same inputs + seed = same result',
  '  --json            print only the run summary as one JSON object',
  '  --no-baseline     skip the background-only run (no slowdown figure; faster)',
  '  --no-save         do not store the run in the archive',
  '  --db FILE         archive database to save into',
  `  --timeout S       stop the run if it takes longer than S wall-clock seconds (default ${DEFAULT_TIMEOUT_S}; 0: no limit)`,
];

export interface RunPlan {
  input: RunInput;
  policy: PolicyModule;
  json: boolean;
  save: boolean;
  db: string | undefined;
  timeoutS: number;
}

/** Everything that can be wrong with the flags is found here, before any simulation time is spent. */
export function planRun(argv: readonly string[], ctx: CliContext): RunPlan | null {
  const args = parseArgs(argv, RUN_FLAGS);
  if (args.bools.has('help')) return null;
  rejectPositionals(args);
  const traced = planContigTrace(ctx, args);
  const scenario = traced(
    applyScenarioSets(resolveScenario(ctx, args.values.get('scenario'), args.values.get('scenario-file')), args.lists.get('scenario-set') ?? []),
  );
  const policyName = args.values.get('policy');
  if (policyName === undefined) throw new UsageError('missing --policy NAME; see `cmawb policies`');
  const policy = resolvePolicy(ctx, policyName);
  const given: Params = {};
  for (const raw of args.lists.get('set') ?? []) {
    const [key, value] = splitAssignment(raw, '--set');
    if (key in given) throw new UsageError(`--set ${key} given twice`);
    given[key] = parseSetValue(policy.manifest, key, value);
  }
  const params = resolvePolicyParams(policy.manifest, given);
  const seedRaw = args.values.get('seed');
  const seed = seedRaw === undefined ? 1 : parseSeed(seedRaw);
  const timeoutRaw = args.values.get('timeout');
  const timeoutS = timeoutRaw === undefined ? DEFAULT_TIMEOUT_S : parseTimeout(timeoutRaw);
  const input: RunInput = { scenario, policy: policy.manifest.name, params, seed };
  if (args.bools.has('no-baseline')) input.options = { baseline: false };
  const save = !args.bools.has('no-save');
  const db = args.values.get('db');
  // A --db that cannot be an archive is refused before any simulation time is spent.
  if (save) archivePath(db, 'write');
  return { input, policy, json: args.bools.has('json'), save, db, timeoutS };
}

export async function runCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const plan = planRun(argv, ctx);
  if (plan === null) {
    RUN_USAGE.forEach((l) => ctx.out.log(l));
    return 0;
  }
  const label = plan.json ? undefined : `${plan.input.scenario.name}/${plan.input.policy}`;
  const [done] = await executeRuns(ctx, [{ input: plan.input, label }], { save: plan.save, db: plan.db, timeoutS: plan.timeoutS, jobs: 1 });
  const { summary, id } = done!;
  if (plan.json) ctx.out.log(JSON.stringify(summary, null, 2));
  else renderRunReport(summary).forEach((l) => ctx.out.log(l));
  // stderr under --json so stdout stays exactly one JSON object.
  if (id !== null) (plan.json ? ctx.out.error : ctx.out.log)(`saved run #${id}`);
  return 0;
}

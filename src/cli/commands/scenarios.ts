/*
 * cmawb scenarios: the built-in scenario library, as a table or as JSON (the
 * full scenario objects, which `--scenario-file` accepts back after editing).
 */
import type { Scenario } from '../../engine/scenario/schema.ts';
import { parseArgs, rejectPositionals, type FlagSpecs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { renderTable } from '../table.ts';
import { formatSeconds } from '../format.ts';

export const SCENARIOS_FLAGS: FlagSpecs = { json: 'bool', help: 'bool' };

export const SCENARIOS_USAGE = [
  'usage: cmawb scenarios [--json]',
  '',
  '  Lists the built-in scenarios (machine, region, workloads). --json prints them in full;',
  '  save one to a file, edit it, and run it with --scenario-file.',
];

export async function scenariosCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, SCENARIOS_FLAGS);
  if (args.bools.has('help')) {
    SCENARIOS_USAGE.forEach((l) => ctx.out.log(l));
    return 0;
  }
  rejectPositionals(args);
  const scenarios = ctx.catalog.scenarios();
  if (args.bools.has('json')) {
    ctx.out.log(JSON.stringify(scenarios, null, 2));
    return 0;
  }
  if (scenarios.length === 0) {
    ctx.out.log('no scenarios');
    return 0;
  }
  const rows = scenarios.map(scenarioRow);
  renderTable(['name', 'platform', 'RAM', 'region', 'swap', 'duration', 'workloads'], rows, {
    align: ['left', 'left', 'right', 'right', 'left', 'right', 'left'],
  }).forEach((l) => ctx.out.log(l));
  ctx.out.log('');
  for (const s of scenarios) if (s.title) ctx.out.log(`${s.name}: ${s.title}`);
  return 0;
}

export function scenarioRow(s: Scenario): string[] {
  const m = s.machine;
  const swap = m.swap.device === 'none' ? 'none' : `${m.swap.device} ${m.swap.sizeMiB} MiB`;
  const workloads = s.workloads.map((w) => (w.name === w.kind ? w.kind : `${w.name} (${w.kind})`)).join(', ');
  return [s.name, m.platform, `${m.memMiB} MiB`, `${m.regionMiB} MiB`, swap, formatSeconds(s.durationS), workloads];
}

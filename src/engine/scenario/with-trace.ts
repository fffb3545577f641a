/*
 * A scenario whose contiguous clients are replaced by a replayed trace: the
 * machine and the background load stay, the requests become the device's
 * own. Filed as NAME-custom like any edited built-in.
 */
import { customNaming } from './custom.ts';
import { isContigWorkload, MAX_DURATION_S, parseScenario, ScenarioError, type ContigTraceWorkload, type Scenario } from './schema.ts';

export interface WithTraceOptions {
  /** Shown in the title ("contig clients: trace camera.txt"). */
  label: string;
  /** Where the trace's first request falls; unset: where the first replaced client started (the load's warm-up). */
  startAtS?: number;
}

export function withContigTrace(scenario: Scenario, trace: readonly ContigTraceWorkload[], opts: WithTraceOptions): Scenario {
  const replaced = scenario.workloads.filter(isContigWorkload);
  const startAtS = opts.startAtS ?? replaced[0]?.startAtS ?? 0;
  const kept = scenario.workloads.filter((w) => !isContigWorkload(w));
  const taken = new Set(kept.map((w) => w.name));
  const traced = trace.map((w) => {
    // A traced task named like a background workload would mix their records; keep names unique.
    let name = w.name;
    for (let i = 2; taken.has(name); i++) name = `${w.name}#${i}`;
    taken.add(name);
    return { ...w, name, startAtS, from: opts.label };
  });
  const { name, title } = customNaming(scenario, [`contig clients: trace ${opts.label}`]);
  const lastS = traced.reduce((m, w) => Math.max(m, w.startAtS + w.requests[w.requests.length - 1]!.atMs / 1e3), 0);
  const durationS = Math.max(scenario.durationS, Math.ceil(lastS + 1));
  if (durationS > MAX_DURATION_S) {
    throw new ScenarioError(
      `the trace's last request comes ${Math.round(lastS)} s into the run, past the ${MAX_DURATION_S / 3600} h a run may last; use a shorter trace or an earlier start`,
    );
  }
  return parseScenario({
    ...scenario,
    name,
    title,
    // The run must last at least until the trace's last request is made.
    durationS,
    workloads: [...kept, ...traced],
  });
}

/*
 * The run form's scenario checks in words a user can act on: the region in
 * whole pageblocks (0 crashed every built-in policy at reserveRegion), limits
 * with their units, not the schema library's phrases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateRunConfig } from '../../src/shared/run-config.ts';
import { SCENARIOS } from '../../src/engine/scenario/library.ts';
import { parseScenario, ScenarioError } from '../../src/engine/scenario/schema.ts';
import type { PolicyInfo, Scenario } from '../../src/shared/types.ts';

const scenarios = SCENARIOS as unknown as Scenario[];
const policies = readdirSync('plugins').map((d) => ({ ...JSON.parse(readFileSync(`plugins/${d}/manifest.json`, 'utf8')), dir: null, builtin: true }) as PolicyInfo);

function errorsWith(overrides: Record<string, unknown>) {
  const r = validateRunConfig({ scenario: 'no-swap-pins', overrides, policies: [{ name: 'carveout' }], seeds: [1] }, { scenarios: () => scenarios, policies: () => policies });
  return r.errors;
}

describe('run config: the machine', () => {
  it('refuses a region smaller than one pageblock, 0 included, naming the pageblock size', () => {
    for (const regionMiB of [0, 1]) {
      expect(errorsWith({ 'machine.regionMiB': regionMiB })).toEqual([
        { path: 'config.overrides.machine.regionMiB', message: expect.stringMatching(/^must be (0 \(no region\) or )?at least one pageblock \(4 MiB on cubox-i4\)/) },
      ]);
    }
    expect(errorsWith({ 'machine.regionMiB': 4 })).toEqual([]);
    expect(errorsWith({ 'machine.regionMiB': 384 })).toEqual([{ path: 'config.overrides.machine.regionMiB', message: "must be smaller than the machine's memory (384 MiB)" }]);
  });

  it('words limits as sentences with the field\'s unit', () => {
    expect(errorsWith({ 'machine.memMiB': 99999 })).toEqual([{ path: 'config.overrides.machine.memMiB', message: 'must be at most 65536 MiB' }]);
    expect(errorsWith({ 'machine.memMiB': -1 })).toEqual([{ path: 'config.overrides.machine.memMiB', message: 'must be more than 0 MiB' }]);
    // The unit comes from the field's name as the form labels it: ms, and a rate per second.
    expect(errorsWith({ 'workloads.1.everyMs': 0 })).toEqual([{ path: 'config.overrides.workloads.1.everyMs', message: 'must be more than 0 ms' }]);
    expect(errorsWith({ 'workloads.1': { kind: 'slab', pagesPerS: 0, lifetimeMs: 1000, maxPages: 100 } })).toEqual([{ path: 'config.overrides.workloads.1', message: 'must be more than 0/s' }]);
  });

  it('a scenario file may have no region (0), but not a part of a pageblock', () => {
    const base = structuredClone(SCENARIOS.find((s) => s.name === 'no-swap-pins')!);
    expect(parseScenario({ ...base, machine: { ...base.machine, regionMiB: 0 } }).machine.regionMiB).toBe(0);
    expect(() => parseScenario({ ...base, machine: { ...base.machine, regionMiB: 2 } })).toThrow(ScenarioError);
  });
});

describe('run config: workload names', () => {
  it('refuses two workloads of one name: results and --scenario-set address them by it', () => {
    expect(errorsWith({ 'workloads.2.name': 'rdma' })).toEqual([
      { path: 'config.overrides.workloads.2.name', message: '"rdma" is already the name of workloads.1; give each workload its own name' },
    ]);
    const base = structuredClone(SCENARIOS.find((s) => s.name === 'cubox-rfc-v2')!);
    expect(() => parseScenario({ ...base, workloads: [base.workloads[0], base.workloads[0], base.workloads[1]] })).toThrow(
      'invalid scenario: workloads.1.name: "make-j16" is already the name of workloads.0; give each workload its own name',
    );
  });
});

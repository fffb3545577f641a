/* Run names say what differs from the built-in scenario and the policy's defaults. */
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/engine/scenario/library.ts';
import { parseScenario, type Scenario } from '../../src/engine/scenario/schema.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { defaultRunName, paramChanges, scenarioChanges, scenarioLabel } from '../../src/main/store/run-name.ts';
import { resolveParams } from '../../src/engine/policy/manifest.ts';

const cubox = () => structuredClone(findScenario('cubox-rfc-v2')!);

function edited(name: string, edit: (s: Scenario) => void): Scenario {
  const s = cubox();
  edit(s);
  s.name = name;
  return parseScenario(s);
}

describe('run names', () => {
  it('list the scenario fields changed from the built-in, workloads by name', () => {
    const s = edited('cubox-rfc-v2-custom', (x) => {
      x.machine.memMiB = 1024;
      (x.workloads[0] as { anonMiBPerUnit: number }).anonMiBPerUnit = 40;
    });
    expect(scenarioChanges(cubox(), s)).toEqual(['machine.memMiB=1024', 'make-j16.anonMiBPerUnit=40']);
    expect(scenarioLabel(s)).toBe('cubox-rfc-v2 (machine.memMiB=1024, make-j16.anonMiBPerUnit=40)');
    // Edited in the form under the built-in's own name: the same label.
    expect(scenarioLabel({ ...s, name: 'cubox-rfc-v2' })).toBe(scenarioLabel(s));
    // A sweep value equal to the built-in's is no change; a scenario of the user's own keeps its name.
    expect(scenarioLabel(edited('cubox-rfc-v2-custom', () => {}))).toBe('cubox-rfc-v2');
    expect(scenarioLabel({ ...s, name: 'my-board' })).toBe('my-board');
  });

  it('name a replayed trace once, by its file, instead of listing its workloads', () => {
    const trace = { kind: 'contigTrace' as const, name: 'cam-1', requests: [{ atMs: 0, pages: 16 }], from: 'cma-trace.txt' };
    const s = edited('cubox-rfc-v2-custom', (x) => {
      // Two traced tasks from one file, in place of the test module's client; parseScenario fills their defaults.
      x.workloads = [x.workloads[0]!, trace, { ...trace, name: 'cam-2' }] as Scenario['workloads'];
      x.durationS = 600;
    });
    expect(scenarioChanges(cubox(), s)).toEqual(['trace cma-trace.txt', 'durationS=600']);
  });

  it('list the parameters changed from the defaults, or from the preset', () => {
    const gcma = findPolicy('gcma')!.manifest;
    expect(paramChanges(gcma, resolveParams(gcma, {}))).toEqual([]);
    const ratio = resolveParams(gcma, { ratio: 0.2 });
    expect(paramChanges(gcma, ratio)).toEqual(['ratio=0.2']);
    const quirks = findPolicy('cma-quirks')!.manifest;
    expect(paramChanges(quirks, resolveParams(quirks, { preset: 'android' }))).toEqual(['preset=android']);
    expect(paramChanges(quirks, resolveParams(quirks, { preset: 'android', noPageCacheInCma: false }))).toEqual(['preset=android', 'noPageCacheInCma=false']);
    const s = edited('cubox-rfc-v2-custom', (x) => (x.durationS = 600));
    expect(defaultRunName({ scenario: s, policy: 'gcma', params: ratio, seed: 3 }, gcma)).toBe('cubox-rfc-v2 (durationS=600) / gcma ratio=0.2 seed 3');
    expect(defaultRunName({ scenario: cubox(), policy: 'gcma', params: resolveParams(gcma, {}), seed: 1 }, gcma)).toBe('cubox-rfc-v2 / gcma seed 1');
  });

  it('name the rest "+N more" past three changes', () => {
    const s = edited('cubox-rfc-v2-custom', (x) => {
      x.durationS = 600;
      x.machine.memMiB = 1024;
      x.machine.regionMiB = 128;
      x.sampleIntervalMs = 500;
      x.snapshotIntervalMs = 5000;
    });
    expect(scenarioLabel(s)).toBe('cubox-rfc-v2 (machine.memMiB=1024, machine.regionMiB=128, durationS=600, +2 more)');
  });
});

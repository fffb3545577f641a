/* The compare view's seed groups: which runs it pools into one row of means. */
import { describe, expect, it } from 'vitest';
import { seedGroups } from '../../src/main/api/compare.ts';
import type { RunRecordInfo } from '../../src/shared/types.ts';
import { tinyScenario } from '../engine/helpers.ts';

const scenario = tinyScenario();

function runRec(id: number, seed: number, engineVersion: string): RunRecordInfo {
  return {
    id,
    uuid: `u${id}`,
    name: `run ${id}`,
    status: 'completed',
    createdAt: 0,
    startedAt: 0,
    finishedAt: 0,
    lastSeen: null,
    scenarioName: scenario.name,
    policy: { name: 'legacy-cma', version: '1.0.0', hash: 'h', dir: null },
    params: {},
    seed,
    engineVersion,
    resultHash: null,
    summary: null,
    error: null,
    tags: [],
    notes: '',
    scenario,
    options: null,
  };
}

describe('seedGroups', () => {
  it('pools runs that differ only by seed', () => {
    const groups = seedGroups([runRec(1, 1, '0.7.0'), runRec(2, 2, '0.7.0')]);
    expect(groups.map((g) => [g.label, g.runIds, g.seeds])).toEqual([['legacy-cma', [1, 2], [1, 2]]]);
  });

  it('keeps runs of different engine versions apart, and says which is which', () => {
    const groups = seedGroups([runRec(1, 1, '0.6.0'), runRec(2, 2, '0.6.0'), runRec(3, 1, '0.7.0')]);
    expect(groups.map((g) => [g.label, g.runIds])).toEqual([
      ['legacy-cma engine 0.6.0', [1, 2]],
      ['legacy-cma engine 0.7.0', [3]],
    ]);
  });
});

describe('seedGroups and policy code', () => {
  const withPolicy = (r: RunRecordInfo, version: string, hash: string): RunRecordInfo => ({ ...r, policy: { ...r.policy, version, hash } });

  it('keeps runs of different versions of one policy apart, labelled by version', () => {
    const groups = seedGroups([withPolicy(runRec(1, 1, '0.7.0'), '0.1.0', 'aaaa'), withPolicy(runRec(2, 2, '0.7.0'), '0.2.0', 'bbbb'), withPolicy(runRec(3, 3, '0.7.0'), '0.2.0', 'bbbb')]);
    expect(groups.map((g) => [g.label, g.runIds])).toEqual([
      ['legacy-cma 0.1.0', [1]],
      ['legacy-cma 0.2.0', [2, 3]],
    ]);
  });

  it('keeps runs of one version whose code differs apart, labelled by hash', () => {
    const groups = seedGroups([withPolicy(runRec(1, 1, '0.7.0'), '0.1.0', '1a2b3c4d5e6f'), withPolicy(runRec(2, 2, '0.7.0'), '0.1.0', 'ffeeddccbbaa')]);
    expect(groups.map((g) => [g.label, g.runIds])).toEqual([
      ['legacy-cma 0.1.0 #1a2b3c4d', [1]],
      ['legacy-cma 0.1.0 #ffeeddcc', [2]],
    ]);
  });
});

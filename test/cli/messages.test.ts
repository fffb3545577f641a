/*
 * Error messages say what is true in the user's words: which parameters a
 * policy takes (preset only when it has presets), an example that exists,
 * a workload by its name rather than its position, and the schema library's
 * phrasing turned into a sentence.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { wordIssue } from '../../src/shared/issue-words.ts';
import type { RunInput } from '../../src/engine/result.ts';
import { capture, fakeContext, fakeRunner, fakeRuns, TINY_JSON } from './helpers.ts';

async function cli(argv: string[], files: Record<string, string> = {}) {
  const c = capture();
  const calls: RunInput[] = [];
  const code = await main(argv, fakeContext(c, { openRuns: fakeRuns(fakeRunner(calls)), files }));
  expect(calls).toEqual([]);
  return { code, stdout: c.stdout, stderr: c.stderr };
}

describe('unknown parameters', () => {
  it('a policy with no parameters and no presets says so, without offering "preset"', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--set', 'ratio=1']);
    expect([r.code, r.stderr]).toEqual([2, ['cmawb: carveout: unknown parameter "ratio"; carveout has no parameters and no presets']]);
    const p = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--set', 'preset=android']);
    expect([p.code, p.stderr]).toEqual([2, ['cmawb: carveout: unknown preset "android"; carveout has no parameters and no presets']]);
  });

  it('a policy with parameters and presets lists both', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', 'ratoi=1']);
    expect(r.stderr).toEqual(['cmawb: gcma: unknown parameter "ratoi" (did you mean ratio?); parameters: ratio, batch, writeThrough; presets (preset=NAME): android, rfc-v2']);
  });

  it('compare --set key=v without the policy: the example is a policy that has the key', async () => {
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma,carveout', '--set', 'ratio=1']);
    expect(r.stderr).toEqual(['cmawb: --set: expected policy.key, got "ratio" (e.g. gcma.ratio)']);
    const none = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma,carveout', '--set', 'frob=1']);
    expect(none.stderr).toEqual(['cmawb: --set: expected policy.key, got "frob" (no listed policy has a parameter "frob"; e.g. gcma.ratio)']);
    const bare = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout', '--set', 'ratio=1']);
    expect(bare.stderr).toEqual(['cmawb: --set: expected policy.key, got "ratio" (carveout has no parameters)']);
  });
});

describe('scenario validation messages', () => {
  it('name a workload by its name and word the problem', async () => {
    const set = (v: string) => cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--scenario-set', v]);
    expect((await set('device.sizes=[]')).stderr).toEqual(['cmawb: --scenario-set device.sizes=[]: needs at least 1 entry']);
    expect((await set('device.count=0')).stderr).toEqual(['cmawb: --scenario-set device.count=0: must be at least 1']);
    expect((await set('durationS=-4')).stderr).toEqual(['cmawb: --scenario-set durationS=-4: must be more than 0']);
    for (const v of ['device.sizes=[]', 'device.count=0']) expect((await set(v)).stderr[0]).not.toMatch(/workloads\.\d|Too small|expected array/);
  });

  it('the same wording for a scenario file, the workload by name', async () => {
    const bad = { ...TINY_JSON, workloads: [{ ...TINY_JSON.workloads[0], name: 'cam', sizes: [] }] };
    const r = await cli(['run', '--scenario-file', 's.json', '--policy', 'carveout'], { 's.json': JSON.stringify(bad) });
    expect([r.code, r.stderr]).toEqual([2, ['cmawb: s.json: invalid scenario: cam.sizes: needs at least 1 entry']]);
  });

  it('wordIssue turns the schema phrases into sentences and leaves others alone', () => {
    expect(wordIssue('Too small: expected array to have >=1 items')).toBe('needs at least 1 entry');
    expect(wordIssue('Too small: expected array to have >=2 items')).toBe('needs at least 2 entries');
    expect(wordIssue('Too big: expected number to be <=100')).toBe('must be at most 100');
    expect(wordIssue('Too big: expected number to be <1')).toBe('must be less than 1');
    expect(wordIssue('Invalid input: expected number, received string')).toBe('expected a number, got a string');
    expect(wordIssue('Invalid input: expected int, received number')).toBe('expected an integer, got a number');
    expect(wordIssue('Invalid option: expected one of "sequence"|"cycle"|"random"')).toBe('must be one of sequence, cycle, random');
    expect(wordIssue('must be smaller than machine.memMiB')).toBe('must be smaller than machine.memMiB');
  });
});

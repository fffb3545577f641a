/*
 * cmawb runs compare: the compare table and JSON from archived runs, nothing
 * simulated. The archive is seeded with the fake runner's summaries for the
 * same inputs `cmawb compare` plans, so both commands can be held side by side.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runsCommand } from '../../src/cli/commands/runs.ts';
import type { Params, RunInput } from '../../src/engine/result.ts';
import type { PolicyModule } from '../../src/engine/policy/sdk.ts';
import { parseScenario, type Scenario } from '../../src/engine/scenario/schema.ts';
import { resolvePolicyParams } from '../../src/cli/resolve.ts';
import { openStore, policyRef, saveCompletedRun } from '../../src/main/store/index.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';
import { capture, CARVEOUT, fakeContext, fakeRunner, GCMA, TINY, TINY_JSON } from './helpers.ts';

const tmp = tempDirs();
let db: string;
beforeEach(() => {
  db = join(tmp.make(), 'workbench.db');
});
afterEach(() => tmp.cleanup());

const OTHER: Scenario = parseScenario({ ...TINY_JSON, name: 'tiny-big', machine: { ...TINY_JSON.machine, memMiB: 128 } });

interface Stored {
  policy?: PolicyModule;
  seed: number;
  params?: Params;
  scenario?: Scenario;
  tags?: string[];
}

/** Archive runs as `cmawb compare` would have stored them: the fake runner's summary for the same input. */
function store(...runs: Stored[]): number[] {
  const s = openStore(db);
  try {
    return runs.map((r) => {
      const policy = r.policy ?? GCMA;
      const input: RunInput = { scenario: r.scenario ?? TINY, policy: policy.manifest.name, params: resolvePolicyParams(policy.manifest, r.params ?? {}), seed: r.seed };
      return saveCompletedRun(s, input, policy, fakeRunner()(input, policy), { tags: r.tags });
    });
  } finally {
    s.close();
  }
}

/** A run that never completed (failed, with its error). */
function storeFailed(seed: number, tags: string[] = []): number {
  const s = openStore(db);
  try {
    const id = s.runs.create({ name: `gcma seed ${seed}`, scenario: TINY, policy: policyRef(GCMA), params: resolvePolicyParams(GCMA.manifest, {}), seed, tags });
    s.runs.finish(id, 'failed', 'boom');
    return id;
  } finally {
    s.close();
  }
}

async function runs(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const c = capture();
  const code = await runsCommand(['compare', ...args, '--db', db], c.out);
  return { code, out: c.stdout, err: c.stderr };
}

/** `cmawb compare` on the fake runner, nothing saved. */
async function compare(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const c = capture();
  const code = await main(['compare', '--scenario', 'tiny', '--no-save', ...args], fakeContext(c, { runner: fakeRunner() }));
  return { code, out: c.stdout, err: c.stderr };
}

describe('cmawb runs compare: the compare table from the archive', () => {
  it('prints exactly the table `cmawb compare` prints for the same runs, then which runs each row pooled', async () => {
    const ids = store({ policy: CARVEOUT, seed: 1 }, { policy: CARVEOUT, seed: 2 }, { seed: 1 }, { seed: 2 });
    const live = await compare(['--policies', 'carveout,gcma', '--seeds', '1,2']);
    expect(live.code).toBe(0);
    const r = await runs(ids.map(String));
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out[0]).toBe('tiny: seeds 1,2 (n=2); cells are mean ± 95% CI half-width');
    expect(r.out.slice(0, live.out.length)).toEqual(live.out);
    // The failure legend is there (the fake runs fail one request on a pin).
    expect(r.out).toContain('failures (mean count per run):');
    expect(r.out).toContain('  pin = -EBUSY: short-term GUP pin');
    expect(r.out.slice(live.out.length)).toEqual(['', 'runs:', `  carveout: #${ids[0]}, #${ids[1]} (seeds 1,2)`, `  gcma: #${ids[2]}, #${ids[3]} (seeds 1,2)`]);
  });

  it('--json has the structure of `cmawb compare --json`, with the same rows, runs and statistics', async () => {
    const ids = store({ policy: CARVEOUT, seed: 1 }, { policy: CARVEOUT, seed: 2 }, { seed: 1 }, { seed: 2 });
    const live = await compare(['--policies', 'carveout,gcma', '--seeds', '1,2', '--json']);
    const want = JSON.parse(live.out.join('\n'));
    const r = await runs([...ids.map(String), '--json']);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.err).toEqual([]);
    const got = JSON.parse(r.out[0]!);
    // Every key of compare's output, plus the list of scenarios.
    expect(Object.keys(got).sort()).toEqual([...Object.keys(want), 'scenarios'].sort());
    expect(got).toMatchObject({ scenario: 'tiny', scenarios: ['tiny'], seeds: [1, 2], sweep: null, scenarioSweep: null });
    expect(got.rows).toHaveLength(want.rows.length);
    got.rows.forEach((row: Record<string, unknown>, i: number) => {
      const w = want.rows[i];
      expect(Object.keys(row).sort()).toEqual(Object.keys(w).sort());
      expect(row['label']).toBe(w.label);
      expect(row['policy']).toBe(w.policy);
      expect(row['params']).toEqual(w.params);
      expect(row['runs']).toEqual(w.runs);
      expect(row['stats']).toEqual(w.stats);
      expect(row['sweep']).toBeNull();
      expect(row['scenarioSweep']).toBeNull();
    });
    expect(got.rows.map((x: { runIds: number[] }) => x.runIds)).toEqual([ids.slice(0, 2), ids.slice(2)]);
  });

  it('pools two seeds of one configuration into one row; another parameter value is another row', async () => {
    // Given out of seed order: the row lists its runs in seed order.
    const [a, b, c] = store({ seed: 2 }, { seed: 1 }, { seed: 1, params: { ratio: 0.25 } });
    const r = await runs([String(a), String(b), String(c), '--json']);
    const got = JSON.parse(r.out[0]!);
    expect(got.rows.map((x: { label: string }) => x.label)).toEqual(['gcma ratio=0.5', 'gcma ratio=0.25']);
    const pooled = got.rows[0];
    expect(pooled.runIds).toEqual([b, a]);
    expect(pooled.runs.map((s: { seed: number }) => s.seed)).toEqual([1, 2]);
    // fake latency = 100 * seed + 1000 * ratio: (600 + 700) / 2
    expect(pooled.stats.latencyMeanUs).toMatchObject({ mean: 650, n: 2 });
    expect(got.rows[1].stats.latencyMeanUs).toMatchObject({ mean: 350, n: 1 });

    const text = await runs([String(a), String(b), String(c)]);
    expect(text.out[0]).toBe('tiny: seeds 1,2, n=1-2 per row (rows differ in seeds, listed below); cells are mean ± 95% CI half-width');
    expect(text.out.filter((l) => /^gcma ratio=/.test(l))).toHaveLength(2);
    expect(text.out.slice(-3)).toEqual(['runs:', `  gcma ratio=0.5: #${b}, #${a} (seeds 1,2)`, `  gcma ratio=0.25: #${c} (seed 1)`]);
  });

  it('a seed stored twice in one row (a rerun, say) is pooled, with a note', async () => {
    const [a, b] = store({ seed: 1 }, { seed: 1 });
    const r = await runs([String(a), String(b)]);
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toBe(`note: gcma has seed 1 in 2 runs (#${a}, #${b}); each counts as one sample`);
  });
});

describe('cmawb runs compare --tag', () => {
  it('compares every completed run with the tag, oldest first; runs of the tag that did not complete are skipped with a note', async () => {
    const [c1, , g1] = store({ policy: CARVEOUT, seed: 1, tags: ['exp'] }, { policy: CARVEOUT, seed: 2 }, { seed: 1, tags: ['exp', 'x'] });
    const failed = storeFailed(2, ['exp']);
    const [g3] = store({ seed: 3, tags: ['exp'] });
    const r = await runs(['--tag', 'exp', '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out[0]!);
    expect(got.rows.map((x: { label: string; runIds: number[] }) => [x.label, x.runIds])).toEqual([
      ['carveout', [c1]],
      ['gcma', [g1, g3]],
    ]);
    expect(got.seeds).toEqual([1, 3]);
    expect(r.err).toEqual([`note: skipped 1 run with tag exp that did not complete: #${failed} (failed)`]);
    const text = await runs(['--tag', 'exp']);
    expect(text.out.at(-1)).toBe(`note: skipped 1 run with tag exp that did not complete: #${failed} (failed)`);
  });

  it('a tag without completed runs is refused: exit 2, one line', async () => {
    const failed = storeFailed(1, ['broken']);
    store({ seed: 1 });
    const none = await runs(['--tag', 'nope']);
    expect(none).toEqual({ code: 2, out: [], err: ['cmawb runs compare: no completed runs with tag nope'] });
    const onlyFailed = await runs(['--tag', 'broken']);
    expect(onlyFailed.code).toBe(2);
    expect(onlyFailed.err).toEqual([`cmawb runs compare: no completed runs with tag broken (1 with it did not complete: #${failed} (failed))`]);
  });
});

describe('cmawb runs compare refuses', () => {
  it('ids that do not exist, and runs that are not completed: exit 2, one line', async () => {
    const [ok] = store({ seed: 1 });
    const failed = storeFailed(2);
    expect(await runs([String(ok), '99'])).toEqual({ code: 2, out: [], err: ['cmawb runs compare: no run with id 99'] });
    expect((await runs(['98', String(ok), '99'])).err).toEqual(['cmawb runs compare: no runs with ids 98, 99']);
    expect(await runs([String(ok), String(failed)])).toEqual({
      code: 2,
      out: [],
      err: [`cmawb runs compare: run #${failed} (failed) is not completed; only completed runs have results to compare`],
    });
    // --json: the failure is one JSON value on stdout too.
    const j = await runs([String(ok), String(failed), '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out.join('\n'))).toEqual({ error: `run #${failed} (failed) is not completed; only completed runs have results to compare`, exitCode: 2 });
  });

  it('runs of several scenarios unless --allow-mixed, which says so in a note', async () => {
    const [a, b] = store({ seed: 1 }, { seed: 1, scenario: OTHER });
    const refused = await runs([String(a), String(b)]);
    expect(refused).toEqual({
      code: 2,
      out: [],
      err: ['cmawb runs compare: the runs are of 2 scenarios (tiny, tiny-big); pass --allow-mixed to compare them anyway'],
    });
    const note = 'note: the runs are of 2 scenarios (tiny, tiny-big): rows of different scenarios compare different machines and workloads, not only policies';
    const mixed = await runs([String(a), String(b), '--allow-mixed']);
    expect(mixed.code).toBe(0);
    expect(mixed.out[0]).toBe('tiny, tiny-big: seed 1');
    expect(mixed.out.at(-1)).toBe(note);
    // The same policy on two scenarios: two rows, told apart as the UI's seed groups are.
    expect(mixed.out.some((l) => /^gcma on tiny-big\s/.test(l))).toBe(true);
    const j = await runs([String(a), String(b), '--allow-mixed', '--json']);
    const got = JSON.parse(j.out[0]!);
    expect(got.scenario).toBeNull();
    expect(got.scenarios).toEqual(['tiny', 'tiny-big']);
    expect(got.rows).toHaveLength(2);
    expect(j.err).toEqual([note]);
  });

  it('bad command lines before opening the archive: exit 2, one line', async () => {
    const [a] = store({ seed: 1 });
    expect((await runs([])).err).toEqual(['cmawb runs compare: missing run IDs (or --tag TAG)']);
    expect((await runs([String(a), '--tag', 'x'])).err).toEqual(['cmawb runs compare: give run IDs or --tag TAG, not both']);
    expect((await runs([String(a), String(a)])).err).toEqual([`cmawb runs compare: run ${a} is listed twice`]);
    expect((await runs(['x1'])).err).toEqual(['cmawb runs compare: "x1" is not a run ID (a positive whole number)']);
    expect((await runs(['--tag', ' '])).err).toEqual(['cmawb runs compare: empty tag']);
    const c = capture();
    const missing = join(tmp.make(), 'none.db');
    expect(await runsCommand(['compare', '1', '--db', missing], c.out)).toBe(2);
    expect(c.stderr).toEqual([`cmawb runs compare: no archive at ${missing}`]);
  });

  it('has its own --help, listed in `cmawb runs --help`', async () => {
    const h = capture();
    expect(await runsCommand(['compare', '--help'], h.out)).toBe(0);
    expect(h.stdout[0]).toBe('usage: cmawb runs compare ...');
    expect(h.stdout.join('\n')).toMatch(/compare ID\.\.\. \[--json\] \[--allow-mixed\]/);
    expect(h.stdout.join('\n')).toMatch(/compare --tag TAG/);
    const all = capture();
    await runsCommand(['--help'], all.out);
    expect(all.stdout.join('\n')).toMatch(/compare ID\.\.\./);
  });
});

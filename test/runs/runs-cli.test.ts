import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runsCommand } from '../../src/cli/commands/runs.ts';
import { RunManager } from '../../src/main/runs/index.ts';
import { openStore, saveCompletedRun } from '../../src/main/store/index.ts';
import { FAKE_POLICY, resolvePolicy } from '../fixtures/store/fake-runner.ts';
import { syntheticInput, syntheticPolicy, syntheticResult, syntheticScenario } from '../fixtures/store/synthetic.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const tmp = tempDirs();
let dir: string;
let db: string;
beforeEach(() => {
  dir = tmp.make();
  db = join(dir, 'workbench.db');
});
afterEach(() => tmp.cleanup());

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runsCommand([...args, '--db', db], { log: (s) => out.push(s), error: (s) => err.push(s) }, {
    manager: { runnerModule: new URL('../fixtures/store/fake-runner.ts', import.meta.url), resolvePolicy, log: () => {} },
  });
  return { code, out, err };
}

const FROM_FOLDER = { ...syntheticPolicy(), origin: { dir: '/home/ada/plugins/cma-mainline', hash: 'files:abcdef' } };

function seed(): number[] {
  const store = openStore(db);
  const ids = [
    saveCompletedRun(store, syntheticInput({ seed: 1 }), FROM_FOLDER, syntheticResult({ seed: 1, requests: 30, samples: 40 }), { tags: ['paper'] }),
    saveCompletedRun(store, syntheticInput({ seed: 2, policy: 'gcma' }), syntheticPolicy('gcma'), syntheticResult({ seed: 2, requests: 5, samples: 5 })),
  ];
  store.close();
  return ids;
}

describe('cmawb runs', () => {
  it('list: table, JSON and filters', async () => {
    const [a, b] = seed();
    const table = await cli('list');
    expect(table.code).toBe(0);
    expect(table.out[0]).toMatch(/^ID\s+STATUS\s+CREATED\s+SCENARIO\s+POLICY/);
    expect(table.out).toHaveLength(4);
    expect(table.out[2]).toMatch(new RegExp(`^\\s*${b}\\s+completed .* gcma 1\\.2\\.0`));
    const json = await cli('list', '--tag', 'paper', '--json');
    expect(JSON.parse(json.out[0]!).map((r: { id: number }) => r.id)).toEqual([a]);
    expect(JSON.parse((await cli('list', '--policy', 'gcma', '--json')).out[0]!)).toHaveLength(1);
    expect((await cli('list', '--status', 'failed')).out).toEqual(['no runs']);
  });

  it('show, tag, untag, note, delete', async () => {
    const [a, b] = seed();
    const show = await cli('show', String(a));
    expect(show.code).toBe(0);
    expect(show.out.join('\n')).toMatch(/status\s+completed[\s\S]*result hash\s+synthetic-1[\s\S]*stored: 30 request records, 40 samples x 12 series, 4 map snapshots/);
    expect(JSON.parse((await cli('show', String(a), '--json')).out[0]!)).toMatchObject({ id: a, detail: { requests: 30, samples: 40 } });
    // The plugin folder sits right under the policy line with its hash; a run without one shows "-".
    const lines = show.out;
    const at = lines.findIndex((l) => /^\s*policy\s+cma-mainline 1\.2\.0 \(files:abcdef\)$/.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^\s*plugin folder\s+\/home\/ada\/plugins\/cma-mainline$/);
    expect(JSON.parse((await cli('show', String(a), '--json')).out[0]!).policy.dir).toBe('/home/ada/plugins/cma-mainline');
    expect((await cli('show', String(b))).out.join('\n')).toMatch(/plugin folder\s+-\n/);
    // Only a replayed trace has the device's own timings.
    expect(show.out.some((l) => l.includes('traced µs'))).toBe(false);

    expect((await cli('tag', String(b), 'x', 'y')).out).toEqual([`run ${b} tags: x, y`]);
    expect((await cli('untag', String(b), 'x')).out).toEqual([`run ${b} tags: y`]);
    expect((await cli('note', String(b), 'too', 'slow')).out).toEqual([`run ${b} notes set`]);
    expect(JSON.parse((await cli('show', String(b), '--json')).out[0]!).notes).toBe('too slow');
    expect((await cli('note', String(b), '')).out).toEqual([`run ${b} notes cleared`]);
    expect((await cli('tag', String(b))).err).toEqual(['cmawb runs tag: missing at least one TAG after the run ID']);
    expect((await cli('note', String(b), 'too', 'slow')).code).toBe(0);
    expect((await cli('delete', String(a), String(b))).out).toEqual([`deleted runs ${a}, ${b}`]);
    expect((await cli('list')).out).toEqual(['no runs']);
  });

  it('show puts a replayed trace\'s device timings under the simulated ones', async () => {
    const store = openStore(db);
    const result = syntheticResult({ seed: 3, requests: 4, samples: 4 });
    result.summary.requests.observed = { count: 4, failed: 1, latencyUs: { mean: 67000, p50: 4000, p90: 250000, p99: 250000, max: 250000 } };
    const input = syntheticInput({ seed: 3 });
    const traced = { kind: 'contigTrace' as const, name: 'cam-7', from: 'cma-trace.txt', startAtS: 0, requests: [1, 2].map((i) => ({ atMs: i, pages: 8, alignOrder: 0, holdMs: null })) };
    input.scenario = { ...input.scenario, workloads: [...input.scenario.workloads, traced] };
    const id = saveCompletedRun(store, input, syntheticPolicy(), result);
    store.close();
    const lines = (await cli('show', String(id))).out;
    expect(lines).toContainEqual(expect.stringMatching(/^\s*trace\s+cma-trace\.txt: 1 task, 2 requests$/));
    const at = lines.findIndex((l) => /^\s*latency µs/.test(l));
    expect(lines[at + 1]).toMatch(/^\s*traced µs\s+mean 67000\s+p50 4000\s+p90 250000\s+p99 250000\s+max 250000\s+\(4 timed on the device, 1 failed there\)$/);
  });

  it('export to an archive and import into another database; CSV export', async () => {
    const [a, b] = seed();
    const file = join(dir, 'two.cmawb');
    const exp = await cli('export', String(a), String(b), '--out', file);
    expect(exp.out[0]).toMatch(/^wrote 2 runs to .*two\.cmawb \(\d+\.\d KiB\)$/);

    const other = join(dir, 'other.db');
    const imp = await runsCommand(['import', file, '--db', other], { log: () => {}, error: () => {} });
    expect(imp).toBe(0);
    const lines: string[] = [];
    await runsCommand(['import', file, '--db', other], { log: (s) => lines.push(s), error: () => {} });
    expect(lines[0]).toBe('imported no runs');
    expect(lines[1]).toMatch(/^skipped ".*": already stored as run \d+$/);

    const one = await cli('export', String(a), '--csv', join(dir, 'csv'));
    expect(one.code).toBe(0);
    expect(readFileSync(join(dir, 'csv', 'requests.csv'), 'utf8').split('\n')).toHaveLength(32);
    await cli('export', String(a), String(b), '--csv', join(dir, 'many'));
    expect(existsSync(join(dir, 'many', `run-${b}`, 'series.csv'))).toBe(true);
  });

  it('bad usage and unknown run ids exit 2 with one line', async () => {
    seed();
    for (const args of [
      [],
      ['frobnicate'],
      ['show'],
      ['show', 'abc'],
      ['list', '--status', 'bogus'],
      ['list', '--colour'],
      ['export', '1'],
      ['export', '1', '--out', 'a', '--csv', 'b'],
      ['tag', '1'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/^cmawb runs( [a-z]+)?: /);
    }
    const missing = await cli('show', '99');
    // An id that does not exist is an input error (exit 2); exit 1 is kept for a run that failed.
    expect(missing).toMatchObject({ code: 2, err: ['cmawb runs show: no run with id 99'] });
    const bad = join(dir, 'bad.cmawb');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, 'hello');
    expect((await cli('import', bad)).err[0]).toMatch(/not a CMA Workbench run archive/);
    expect((await cli('--help')).code).toBe(0);
  });

  it('rerun runs the stored inputs again and reports the hash match', async () => {
    const store = openStore(db);
    const m = new RunManager({ store: store.runs, runnerModule: new URL('../fixtures/store/fake-runner.ts', import.meta.url), resolvePolicy, log: () => {} });
    const id = m.submit({ scenario: syntheticScenario(), policy: FAKE_POLICY.manifest.name, params: { wallMs: 50 }, seed: 3 });
    const first = await m.wait(id);
    await m.dispose();
    store.close();

    const r = await cli('rerun', String(id));
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(new RegExp(`^run ${id + 1} \\(rerun of ${id}\\): completed$`));
    expect(r.out[1]).toBe(`result hash ${first.resultHash} matches run ${id}`);
    const j = await cli('rerun', String(id), '--json');
    expect(JSON.parse(j.out[0]!)).toMatchObject({ id: id + 2, of: id, matched: true, status: 'completed' });
  });

  it('rerun of a run that never finished completes with exit 0: there is no hash to match', async () => {
    const store = openStore(db);
    const m = new RunManager({ store: store.runs, runnerModule: new URL('../fixtures/store/fake-runner.ts', import.meta.url), resolvePolicy, log: () => {} });
    const id = m.submit({ scenario: syntheticScenario(), policy: FAKE_POLICY.manifest.name, params: { wallMs: 50 }, seed: 3 });
    m.cancel(id);
    expect((await m.wait(id)).status).toBe('cancelled');
    await m.dispose();
    store.close();

    const r = await cli('rerun', String(id));
    expect(r.code).toBe(0);
    expect(r.out[1]).toMatch(new RegExp(`^result hash \\S+; run ${id} has none to compare \\(it ended cancelled\\)$`));
    expect(JSON.parse((await cli('rerun', String(id), '--json')).out[0]!)).toMatchObject({ of: id, status: 'completed', matched: null });
  });
});

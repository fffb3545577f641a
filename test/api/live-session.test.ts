/*
 * The server's side of the live page's session (runs:active lists the runs
 * this process finished until runs:dismiss takes them off) and the history
 * filter's options (runs:facets: what the archive holds, edited scenarios
 * included).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../src/shared/schemas.ts';
import { benches, TINY, type TestBench, tinyConfig } from './helpers.ts';

const b = benches();
afterEach(() => b.cleanup());

const config = tinyConfig;

async function startAndWait(t: TestBench, c: RunConfigInput, tags?: string[]): Promise<number[]> {
  const started = await t.ok('runs:start', { config: c, ...(tags ? { tags } : {}) });
  for (const id of started.runIds) expect((await t.wb.ctx.runs.wait(id)).status).toBe('completed');
  return started.runIds;
}

describe('the session of runs', () => {
  it('lists finished runs after they end, until dismissed', async () => {
    const t = b.make();
    const ids = await startAndWait(t, config());
    expect(await t.ok('runs:active')).toEqual({ queued: [], running: [], finished: ids });

    // Ids that are not finished runs of this session are left alone.
    expect(await t.ok('runs:dismiss', { ids: [ids[0]!, 4242] })).toEqual({ dismissed: [ids[0]] });
    expect((await t.ok('runs:active')).finished).toEqual([ids[1]]);
    expect(await t.ok('runs:dismiss', { ids: [ids[0]!] })).toEqual({ dismissed: [] });
    // The archive keeps them: dismissing is about the live page only.
    expect((await t.ok('runs:list')).total).toBe(2);
  });

  it('drops a deleted run from the session, so no page lists it after a reload', async () => {
    const t = b.make();
    const ids = await startAndWait(t, config());
    await t.ok('runs:delete', { ids: [ids[1]!] });
    expect((await t.ok('runs:active')).finished).toEqual([ids[0]]);
  });

  it('leaves queued and running runs on the list whatever is dismissed', async () => {
    const t = b.make({ runManager: { poolSize: 1 } });
    const long = { ...TINY, durationS: 4000, workloads: [TINY.workloads[0]!, { ...TINY.workloads[1]!, count: 5000 }] };
    const started = await t.ok('runs:start', { config: config({ scenario: long as Record<string, unknown> }) });
    const [first, second] = started.runIds as [number, number];
    expect(await t.ok('runs:dismiss', { ids: [first, second] })).toEqual({ dismissed: [] });
    expect(await t.ok('runs:active')).toMatchObject({ queued: [second], running: [{ runId: first }], finished: [] });
    await t.ok('runs:cancel', { id: second });
    expect(await t.ok('runs:active')).toMatchObject({ queued: [], running: [{ runId: first }], finished: [second] });
    await t.ok('runs:cancel', { id: first });
    await t.wb.ctx.runs.wait(first);
    expect((await t.ok('runs:active')).finished).toEqual([first, second]);
  });
});

describe('runs:facets', () => {
  it('names every scenario, policy and tag the archive holds, an edited scenario too', async () => {
    const t = b.make();
    expect(await t.ok('runs:facets')).toEqual({ scenarios: [], policies: [], tags: [] });
    await startAndWait(t, config(), ['sweep']);
    // A scenario changed by hand is stored under its own name, like `cmawb run --set` names it NAME-custom.
    const custom = { ...TINY, name: `${TINY.name}-custom` };
    await startAndWait(t, config({ scenario: custom as Record<string, unknown>, policies: [{ name: 'gcma' }] }), ['edited', 'sweep']);
    expect(await t.ok('runs:facets')).toEqual({
      scenarios: ['tiny-api', 'tiny-api-custom'],
      policies: ['gcma', 'mainline-cma'],
      tags: ['edited', 'sweep'],
    });
    // Each one filters the list.
    expect((await t.ok('runs:list', { scenario: 'tiny-api-custom' })).total).toBe(1);
  });
});

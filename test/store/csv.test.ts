import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportRunCsv, openStore, saveCompletedRun } from '../../src/main/store/index.ts';
import { syntheticInput, syntheticPolicy, syntheticResult } from '../fixtures/store/synthetic.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

describe('CSV export', () => {
  it('writes requests.csv, series.csv and summary.json', () => {
    const store = openStore(':memory:');
    const result = syntheticResult({ requests: 40, samples: 25 });
    const id = saveCompletedRun(store, syntheticInput(), syntheticPolicy(), result);
    const dir = join(tmp.make(), 'out');
    const files = exportRunCsv(store.runs, id, dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['requests.csv', 'series.csv', 'summary.json']);

    const req = readFileSync(join(dir, 'requests.csv'), 'utf8').trimEnd().split('\n');
    expect(req[0]).toBe('id,client,pages,start_ns,end_ns,latency_ns,ok,reason,start_pfn,migrated,dropped,written,retries,candidates,bound_ns,deadline_missed,blocking');
    expect(req).toHaveLength(41);
    const quoted = result.requests.findIndex((r) => r.reason?.includes('"'));
    expect(quoted).toBeGreaterThanOrEqual(0);
    expect(req[quoted + 1]).toContain('"writeback, ""slow"" device"');

    const ser = readFileSync(join(dir, 'series.csv'), 'utf8').trimEnd().split('\n');
    expect(ser[0]).toBe(['t_ns', ...Object.keys(result.series.columns)].join(','));
    expect(ser).toHaveLength(26);
    expect(Number(ser[1]!.split(',')[0])).toBe(result.series.t[0]);

    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(result.summary);
    store.close();
  });
});

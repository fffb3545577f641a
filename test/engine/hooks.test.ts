import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { tinyScenario } from './helpers.ts';
import type { RequestRecord, SampleRow } from '../../src/engine/result.ts';

describe('live hooks', () => {
  it('stream every sample and every request of the main phase, equal to the final result', () => {
    const samples: SampleRow[] = [];
    const requests: RequestRecord[] = [];
    const r = runSimulation({ scenario: tinyScenario(), policy: 'gcma', params: {}, seed: 2 }, findPolicy('gcma')!, {
      onSample: (row) => samples.push(row),
      onRequest: (q) => requests.push(q),
    });
    expect(requests).toEqual(r.requests);
    // The final sample at the end of the run is taken after the loop, not streamed.
    expect(samples.length).toBe(r.series.t.length - 1);
    for (let i = 0; i < samples.length; i++) {
      expect(samples[i]!.tNs).toBe(r.series.t[i]);
      expect(samples[i]!.values['free_pages']).toBe(r.series.columns['free_pages']![i]);
    }
  });
});

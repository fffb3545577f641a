import { describe, expect, it } from 'vitest';
import { run, tinyScenario } from './helpers.ts';

describe('determinism', () => {
  it('same scenario, policy, params and seed give byte-identical results', () => {
    for (const policy of ['legacy-cma', 'gcma']) {
      const a = run(tinyScenario(), policy, {}, 7);
      const b = run(tinyScenario(), policy, {}, 7);
      expect(a.summary.resultHash).toBe(b.summary.resultHash);
      expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
      expect(a.requests).toEqual(b.requests);
    }
  });

  it('a different seed changes the result', () => {
    const a = run(tinyScenario(), 'legacy-cma', {}, 1);
    const b = run(tinyScenario(), 'legacy-cma', {}, 2);
    expect(a.summary.resultHash).not.toBe(b.summary.resultHash);
  });

  it('the result hash covers the requests', () => {
    const a = run(tinyScenario(), 'carveout', {}, 3);
    expect(a.summary.resultHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.requests.length).toBe(12);
  });
});

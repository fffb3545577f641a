import { describe, expect, it } from 'vitest';
import { buildConfig, draftFromRun, emptyDraft, paramValue, setOverride, setParam, type ExperimentDraft, type PolicyChoice } from '../../src/renderer/pages/new/draft.ts';
import { problemLabel, problems } from '../../src/renderer/pages/new/problems.ts';
import { fieldMeta, humanise, parseIntList, PLATFORMS, workloadSummary } from '../../src/renderer/lib/scenario-fields.ts';
import { PLATFORM_NAMES } from '../../src/engine/scenario/schema.ts';
import { SCENARIOS } from '../../src/engine/scenario/library.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { validateRunConfig } from '../../src/shared/run-config.ts';
import type { PolicyInfo, Scenario } from '../../src/shared/types.ts';

const scenarios = SCENARIOS as unknown as Scenario[];
const base = scenarios.find((s) => s.name === 'no-swap-pins')!;
const gcma = {
  name: 'gcma',
  version: '1.0.0',
  description: '',
  sdk: '^1.0.0',
  dir: null,
  builtin: true,
  params: [
    { key: 'ratio', type: 'number', default: 0.5, min: 0, max: 1, description: '' },
    { key: 'sharedLru', type: 'boolean', default: false, description: '' },
  ],
  presets: [{ name: 'rfc', models: 'RFC v2', values: { ratio: 1, sharedLru: true } }],
} as PolicyInfo;

describe('experiment draft', () => {
  it('records only real overrides', () => {
    let d = setOverride(emptyDraft(), base, 'machine.memMiB', 1024);
    expect(d.overrides).toEqual({ 'machine.memMiB': 1024 });
    d = setOverride(d, base, 'machine.memMiB', base.machine.memMiB);
    expect(d.overrides).toEqual({});
  });
  it('shows explicit value, else preset, else default; setting back to that removes it', () => {
    let c: PolicyChoice = { name: 'gcma', preset: 'rfc', values: {} };
    expect(paramValue(gcma.params[0]!, c, gcma)).toBe(1);
    c = setParam(c, gcma.params[0]!, 0.25, gcma);
    expect(c.values).toEqual({ ratio: 0.25 });
    c = setParam(c, gcma.params[0]!, 1, gcma);
    expect(c.values).toEqual({});
  });
  it('builds a RunConfig: preset and changed values only; a swept key is not also fixed', () => {
    const d: ExperimentDraft = {
      ...emptyDraft(),
      scenario: 'no-swap-pins',
      policies: [{ name: 'gcma', preset: 'rfc', values: { ratio: 0.3 } }],
      seedsText: '1-3',
      sweep: { enabled: true, policy: 'gcma', key: 'ratio', valuesText: '0, 0.5, 1' },
      tagsText: 'a, b',
    };
    const b = buildConfig(d, [gcma]);
    expect(b.localErrors).toEqual({});
    expect(b.config).toEqual({
      scenario: 'no-swap-pins',
      overrides: {},
      policies: [{ name: 'gcma', params: { preset: 'rfc' } }],
      seeds: [1, 2, 3],
      baseline: true,
      sweep: { policy: 'gcma', key: 'ratio', values: [0, 0.5, 1] },
    });
    expect(b.tags).toEqual(['a', 'b']);
  });
  it('reports unparsable seeds and sweep values at the paths main uses', () => {
    const d: ExperimentDraft = { ...emptyDraft(), scenario: 'x', seedsText: 'one', sweep: { enabled: true, policy: 'gcma', key: 'ratio', valuesText: '0' } };
    const b = buildConfig(d, [gcma]);
    expect(Object.keys(b.localErrors).sort()).toEqual(['config.seeds', 'config.sweep.values']);
  });
  it('a built config validates in main with the real catalog', () => {
    // The built-in plugins' manifests, as policies:list would describe them.
    const policies = readdirSync('plugins').map((d) => ({ ...JSON.parse(readFileSync(`plugins/${d}/manifest.json`, 'utf8')), dir: null, builtin: true }) as PolicyInfo);
    const d: ExperimentDraft = {
      ...emptyDraft(),
      scenario: 'no-swap-pins',
      overrides: { 'machine.memMiB': 768, 'workloads.0.jobs': 2 },
      policies: [
        { name: 'gcma', preset: 'gcma-rfc-2015', values: { evictionBatch: 64 } },
        { name: 'cma-quirks', preset: 'mainline-6.x', values: {} },
      ],
      seedsText: '1,2',
    };
    const r = validateRunConfig(buildConfig(d, policies).config, { scenarios: () => scenarios, policies: () => policies });
    expect(r.errors).toEqual([]);
    expect(r.runs).toHaveLength(4);
    expect(r.scenario?.machine.memMiB).toBe(768);
  });
  it('re-creates a stored run as a draft', () => {
    const d = draftFromRun({ scenario: base, policy: { name: 'gcma' }, params: { preset: 'rfc', ratio: 0.2, sharedLru: true }, seed: 7 }, gcma);
    expect(d.scenario).toBe(base);
    expect(d.policies).toEqual([{ name: 'gcma', preset: 'rfc', values: { ratio: 0.2 } }]);
    expect(d.seedsText).toBe('7');
  });
});

describe('start bar problems', () => {
  const draft = { policies: [{ name: 'gcma', preset: null, values: {} }] };
  it('name the field as the form labels it, not the path main validates', () => {
    expect(problemLabel('config.seeds', draft, base)).toBe('Seeds');
    expect(problemLabel('config.seeds.2', draft, base)).toBe('Seeds');
    expect(problemLabel('config.overrides.machine.regionMiB', draft, base)).toBe('Region');
    expect(problemLabel('config.overrides.machine.swap.device', draft, base)).toBe('Swap device');
    expect(problemLabel(`config.overrides.workloads.0.jobs`, draft, base)).toBe(`${base.workloads[0]!.name} · Jobs (make -j)`);
    expect(problemLabel('config.policies.0.params.ratio', draft, base)).toBe('gcma · ratio');
    expect(problemLabel('config.policies.0.name', draft, base)).toBe('policy gcma');
    expect(problemLabel('config.sweep.values.1', draft, base)).toBe('Sweep values');
  });
  it('one entry per field, keeping the first message, in page order (machine above seeds)', () => {
    const list = problems({ 'config.seeds': 'range "3-1" runs backwards', 'config.seeds.0': 'too big', 'config.overrides.machine.regionMiB': 'must be smaller than machine.memMiB' }, draft, base);
    expect(list).toEqual([
      { label: 'Region', path: 'config.overrides.machine.regionMiB', message: 'must be smaller than machine.memMiB' },
      { label: 'Seeds', path: 'config.seeds', message: 'range "3-1" runs backwards' },
    ]);
  });
});

describe('scenario fields', () => {
  it('platform list matches the engine', () => {
    expect([...PLATFORMS]).toEqual([...PLATFORM_NAMES]);
  });
  it('units from key suffixes, labels humanised', () => {
    expect(fieldMeta('machine.memMiB')).toMatchObject({ label: 'RAM', unit: 'MiB' });
    expect(fieldMeta('fooBarMs')).toEqual({ label: 'Foo bar', unit: 'ms' });
    expect(humanise('shortPinEveryMs')).toBe('Short pin every');
    expect(fieldMeta('swap.device').options).toEqual(['none', 'storage', 'zram']);
  });
  it('every numeric field of every built-in scenario gets a label and, where it has a unit suffix, a unit', () => {
    for (const s of scenarios) {
      for (const w of s.workloads) {
        for (const [k, v] of Object.entries(w)) {
          if (typeof v !== 'number') continue;
          const m = fieldMeta(k);
          expect(m.label.length).toBeGreaterThan(0);
          if (/(MiB|KiB|Ms|S)$/.test(k)) expect(m.unit, k).toBeTruthy();
        }
      }
    }
  });
  it('parses size lists', () => {
    expect(parseIntList('1, 4096,32000')).toEqual({ ok: true, value: [1, 4096, 32000] });
    expect(parseIntList('1, x').ok).toBe(false);
  });
});

describe('workload summaries', () => {
  it('describe every workload of every built-in scenario in one line', () => {
    for (const s of scenarios) for (const w of s.workloads) expect(workloadSummary(w as unknown as Record<string, unknown>), `${s.name}/${w.name}`).toMatch(/\d/);
  });
  it('read like the kernel engineer would say it', () => {
    expect(workloadSummary({ kind: 'contig', sizes: [1, 4096], count: 32, intervalMs: 2000, holdMs: 100 })).toBe('32 × each of 4 KiB, 16 MiB every 2 s, held 100 ms');
    expect(workloadSummary({ kind: 'contig', sizes: [1, 4096], order: 'cycle', count: 64, intervalMs: 1500, holdMs: 0 })).toBe('64 requests of 4 KiB, 16 MiB every 1.5 s, held 0 ms');
    expect(workloadSummary({ kind: 'pinner', mode: 'long', pinPages: 64, everyMs: 500, durationMs: 1e4 })).toBe('long-term pins of 64 pages every 500 ms, held 10 s');
  });
});

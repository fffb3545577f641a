/*
 * The experiment form's state and its translation into the API's RunConfig.
 * Pure (no React), so the mapping from what the user typed to what main
 * validates is unit-tested: only changed scenario fields become overrides,
 * only changed parameters are sent (plus the preset), a swept key is never
 * also sent as a fixed value, and text that does not parse (seeds, sweep
 * values) is reported at the same path main would use.
 */
import type { RunConfigInput } from '../../../shared/schemas.ts';
import type { ParamSpec, ParamValue, Params, PolicyInfo, Scenario, TraceImport } from '../../../shared/types.ts';
import { parseSeeds, parseSweepValues } from '../../lib/seeds.ts';

export interface PolicyChoice {
  name: string;
  preset: string | null;
  /** Values the user set explicitly (over defaults and the preset). */
  values: Params;
}

export interface SweepDraft {
  enabled: boolean;
  policy: string;
  key: string;
  valuesText: string;
}

export interface ExperimentDraft {
  /** A built-in scenario name, or a scenario object (re-running an edited run). */
  scenario: string | Scenario | null;
  /** Dotted scenario path -> value, e.g. "machine.memMiB", "workloads.2.count". */
  overrides: Record<string, unknown>;
  policies: PolicyChoice[];
  seedsText: string;
  sweep: SweepDraft;
  baseline: boolean;
  tagsText: string;
  /** A replayed CMA trace: `scenario` is then the one scenarios:importTrace returned. */
  trace?: TraceDraft | null;
}

export interface TraceDraft {
  fileName: string;
  /** Kept to re-import with another area. */
  text: string;
  /** The CMA area replayed; null: every area's requests. */
  area: string | null;
  result: TraceImport;
  /** The form before the first import: a re-import starts from it, removing the trace restores it. */
  before: { scenario: string | Scenario; overrides: Record<string, unknown> };
}

export function emptyDraft(): ExperimentDraft {
  return {
    scenario: null,
    overrides: {},
    policies: [],
    seedsText: '1',
    sweep: { enabled: false, policy: '', key: '', valuesText: '' },
    baseline: true,
    tagsText: '',
  };
}

/** Value at a dotted path of a plain object ("workloads.2.sizes"). */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The scenario with the form's overrides applied, as main would merge them (a path whose parent is missing is skipped). */
export function applyOverrides(base: Scenario, overrides: Record<string, unknown>): Scenario {
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) {
    const parts = path.split('.');
    const parent = getPath(out, parts.slice(0, -1).join('.'));
    if (parts.length === 1) out[path] = value;
    else if (parent !== null && typeof parent === 'object') (parent as Record<string, unknown>)[parts[parts.length - 1]!] = value;
  }
  return out as unknown as Scenario;
}

/**
 * The scenario a trace import replaces the contiguous clients of: the form as
 * it is, or, once a trace is in, the form as it was before the first import
 * (so another area replaces the trace rather than stacking on it).
 */
export function traceSource(draft: ExperimentDraft, base: Scenario, scenarios: readonly Scenario[]): Scenario | null {
  if (!draft.trace) return applyOverrides(base, draft.overrides);
  const b = draft.trace.before;
  const src = typeof b.scenario === 'string' ? scenarios.find((s) => s.name === b.scenario) : b.scenario;
  return src ? applyOverrides(src, b.overrides) : null;
}

/**
 * The draft after an import: the returned scenario becomes the form's base.
 * The first import takes the edits so far into it (they were sent); a
 * re-import keeps the edits made since, except those of the replaced traced
 * workloads (the other workloads keep their places: withContigTrace lists them first).
 */
export function withTrace(draft: ExperimentDraft, base: Scenario, imported: Scenario, trace: Omit<TraceDraft, 'before'>): ExperimentDraft {
  if (!draft.trace) {
    return { ...draft, scenario: imported, overrides: {}, trace: { ...trace, before: { scenario: draft.scenario ?? imported.name, overrides: draft.overrides } } };
  }
  const traced = new Set(base.workloads.flatMap((w, i) => (w.kind === 'contigTrace' ? [String(i)] : [])));
  const overrides = Object.fromEntries(Object.entries(draft.overrides).filter(([k]) => !(k.startsWith('workloads.') && traced.has(k.split('.')[1]!))));
  return { ...draft, scenario: imported, overrides, trace: { ...trace, before: draft.trace.before } };
}

/** Back to the form as it was before the trace. */
export function withoutTrace(draft: ExperimentDraft): ExperimentDraft {
  if (!draft.trace) return draft;
  return { ...draft, scenario: draft.trace.before.scenario, overrides: draft.trace.before.overrides, trace: null };
}

/** Set or clear an override: a value equal to the base scenario's is not an override. */
export function setOverride(draft: ExperimentDraft, base: Scenario, path: string, value: unknown): ExperimentDraft {
  const overrides = { ...draft.overrides };
  if (same(getPath(base, path), value)) delete overrides[path];
  else overrides[path] = value;
  return { ...draft, overrides };
}

/** What a parameter shows: explicit value, else the preset's, else the default. */
export function paramValue(spec: ParamSpec, choice: PolicyChoice, info: PolicyInfo | undefined): ParamValue {
  if (spec.key in choice.values) return choice.values[spec.key]!;
  const preset = choice.preset ? info?.presets?.find((p) => p.name === choice.preset) : undefined;
  if (preset && spec.key in preset.values) return preset.values[spec.key]!;
  return spec.default;
}

/** Set a parameter; setting it back to what the preset/default gives removes the explicit value. */
export function setParam(choice: PolicyChoice, spec: ParamSpec, value: ParamValue, info: PolicyInfo | undefined): PolicyChoice {
  const values = { ...choice.values };
  delete values[spec.key];
  const implied = paramValue(spec, { ...choice, values }, info);
  if (!(typeof value === 'number' && Number.isNaN(value)) && implied === value) return { ...choice, values };
  return { ...choice, values: { ...values, [spec.key]: value } };
}

export interface BuiltConfig {
  config: RunConfigInput;
  /** Problems found before asking main, keyed like main's fieldErrors. */
  localErrors: Record<string, string>;
  tags: string[];
}

export function buildConfig(draft: ExperimentDraft, policies: readonly PolicyInfo[]): BuiltConfig {
  const localErrors: Record<string, string> = {};
  const seeds = parseSeeds(draft.seedsText);
  if (!seeds.ok) localErrors['config.seeds'] = seeds.error;

  let sweep: RunConfigInput['sweep'];
  if (draft.sweep.enabled) {
    const info = policies.find((p) => p.name === draft.sweep.policy);
    const spec = info?.params.find((s) => s.key === draft.sweep.key);
    if (!draft.sweep.policy) localErrors['config.sweep.policy'] = 'pick the policy to sweep';
    else if (!draft.sweep.key) localErrors['config.sweep.key'] = 'pick the parameter to sweep';
    const type = draft.sweep.key === 'preset' ? 'enum' : (spec?.type ?? 'number');
    const values = parseSweepValues(draft.sweep.valuesText, type);
    if (!values.ok) localErrors['config.sweep.values'] = values.error;
    else sweep = { policy: draft.sweep.policy, key: draft.sweep.key, values: values.value };
  }

  const config: RunConfigInput = {
    scenario: draft.scenario ?? '',
    overrides: draft.overrides,
    policies: draft.policies.map((c) => {
      const params: Params = {};
      if (c.preset) params['preset'] = c.preset;
      for (const [k, v] of Object.entries(c.values)) {
        // A swept key varies per run; sending a fixed value too would be a contradiction main rejects.
        if (sweep && sweep.policy === c.name && sweep.key === k) continue;
        params[k] = v;
      }
      if (sweep && sweep.policy === c.name && sweep.key === 'preset') delete params['preset'];
      return { name: c.name, params };
    }),
    seeds: seeds.ok ? seeds.value : [],
    baseline: draft.baseline,
  };
  if (sweep) config.sweep = sweep;
  const tags = draft.tagsText
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  return { config, localErrors, tags };
}

/** Draft that re-creates a stored run's inputs (scenario object, policy, params, seed). */
export function draftFromRun(run: { scenario: Scenario; policy: { name: string }; params: Params; seed: number }, info: PolicyInfo | undefined): ExperimentDraft {
  const values: Params = {};
  const preset = typeof run.params['preset'] === 'string' ? (run.params['preset'] as string) : null;
  const choice: PolicyChoice = { name: run.policy.name, preset, values: {} };
  for (const spec of info?.params ?? []) {
    const v = run.params[spec.key];
    if (v !== undefined && v !== paramValue(spec, choice, info)) values[spec.key] = v;
  }
  return { ...emptyDraft(), scenario: run.scenario, policies: [{ ...choice, values }], seedsText: String(run.seed) };
}

/*
 * RunConfig -> the runs it stands for, or every reason it cannot run.
 * Pure (the catalog is passed in), so the renderer can validate a form as the
 * user types and main validates the same way before `runs:start` queues
 * anything. Every error names its field by a dotted path starting at
 * "config."; a scenario field changed through `overrides` is reported at the
 * override's key, so the error lands beside the form field that set it.
 *
 * Expansion order: policies as listed (a swept policy not listed is appended,
 * as `cmawb compare --sweep` does), each swept policy once per value, each row
 * once per seed.
 */
import { checkParam, ParamError, resolveParams, type PolicyManifest } from '../engine/policy/manifest.ts';
import type { ParamValue, Params } from '../engine/result.ts';
import { duplicateWorkloadName, pageblockMiB, regionProblem, ScenarioSchema, type Scenario } from '../engine/scenario/schema.ts';
import { wordIssue } from './issue-words.ts';
import { fieldUnit } from './field-units.ts';
import type { z } from 'zod';
import { RunConfigSchema, type RunConfig } from './schemas.ts';
import type { FieldError, PlannedRun, ValidateResult } from './types.ts';

export interface RunConfigCatalog {
  scenarios(): readonly Scenario[];
  policies(): readonly PolicyManifest[];
  /** Why a policy that exists cannot be used (a broken plugin), for a better message than "unknown". */
  unavailable?(name: string): string | undefined;
}

/** More would be a mistake in a form (a sweep × many seeds), not an experiment. */
export const MAX_RUNS_PER_START = 500;

/**
 * zod issues -> field errors. An unknown key is reported at the key itself
 * (zod puts it on the parent object), so "machine.foo" lands on that field.
 */
export function issueErrors(
  issues: readonly { code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }[],
  toPath: (path: readonly PropertyKey[]) => string,
): FieldError[] {
  const out: FieldError[] = [];
  for (const i of issues) {
    if (i.code === 'unrecognized_keys' && i.keys?.length) {
      for (const k of i.keys) out.push({ path: toPath([...i.path, k]), message: `unknown field "${k}"` });
    } else {
      out.push({ path: toPath(i.path), message: withUnit(wordIssue(i.message), i.path) });
    }
  }
  return out;
}

/** "must be at most 65536" on memMiB says "65536 MiB": the unit is in the field's name. */
function withUnit(message: string, path: readonly PropertyKey[]): string {
  const unit = fieldUnit(String(path[path.length - 1] ?? ''));
  if (!unit || !/^must be (at least|at most|more than|less than) -?[\d.e+]+$/.test(message)) return message;
  return unit === '/s' ? `${message}/s` : `${message} ${unit}`;
}

/** zod issue paths -> "a.b.0.c". */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  const rest = path.map((p) => String(p)).join('.');
  return rest ? `${prefix}.${rest}` : prefix;
}

function invalid(errors: FieldError[]): ValidateResult {
  return { ok: false, errors, runs: [], scenario: null };
}

export function validateRunConfig(raw: unknown, catalog: RunConfigCatalog): ValidateResult {
  const errors: FieldError[] = [];
  const config = parseFields(raw, errors);
  if (!config) return invalid(errors);

  const scenario = resolveScenario(config, catalog, errors);
  const manifests = new Map(catalog.policies().map((m) => [m.name, m] as const));
  const known = [...manifests.keys()];

  // Policies as listed, each with the user's values checked key by key.
  const entries: { name: string; given: Params; index: number | null }[] = [];
  config.policies.forEach((p, i) => {
    const m = manifests.get(p.name);
    if (!m) {
      const why = catalog.unavailable?.(p.name);
      errors.push({
        path: `config.policies.${i}.name`,
        message: why ? `policy "${p.name}" cannot be used: ${why}` : `unknown policy "${p.name}"; known: ${known.join(', ') || 'none'}`,
      });
      return;
    }
    for (const [key, value] of Object.entries(p.params)) {
      const msg = paramProblem(m, key, value);
      if (msg) errors.push({ path: `config.policies.${i}.params.${key}`, message: msg });
    }
    entries.push({ name: p.name, given: p.params, index: i });
  });

  const sweep = config.sweep;
  if (sweep) {
    const m = manifests.get(sweep.policy);
    if (!m) {
      errors.push({ path: 'config.sweep.policy', message: `unknown policy "${sweep.policy}"; known: ${known.join(', ') || 'none'}` });
    } else if (sweep.key !== 'preset' && !m.params.some((s) => s.key === sweep.key)) {
      const keys = [...m.params.map((s) => s.key), 'preset'].join(', ');
      errors.push({ path: 'config.sweep.key', message: `${m.name} has no parameter "${sweep.key}" (parameters: ${keys})` });
    } else {
      sweep.values.forEach((v, j) => {
        const msg = paramProblem(m, sweep.key, v);
        if (msg) errors.push({ path: `config.sweep.values.${j}`, message: msg });
      });
      const seen = new Set<ParamValue>();
      sweep.values.forEach((v, j) => {
        if (seen.has(v)) errors.push({ path: `config.sweep.values.${j}`, message: `${String(v)} is listed twice` });
        seen.add(v);
      });
      entries.forEach((e) => {
        if (e.name === sweep.policy && sweep.key in e.given) {
          errors.push({
            path: `config.policies.${e.index}.params.${sweep.key}`,
            message: `${sweep.key} is swept; remove the fixed value or the sweep`,
          });
        }
      });
      if (!entries.some((e) => e.name === sweep.policy)) entries.push({ name: sweep.policy, given: {}, index: null });
    }
  }

  const seeds = config.seeds ?? [];
  seeds.forEach((s, i) => {
    if (seeds.indexOf(s) !== i) errors.push({ path: `config.seeds.${i}`, message: `seed ${s} is listed twice` });
  });

  if (errors.length || !scenario || !config.seeds) return { ok: false, errors, runs: [], scenario };

  const rows = planRows(entries, manifests, sweep, errors);
  const total = rows.length * seeds.length;
  if (total > MAX_RUNS_PER_START) {
    errors.push({ path: 'config.seeds', message: `${total} runs (${rows.length} rows × ${seeds.length} seeds); at most ${MAX_RUNS_PER_START} at once` });
  }
  if (errors.length) return { ok: false, errors, runs: [], scenario };
  const runs: PlannedRun[] = [];
  for (const row of rows) for (const seed of seeds) runs.push({ ...row, seed });
  return { ok: true, errors: [], runs, scenario };
}

type FieldwiseConfig = Partial<RunConfig> & Pick<RunConfig, 'overrides' | 'baseline'> & { policies: RunConfig['policies'] };

/**
 * Each top-level field on its own, so one malformed field (no seeds yet)
 * does not hide the errors of the others (an unknown policy). Null only when
 * the config is not an object at all.
 */
function parseFields(raw: unknown, errors: FieldError[]): FieldwiseConfig | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ path: 'config', message: 'expected a run configuration object' });
    return null;
  }
  const obj = raw as Record<string, unknown>;
  const shape = RunConfigSchema.shape;
  for (const key of Object.keys(obj)) {
    if (!(key in shape)) errors.push({ path: `config.${key}`, message: `unknown field "${key}"` });
  }
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const r = (schema as z.ZodType).safeParse(obj[key]);
    if (r.success) out[key] = r.data;
    else errors.push(...issueErrors(r.error.issues, (p) => joinPath(`config.${key}`, p)));
  }
  out['policies'] ??= [];
  return out as FieldwiseConfig;
}

/** The parsed config as well, for callers that go on to start runs. */
export function parseRunConfig(raw: unknown): RunConfig | null {
  const r = RunConfigSchema.safeParse(raw);
  return r.success ? r.data : null;
}

function paramProblem(m: PolicyManifest, key: string, value: ParamValue): string | null {
  if (key === 'preset') {
    const presets = m.presets ?? [];
    if (presets.some((p) => p.name === value)) return null;
    return `unknown preset "${String(value)}" (presets of ${m.name}: ${presets.map((p) => p.name).join(', ') || 'none'})`;
  }
  const spec = m.params.find((s) => s.key === key);
  if (!spec) return `${m.name} has no parameter "${key}" (parameters: ${m.params.map((s) => s.key).join(', ')}, preset)`;
  try {
    checkParam(spec, value);
    return null;
  } catch (e) {
    if (e instanceof ParamError) return e.message;
    throw e;
  }
}

function planRows(
  entries: { name: string; given: Params; index: number | null }[],
  manifests: Map<string, PolicyManifest>,
  sweep: RunConfig['sweep'],
  errors: FieldError[],
): Omit<PlannedRun, 'seed'>[] {
  const rows: Omit<PlannedRun, 'seed'>[] = [];
  const repeated = (name: string) => entries.filter((e) => e.name === name).length > 1;
  for (const e of entries) {
    const m = manifests.get(e.name)!;
    const given = Object.entries(e.given).map(([k, v]) => `${k}=${String(v)}`);
    const base = repeated(e.name) ? `${e.name} ${given.join(' ') || 'defaults'}` : e.name;
    const values: (ParamValue | undefined)[] = sweep && sweep.policy === e.name ? sweep.values : [undefined];
    for (const v of values) {
      const params = resolveParams(m, v === undefined ? e.given : { ...e.given, [sweep!.key]: v });
      const label = v === undefined ? base : `${base} ${sweep!.key}=${String(v)}`;
      const dup = rows.find((r) => r.policy === e.name && sameParams(r.params, params));
      if (dup) {
        const at = e.index === null ? 'config.sweep' : `config.policies.${e.index}`;
        errors.push({ path: at, message: `"${label}" runs the same parameters as "${dup.label}"` });
        continue;
      }
      rows.push({ label, policy: e.name, params });
    }
  }
  return rows;
}

function sameParams(a: Params, b: Params): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Base scenario (by name or object), overrides applied, then the scenario schema; errors pushed. */
function resolveScenario(config: FieldwiseConfig, catalog: RunConfigCatalog, errors: FieldError[]): Scenario | null {
  let base: unknown;
  if (config.scenario === undefined) return null;
  if (typeof config.scenario === 'string') {
    const found = catalog.scenarios().find((s) => s.name === config.scenario);
    if (!found) {
      const names = catalog.scenarios().map((s) => s.name);
      errors.push({ path: 'config.scenario', message: `unknown scenario "${config.scenario}"; known: ${names.join(', ') || 'none'}` });
      return null;
    }
    base = found;
  } else {
    base = config.scenario;
  }
  const merged = structuredClone(base) as Record<string, unknown>;
  const keys = Object.keys(config.overrides);
  let overridesOk = true;
  for (const key of keys) {
    const problem = setPath(merged, key, config.overrides[key]);
    if (problem) {
      errors.push({ path: `config.overrides.${key}`, message: problem });
      overridesOk = false;
    }
  }
  // Checked even after a bad override, so the other fields' errors show too.
  const r = ScenarioSchema.safeParse(merged);
  if (!r.success) {
    errors.push(...issueErrors(r.error.issues, (p) => scenarioErrorPath(p, keys)));
    return null;
  }
  if (!overridesOk) return null;
  const m = r.data.machine;
  // Every built-in policy reserves a region; 0 (none) is for a scenario file and a policy that reserves none.
  const region = m.regionMiB === 0 ? `must be at least one pageblock (${pageblockMiB(m)} MiB on ${m.platform}): every built-in policy reserves its region` : regionProblem(m);
  if (region) {
    errors.push({ path: scenarioErrorPath(['machine', 'regionMiB'], keys), message: region });
    return null;
  }
  const dup = duplicateWorkloadName(r.data.workloads);
  if (dup) {
    errors.push({ path: scenarioErrorPath(['workloads', dup.index, 'name'], keys), message: dup.message });
    return null;
  }
  return r.data;
}

/** An issue inside an overridden field belongs to that override; anything else to the scenario. */
function scenarioErrorPath(path: readonly PropertyKey[], overrideKeys: readonly string[]): string {
  const p = path.map(String).join('.');
  const key = overrideKeys.filter((k) => p === k || p.startsWith(k + '.')).sort((a, b) => b.length - a.length)[0];
  return key !== undefined ? `config.overrides.${key}` : joinPath('config.scenario', path);
}

/** Set obj[a][b][0][c] = value for "a.b.0.c"; the parent must exist. Returns a problem or null. */
function setPath(obj: Record<string, unknown>, path: string, value: unknown): string | null {
  const parts = path.split('.');
  if (parts.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) return `"${path}" is not a scenario field path`;
  let cur: unknown = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next: unknown = (cur as Record<string, unknown>)[parts[i]!];
    if (next === null || typeof next !== 'object') return `the scenario has no "${parts.slice(0, i + 1).join('.')}"`;
    cur = next;
  }
  const last = parts[parts.length - 1]!;
  if (Array.isArray(cur) && !(Number.isInteger(Number(last)) && Number(last) >= 0 && Number(last) < cur.length)) {
    return `"${parts.slice(0, -1).join('.')}" has no element ${last}`;
  }
  (cur as Record<string, unknown>)[last] = value;
  return null;
}

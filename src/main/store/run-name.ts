/*
 * Run names: "<scenario> / <policy> seed <seed>" ("#" is for run ids), where
 * the scenario part lists the fields changed from the built-in scenario and
 * the policy part the parameters changed from their defaults, so runs of a
 * sweep or an edited scenario can be told apart in every list.
 */
import type { PolicyManifest } from '../../engine/policy/manifest.ts';
import type { Params, RunInput } from '../../engine/result.ts';
import { CUSTOM_SUFFIX } from '../../engine/scenario/custom.ts';
import { findScenario } from '../../engine/scenario/library.ts';
import { isContigWorkload, type Scenario } from '../../engine/scenario/schema.ts';

/** Changes shown in a name; the rest are counted. */
const MAX_NAMED_CHANGES = 3;
/** Fields that describe a scenario rather than configure it. */
const DESCRIPTIVE = new Set(['name', 'title', 'description', 'source']);

export function runName(scenario: string, policy: string, seed: number): string {
  return `${scenario} / ${policy} seed ${seed}`;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function listChanges(changes: string[]): string {
  const named = changes.slice(0, MAX_NAMED_CHANGES).join(', ');
  const more = changes.length - MAX_NAMED_CHANGES;
  return more > 0 ? `${named}, +${more} more` : named;
}

/** "key=value" for each parameter that differs from its default (or from the preset's value). */
export function paramChanges(manifest: PolicyManifest, params: Params): string[] {
  const base: Params = {};
  for (const spec of manifest.params) base[spec.key] = spec.default;
  const out: string[] = [];
  const preset = params['preset'] === undefined ? undefined : manifest.presets?.find((p) => p.name === params['preset']);
  if (preset) {
    Object.assign(base, preset.values);
    out.push(`preset=${preset.name}`);
  }
  for (const spec of manifest.params) {
    const v = params[spec.key];
    if (v !== undefined && v !== base[spec.key]) out.push(`${spec.key}=${show(v)}`);
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function diff(base: Json | undefined, edited: Json | undefined, path: string, out: string[]): void {
  if (isObject(base) && isObject(edited)) {
    for (const key of new Set([...Object.keys(base), ...Object.keys(edited)])) {
      if (path === '' && DESCRIPTIVE.has(key)) continue;
      diff(base[key], edited[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (JSON.stringify(base) !== JSON.stringify(edited)) out.push(`${path}=${edited === undefined ? '(unset)' : show(edited)}`);
}

/**
 * Fields of `edited` that differ from `base`, as `--scenario-set` paths: workloads by name
 * (make-j16.anonMiBPerUnit=40), the rest by field path (machine.memMiB=1024).
 */
export function scenarioChanges(base: Scenario, edited: Scenario): string[] {
  const out: string[] = [];
  const traces = edited.workloads.filter((w) => w.kind === 'contigTrace');
  if (traces.length) {
    // A replayed trace stands in for the contiguous clients: one change naming it, then the rest compared.
    const from = [...new Set(traces.map((w) => w.from ?? w.name))];
    out.push(`trace ${from.join(', ')}`);
    base = { ...base, workloads: base.workloads.filter((w) => !isContigWorkload(w)) };
    edited = { ...edited, workloads: edited.workloads.filter((w) => w.kind !== 'contigTrace') };
  }
  const { workloads: bw, ...bRest } = base as unknown as { workloads: Json[] } & Record<string, Json>;
  const { workloads: ew, ...eRest } = edited as unknown as { workloads: Json[] } & Record<string, Json>;
  diff(bRest, eRest, '', out);
  const n = Math.max(bw.length, ew.length);
  for (let i = 0; i < n; i++) {
    const b = bw[i];
    const e = ew[i];
    const label = (w: Json | undefined): string => (isObject(w) && typeof w['name'] === 'string' ? w['name'] : `workloads.${i}`);
    if (b === undefined) out.push(`+${label(e)}`);
    else if (e === undefined) out.push(`-${label(b)}`);
    else if (isObject(b) && isObject(e) && b['kind'] !== e['kind']) out.push(`${label(e)}=${show(e['kind'])}`);
    else diff(b, e, label(e), out);
  }
  return out;
}

/** The built-in scenario a run's scenario was made from: same name, or the name `--scenario-set` gives. */
function builtinOf(scenario: Scenario): Scenario | undefined {
  return findScenario(scenario.name) ?? (scenario.name.endsWith(CUSTOM_SUFFIX) ? findScenario(scenario.name.slice(0, -CUSTOM_SUFFIX.length)) : undefined);
}

/** "cubox-rfc-v2 (make-j16.anonMiBPerUnit=40)": the built-in's name and what was changed in it. */
export function scenarioLabel(scenario: Scenario): string {
  const base = builtinOf(scenario);
  if (!base) return scenario.name;
  const changes = scenarioChanges(base, scenario);
  return changes.length ? `${base.name} (${listChanges(changes)})` : base.name;
}

/** "gcma ratio=0.2": the policy and its parameters that differ from the defaults. */
export function policyLabel(policy: string, manifest: PolicyManifest | undefined, params: Params): string {
  const changes = manifest ? paramChanges(manifest, params) : [];
  return changes.length ? `${policy} ${listChanges(changes)}` : policy;
}

export function defaultRunName(input: RunInput, manifest?: PolicyManifest): string {
  return runName(scenarioLabel(input.scenario), policyLabel(input.policy, manifest, input.params), input.seed);
}

/*
 * Turning flags into engine inputs: which scenario, which policy, which
 * parameters. Every failure is a UsageError that names the culprit and, for
 * names, lists what is known.
 */
import { basename } from 'node:path';
import { parseScenario, ScenarioError, type Scenario } from '../engine/scenario/schema.ts';
import { parseParamValue, resolveParams, ParamError, type PolicyManifest } from '../engine/policy/manifest.ts';
import type { PolicyModule } from '../engine/policy/sdk.ts';
import type { ParamValue, Params } from '../engine/result.ts';
import { closest } from './args.ts';
import { UsageError, type CliContext } from './context.ts';
import { wordScenarioError } from './scenario-set.ts';
import { stripBom } from './files.ts';
import { customNaming } from '../engine/scenario/custom.ts';

/** --scenario NAME or --scenario-file F, exactly one. */
export function resolveScenario(ctx: CliContext, name: string | undefined, file: string | undefined): Scenario {
  if (name !== undefined && file !== undefined) throw new UsageError('give --scenario or --scenario-file, not both');
  if (file !== undefined) return unshadowed(ctx, loadScenarioFile(ctx, file), file);
  if (name === undefined) throw new UsageError('missing --scenario NAME (or --scenario-file FILE); see `cmawb scenarios`');
  const s = ctx.catalog.findScenario(name);
  if (!s) {
    const known = ctx.catalog.scenarios().map((x) => x.name);
    throw new UsageError(unknownName('scenario', name, known));
  }
  return s;
}

/**
 * A scenario file that carries a built-in's name but not its content is
 * renamed NAME-custom (as --scenario-set does), so the archive and the
 * reports never file it under the built-in; a note on stderr says so. An
 * identical copy (e.g. saved from `cmawb scenarios --json`) keeps the name.
 */
function unshadowed(ctx: CliContext, s: Scenario, file: string): Scenario {
  const builtin = ctx.catalog.findScenario(s.name);
  if (!builtin || JSON.stringify(builtin) === JSON.stringify(s)) return s;
  const renamed = { ...s, ...customNaming(s, [`from ${basename(file)}`]) };
  ctx.out.error(`cmawb: note: ${file} differs from the built-in scenario ${s.name}; it runs as ${renamed.name}`);
  return renamed;
}

export function loadScenarioFile(ctx: CliContext, file: string): Scenario {
  let text: string;
  try {
    text = ctx.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `--scenario-file ${file}: no such file` : `--scenario-file ${file}: cannot read (${code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(stripBom(text));
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  // `cmawb scenarios --json` prints every built-in in a list; a file holds one of them.
  if (Array.isArray(json)) {
    throw new UsageError(`${file}: holds a list of ${json.length} scenario${json.length === 1 ? '' : 's'}; keep one object (e.g. jq '.[0]' ${file})`);
  }
  try {
    return parseScenario(json);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${file}: ${wordScenarioError(e.message, json).text}`);
    throw e;
  }
}

export function resolvePolicy(ctx: CliContext, name: string): PolicyModule {
  const p = ctx.catalog.findPolicy(name);
  if (!p) {
    const known = ctx.catalog.policies().map((m) => m.manifest.name);
    throw new UsageError(unknownName('policy', name, known));
  }
  return p;
}

export function unknownName(what: string, name: string, known: readonly string[]): string {
  const near = closest(name, known);
  const hint = near ? ` (did you mean ${near}?)` : '';
  return `unknown ${what} "${name}"${hint}; known: ${known.length ? known.join(', ') : 'none'}`;
}

/** Type one raw --set value by the manifest; "preset" is the preset's name. */
export function parseSetValue(manifest: PolicyManifest, key: string, raw: string): ParamValue {
  const presets = (manifest.presets ?? []).map((p) => p.name);
  if (key === 'preset') {
    if (presets.length === 0) throw new UsageError(`${manifest.name}: unknown preset "${raw}"${namesHint(manifest)}`);
    return raw;
  }
  const spec = manifest.params.find((p) => p.key === key);
  if (!spec) {
    // "preset" is a name the user can give only when the policy has presets.
    const names = [...manifest.params.map((p) => p.key), ...(presets.length ? ['preset'] : [])];
    const near = closest(key, names);
    throw new UsageError(`${manifest.name}: unknown parameter "${key}"${near ? ` (did you mean ${near}?)` : ''}${namesHint(manifest)}`);
  }
  return asUsage(manifest, () => parseParamValue(spec, raw));
}

/** "; parameters: a, b; presets: x, y" or "; it has no parameters and no presets": what the policy does take. */
function namesHint(manifest: PolicyManifest): string {
  const keys = manifest.params.map((p) => p.key);
  const presets = (manifest.presets ?? []).map((p) => p.name);
  if (keys.length === 0 && presets.length === 0) return `; ${manifest.name} has no parameters and no presets`;
  return (keys.length ? `; parameters: ${keys.join(', ')}` : `; no parameters`) + (presets.length ? `; presets (preset=NAME): ${presets.join(', ')}` : '');
}

/** Defaults, then preset, then explicit values, checked against ranges. */
export function resolvePolicyParams(manifest: PolicyManifest, given: Params): Params {
  return asUsage(manifest, () => resolveParams(manifest, given));
}

/** ParamError -> UsageError, always naming the policy the parameter belongs to. */
function asUsage<T>(manifest: PolicyManifest, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    const prefix = `${manifest.name}: `;
    throw new UsageError(e.message.startsWith(prefix) ? e.message : prefix + e.message);
  }
}

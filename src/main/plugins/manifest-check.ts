/*
 * manifest.json of a plugin folder: shape checked with zod, then the rules a
 * schema cannot say (SDK range includes ours, entry file exists inside the
 * folder, defaults within their ranges, presets name known keys with valid
 * values). Every problem is reported with its field path, not just the first,
 * so one edit fixes them all.
 */
import { wordIssue } from '../../shared/issue-words.ts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { checkParam, ParamError, SDK_VERSION, type ParamSpec, type PolicyManifest } from '../../engine/policy/manifest.ts';
import { isInside } from './paths.ts';
import { lineColumn, type PluginProblem } from './problems.ts';
import { parseRange, parseVersion, satisfies } from './semver.ts';

export const MANIFEST_FILE = 'manifest.json';
/** Entry files load as TypeScript (transpiled on load) or JavaScript (as is). */
export const ENTRY_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.js', '.mjs'];
/** Parameter keys the engine sets itself: `preset` selects a preset, `regionPages` comes from the scenario. */
const RESERVED_KEYS = new Set(['preset', 'regionPages']);

/** Plugin names: kebab-case, as policy names appear on the command line (--policies a,b). */
export const PLUGIN_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

const base = {
  key: z.string().regex(KEY, 'a parameter key is a JavaScript identifier (letters, digits, _)'),
  description: z.string().min(1, 'describe the parameter: the UI shows this text'),
  unit: z.string().optional(),
};

const ParamSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.enum(['number', 'integer']), default: z.number(), min: z.number().optional(), max: z.number().optional() }),
  z.strictObject({ ...base, type: z.literal('boolean'), default: z.boolean() }),
  z.strictObject({ ...base, type: z.literal('enum'), default: z.string(), options: z.array(z.string()).min(1) }),
]);

const PresetSchema = z.strictObject({
  name: z.string().min(1),
  models: z.string().min(1, 'say which kernel or vendor tree the preset models'),
  values: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
});

const ManifestSchema = z.strictObject({
  name: z.string().regex(PLUGIN_NAME, 'lower-case letters, digits and single dashes, starting with a letter (e.g. "cma-hysteresis")').max(40),
  version: z.string().refine((v) => parseVersion(v) !== null, 'a semver version x.y.z (e.g. "1.0.0")'),
  description: z.string().min(1, 'one or two sentences on what the policy does'),
  sdk: z.string(),
  entry: z.string().min(1),
  /** The parameter schema inline, or a path (inside the folder) to a JSON file holding it. */
  params: z.union([z.array(z.unknown()), z.string()]),
  presets: z.array(z.unknown()).optional(),
});

export interface ValidManifest {
  manifest: PolicyManifest;
  /** Absolute path of the entry file. */
  entryFile: string;
}

export type ManifestResult = { ok: true; value: ValidManifest; name: string } | { ok: false; name: string | null; problems: PluginProblem[] };

/** Read and validate `<dir>/manifest.json`. `name` is returned when readable, so duplicates and listings can name broken plugins. */
export function checkManifest(dir: string): ManifestResult {
  const file = join(dir, MANIFEST_FILE);
  const problems: PluginProblem[] = [];
  const fail: Fail = Object.assign(
    (message: string, field?: string, at?: { line: number; column: number }): void => {
      problems.push({ phase: 'manifest', file, message, ...(field ? { field } : {}), ...(at ?? {}) });
    },
    { count: () => problems.length },
  );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); a plugin folder needs a ${MANIFEST_FILE}`);
    return { ok: false, name: null, problems };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    fail(`not valid JSON: ${msg}`, undefined, pos ? lineColumn(text, Number(pos[1])) : undefined);
    return { ok: false, name: null, problems };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    fail('must be a JSON object { name, version, description, sdk, entry, params }');
    return { ok: false, name: null, problems };
  }
  const raw = json as Record<string, unknown>;
  const rawName = typeof raw['name'] === 'string' ? raw['name'] : null;
  // Shape problems do not stop the other checks: one pass reports every mistake in the file.
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) for (const issue of parsed.error.issues) fail(issueMessage(issue), issue.path.join('.') || undefined);

  const sdk = raw['sdk'];
  if (typeof sdk === 'string') {
    try {
      parseRange(sdk);
      if (!satisfies(SDK_VERSION, sdk)) {
        fail(`"${sdk}" does not include this workbench's SDK ${SDK_VERSION}; the plugin was written for another SDK line (port it, then set "sdk": "^${SDK_VERSION}")`, 'sdk');
      }
    } catch (e) {
      fail(`not a version range: ${(e as Error).message}`, 'sdk');
    }
  }

  const entry = raw['entry'];
  const entryFile = typeof entry === 'string' && entry ? resolve(dir, entry) : null;
  if (entryFile) {
    if (!isInside(entryFile, dir)) fail(`"${entry}" points outside the plugin folder`, 'entry');
    else if (!ENTRY_EXTENSIONS.includes(extname(entryFile))) fail(`"${entry}": the entry must be a ${ENTRY_EXTENSIONS.join(', ')} file`, 'entry');
    else if (!existsSync(entryFile) || !statSync(entryFile).isFile()) fail(`"${entry}" does not exist in the plugin folder`, 'entry');
  }

  const rawParams = raw['params'];
  const loaded = Array.isArray(rawParams) || typeof rawParams === 'string' ? loadParams(dir, rawParams, fail) : null;
  const params = loaded?.ok ? loaded.specs : null;
  const rawPresets = Array.isArray(raw['presets']) ? (raw['presets'] as unknown[]) : [];
  const presets = loaded ? checkPresets(rawPresets, loaded, fail) : [];
  if (problems.length > 0 || !parsed.success || !params || !entryFile) return { ok: false, name: rawName, problems };
  const m = parsed.data;
  const manifest: PolicyManifest = {
    name: m.name,
    version: m.version,
    description: m.description,
    sdk: m.sdk,
    params,
    ...(m.presets ? { presets } : {}),
  };
  return { ok: true, name: m.name, value: { manifest, entryFile } };
}

interface Fail {
  (message: string, field?: string, at?: { line: number; column: number }): void;
  /** Problems recorded so far, to tell whether one item added any. */
  count(): number;
}

interface LoadedParams {
  /** Parameters whose shape is valid (their values may still be out of range: see ok). */
  specs: ParamSpec[];
  /** Every key that could be read, valid or not, so presets naming a broken parameter are not called unknown. */
  keys: Set<string>;
  ok: boolean;
}

function loadParams(dir: string, raw: unknown[] | string, fail: Fail): LoadedParams | null {
  let list: unknown[];
  let prefix = 'params';
  if (typeof raw === 'string') {
    // "params": "params.json": the schema lives in its own file inside the folder.
    const file = resolve(dir, raw);
    if (!isInside(file, dir)) {
      fail(`"${raw}" points outside the plugin folder`, 'params');
      return null;
    }
    try {
      const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!Array.isArray(json)) {
        fail(`${raw} must hold a JSON array of parameters`, 'params');
        return null;
      }
      list = json;
      prefix = `params (${raw})`;
    } catch (e) {
      fail(`cannot read ${raw}: ${(e as Error).message}`, 'params');
      return null;
    }
  } else {
    list = raw;
  }
  const out: ParamSpec[] = [];
  let ok = true;
  const seen = new Set<string>();
  const keys = new Set<string>();
  list.forEach((item, i) => {
    const key = item && typeof item === 'object' ? (item as { key?: unknown }).key : undefined;
    // A parameter is named by its key where it has one ("params.ratio.max"), by position otherwise (no key, or a repeated one).
    const at = `${prefix}.${typeof key === 'string' && /^\w+$/.test(key) && !keys.has(key) ? key : i}`;
    if (typeof key === 'string') keys.add(key);
    const r = ParamSchema.safeParse(item);
    if (!r.success) {
      ok = false;
      for (const issue of r.error.issues) fail(issueMessage(issue), [at, ...issue.path].join('.'));
      return;
    }
    const p = r.data as ParamSpec;
    const before = fail.count();
    if (seen.has(p.key)) fail(`"${p.key}" is defined twice`, `${at}.key`);
    else if (RESERVED_KEYS.has(p.key)) fail(`"${p.key}" is reserved (the engine sets it)`, `${at}.key`);
    seen.add(p.key);
    if (p.type === 'number' || p.type === 'integer') {
      if (p.min !== undefined && p.max !== undefined && p.min > p.max) fail(`min ${p.min} is above max ${p.max}`, `${at}.min`);
      if (p.min !== undefined && p.default < p.min) fail(`${p.default} is below min ${p.min}`, `${at}.default`);
      if (p.max !== undefined && p.default > p.max) fail(`${p.default} is above max ${p.max}`, `${at}.default`);
      if (p.type === 'integer' && !Number.isInteger(p.default)) fail(`${p.default} is not an integer`, `${at}.default`);
    } else if (p.type === 'enum') {
      const dup = p.options.find((o, j) => p.options.indexOf(o) !== j);
      if (dup !== undefined) fail(`"${dup}" is listed twice`, `${at}.options`);
      if (!p.options.includes(p.default)) fail(`"${p.default}" is not one of the options (${p.options.join(', ')})`, `${at}.default`);
    }
    if (fail.count() > before) ok = false;
    out.push(p);
  });
  return { specs: out, keys, ok };
}

function checkPresets(raw: unknown[], loaded: LoadedParams, fail: Fail): PolicyManifestPresets {
  const params = loaded.specs;
  const out: PolicyManifestPresets = [];
  const names = new Set<string>();
  raw.forEach((item, i) => {
    const name = item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined;
    const at = `presets.${typeof name === 'string' && /^[\w-]+$/.test(name) && !names.has(name) ? name : i}`;
    const r = PresetSchema.safeParse(item);
    if (!r.success) {
      for (const issue of r.error.issues) fail(issueMessage(issue), [at, ...issue.path].join('.'));
      return;
    }
    const preset = r.data;
    if (names.has(preset.name)) fail(`preset "${preset.name}" is defined twice`, `${at}.name`);
    names.add(preset.name);
    for (const [key, value] of Object.entries(preset.values)) {
      const spec = params.find((p) => p.key === key);
      if (!spec && loaded.keys.has(key)) continue;
      if (!spec) {
        fail(`unknown parameter "${key}" (parameters: ${params.map((p) => p.key).join(', ') || 'none'})`, `${at}.values.${key}`);
        continue;
      }
      try {
        checkParam(spec, value);
      } catch (e) {
        if (!(e instanceof ParamError)) throw e;
        // ParamError messages start with the key, which the field path already names.
        fail(e.message.replace(new RegExp(`^${key}: `), ''), `${at}.values.${key}`);
      }
    }
    out.push(preset);
  });
  return out;
}

type PolicyManifestPresets = NonNullable<PolicyManifest['presets']>[number][];

/** zod's messages, phrased for someone editing JSON by hand. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `required (${issue.expected})`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && issue.path[issue.path.length - 1] === 'type') return `must be one of number, integer, boolean, enum`;
  return wordIssue(issue.message).replace(/^Invalid input: /, '');
}

/*
 * A policy's manifest and parameter schema. The UI builds its form from this,
 * the CLI validates `--set key=value` against it, and the archive stores it.
 */
import type { ParamValue, Params } from '../result.ts';

export const SDK_VERSION = '1.6.0';

export interface ParamSpecBase {
  key: string;
  description: string;
  unit?: string;
}

export interface NumberParamSpec extends ParamSpecBase {
  type: 'number' | 'integer';
  default: number;
  min?: number;
  max?: number;
}

export interface BooleanParamSpec extends ParamSpecBase {
  type: 'boolean';
  default: boolean;
}

export interface EnumParamSpec extends ParamSpecBase {
  type: 'enum';
  default: string;
  options: readonly string[];
}

export type ParamSpec = NumberParamSpec | BooleanParamSpec | EnumParamSpec;

export interface PolicyPreset {
  name: string;
  /** Which kernel or vendor tree this preset models, with a source. */
  models: string;
  values: Params;
}

export interface PolicyManifest {
  name: string;
  version: string;
  description: string;
  /** SDK semver range the plugin supports, e.g. "^1.0.0". */
  sdk: string;
  params: readonly ParamSpec[];
  presets?: readonly PolicyPreset[];
}

export class ParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamError';
  }
}

/*
 * Typed values written as text (the CLI's --set, --sweep, --scenario-set and
 * --scenario-sweep) follow one rule: a boolean is written true or false, a
 * number in decimal notation (optional sign, digits, optional fraction and
 * exponent: 32, -1.5, .5, 2e6). 1/0, yes/no, on/off, 0x20, 1_000 and
 * Infinity are refused, so a value never means something other than it reads.
 */
export const BOOLEAN_SPELLING = 'true or false';
export const DECIMAL_SPELLING = 'a decimal number such as 32, 0.5 or 2e6';
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** true / false, else undefined. */
export function parseBooleanWord(raw: string): boolean | undefined {
  const t = raw.trim();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** A number in decimal notation, else undefined. */
export function parseDecimal(raw: string): number | undefined {
  const t = raw.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** Parse a parameter's value written as text, by the rule above; ranges are resolveParams' to check. */
export function parseParamValue(spec: ParamSpec, raw: string): ParamValue {
  if (spec.type === 'enum') return raw;
  if (spec.type === 'boolean') {
    const b = parseBooleanWord(raw);
    if (b === undefined) throw new ParamError(`${spec.key} is a boolean: write ${BOOLEAN_SPELLING}, got "${raw}"`);
    return b;
  }
  const v = parseDecimal(raw);
  if (v === undefined) throw new ParamError(`${spec.key} is ${spec.type === 'integer' ? 'an integer' : 'a number'}: write ${DECIMAL_SPELLING}, got "${raw}"`);
  return v;
}

/**
 * Resolve parameters: defaults, then the preset named by `preset` (if the
 * manifest has presets), then explicit values. Unknown keys and out-of-range
 * values are errors naming the key.
 */
export function resolveParams(manifest: PolicyManifest, given: Params): Params {
  const out: Params = {};
  for (const spec of manifest.params) out[spec.key] = spec.default;
  const presetName = given['preset'];
  if (presetName !== undefined) {
    const preset = manifest.presets?.find((p) => p.name === presetName);
    if (!preset) {
      const names = (manifest.presets ?? []).map((p) => p.name).join(', ') || 'none';
      throw new ParamError(`${manifest.name}: unknown preset "${String(presetName)}" (presets: ${names})`);
    }
    Object.assign(out, preset.values);
    out['preset'] = preset.name;
  }
  for (const [key, value] of Object.entries(given)) {
    if (key === 'preset') continue;
    const spec = manifest.params.find((p) => p.key === key);
    if (!spec) {
      const keys = manifest.params.map((p) => p.key).join(', ');
      throw new ParamError(`${manifest.name}: unknown parameter "${key}" (parameters: ${keys})`);
    }
    out[key] = checkParam(spec, value);
  }
  return out;
}

export function checkParam(spec: ParamSpec, value: ParamValue): ParamValue {
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new ParamError(`${spec.key}: expected a boolean`);
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        throw new ParamError(`${spec.key}: expected one of ${spec.options.join(', ')}, got "${String(value)}"`);
      }
      return value;
    default: {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ParamError(`${spec.key}: expected a number`);
      if (spec.type === 'integer' && !Number.isInteger(value)) throw new ParamError(`${spec.key}: expected an integer, got ${value}`);
      if (spec.min !== undefined && value < spec.min) throw new ParamError(`${spec.key}: ${value} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) throw new ParamError(`${spec.key}: ${value} is above the maximum ${spec.max}`);
      return value;
    }
  }
}

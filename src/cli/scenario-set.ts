/*
 * --scenario-set PATH=VALUE: change fields of the chosen scenario without
 * writing a file, for "what if the build were hungrier" questions. PATH names
 * a field of the scenario (durationS), of its machine (machine.memMiB,
 * machine.swap.sizeMiB) or of one workload by its name
 * (make-j16.anonMiBPerUnit). VALUE is true/false, a decimal number (40, 0.5),
 * JSON ([1, 2]) or else a plain string: the rule of --set (args.ts). The
 * result is validated like a scenario file and renamed NAME-custom, its title
 * listing the changes, so the archive never mistakes it for the built-in.
 */
import { wordIssue } from '../shared/issue-words.ts';
import { customNaming } from '../engine/scenario/custom.ts';
import { parseScenario, ScenarioError, type Scenario } from '../engine/scenario/schema.ts';
import { BOOLEAN_SPELLING, DECIMAL_SPELLING, parseBooleanWord, parseDecimal } from '../engine/policy/manifest.ts';
import { closest, splitAssignment } from './args.ts';
import { UsageError } from './context.ts';

const FLAG = '--scenario-set';

type Fields = Record<string, unknown>;

const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object PATH's last segment is a field of, and where that object sits (for messages). */
function locate(root: Fields, segments: string[], path: string): [Fields, string, string] {
  const workloads = root['workloads'] as Fields[];
  let obj: Fields = root;
  let where = 'the scenario';
  let rest = segments;
  const workload = workloads.find((w) => w['name'] === segments[0]);
  if (segments.length > 1 && workload) {
    obj = workload;
    where = `workload ${segments[0]}`;
    rest = segments.slice(1);
  }
  for (const seg of rest.slice(0, -1)) {
    const next = obj[seg];
    if (!isFields(next)) {
      const names = workloads.map((w) => String(w['name']));
      const hint = obj === root ? `; workloads: ${names.join(', ')}` : '';
      throw new UsageError(`${FLAG} ${path}: "${seg}" is not a group of fields in ${where}${hint}`);
    }
    obj = next;
    where = `${where === 'the scenario' ? '' : `${where} `}${seg}`.trim();
  }
  return [obj, rest[rest.length - 1]!, where];
}

/**
 * VALUE by the rule of --set (args.ts): true/false a boolean, decimal
 * notation a number; a list, object, null or quoted string is JSON; anything
 * else a plain string.
 */
export function parseValue(raw: string): unknown {
  const b = parseBooleanWord(raw);
  if (b !== undefined) return b;
  const n = parseDecimal(raw);
  if (n !== undefined) return n;
  if (/^\s*([[{"]|null\s*$)/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** A field that holds a boolean or a number takes only the spellings of the rule: one line naming the path, type and spellings. */
function checkType(path: string, current: unknown, raw: string, value: unknown): void {
  if (typeof current === 'boolean' && typeof value !== 'boolean') {
    throw new UsageError(`${FLAG} ${path}: the field is a boolean: write ${BOOLEAN_SPELLING}, got "${raw}"`);
  }
  if (typeof current === 'number' && typeof value !== 'number') {
    throw new UsageError(`${FLAG} ${path}: the field is a number: write ${DECIMAL_SPELLING}, got "${raw}"`);
  }
}

export function applyScenarioSets(scenario: Scenario, sets: readonly string[]): Scenario {
  if (sets.length === 0) return scenario;
  const root = structuredClone(scenario) as unknown as Fields;
  const seen = new Set<string>();
  const absent: Absent[] = [];
  for (const raw of sets) {
    const [path, value] = splitAssignment(raw, FLAG, 'path=value');
    if (seen.has(path)) throw new UsageError(`${FLAG} ${path} given twice`);
    seen.add(path);
    const segments = path.split('.');
    if (segments.some((s) => s === '')) throw new UsageError(`${FLAG}: "${path}" is not a field path (e.g. make-j16.anonMiBPerUnit)`);
    const [obj, key, where] = locate(root, segments, path);
    if (key === 'name' || key === 'kind') throw new UsageError(`${FLAG} ${path}: the ${key} of ${where} cannot be changed`);
    // An optional field may be absent; if the schema does not know it either, say so below.
    if (!(key in obj)) absent.push({ path, key, obj, where, keys: Object.keys(obj).filter((k) => k !== 'kind') });
    const parsed = parseValue(value);
    if (key in obj) checkType(path, obj[key], value, parsed);
    obj[key] = parsed;
  }
  Object.assign(root, customNaming(scenario, sets.map((s) => s.trim())));
  try {
    return parseScenario(root);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    const unknown = absent.find((a) => e.message.includes(`Unrecognized key: "${a.key}"`));
    if (unknown) throw new UsageError(noSuchField(root, unknown));
    const worded = wordScenarioError(e.message, root);
    // The field a --scenario-set gave: name it as given, with its value.
    const own = sets.map((raw) => splitAssignment(raw, FLAG, 'path=value')).find(([path]) => worded.field === path);
    if (own) throw new UsageError(`${FLAG} ${own[0]}=${own[1]}: ${worded.problem}`);
    throw new UsageError(`${FLAG}: ${worded.text}`);
  }
}

/**
 * A scenario validation message ("invalid scenario: workloads.1.count: Too
 * small: expected number to be >=1") in the CLI's words: a workload named by
 * its name as --scenario-set names it ("rfc-test.count"), not by position,
 * and the schema library's phrasing turned into a sentence ("must be at least 1").
 */
export function wordScenarioError(message: string, scenario: unknown): { field: string | null; problem: string; text: string } {
  const m = /^invalid scenario: (\S+): ([\s\S]*)$/.exec(message);
  if (!m) return { field: null, problem: message, text: message };
  const field = namedPath(m[1]!, scenario);
  const problem = wordIssue(m[2]!);
  return { field, problem, text: `invalid scenario: ${field}: ${problem}` };
}

function namedPath(path: string, scenario: unknown): string {
  const m = /^workloads\.(\d+)(\..*)?$/.exec(path);
  if (!m || !isFields(scenario)) return path;
  const w = (scenario['workloads'] as unknown[] | undefined)?.[Number(m[1])];
  const name = isFields(w) && typeof w['name'] === 'string' && w['name'] !== '' ? w['name'] : null;
  return name === null ? path : `${name}${m[2] ?? ''}`;
}

interface Absent {
  path: string;
  key: string;
  obj: Fields;
  where: string;
  keys: string[];
}

function noSuchField(root: Fields, a: Absent): string {
  // A workload's field given without the workload: name the workload that has it.
  const owner = a.obj === root ? (root['workloads'] as Fields[]).find((w) => a.key in w) : undefined;
  const near = owner ? `${String(owner['name'])}.${a.key}` : closest(a.key, a.keys);
  return `${FLAG} ${a.path}: ${a.where} has no field "${a.key}"${near ? ` (did you mean ${near}?)` : ''}; fields: ${a.keys.join(', ')}`;
}

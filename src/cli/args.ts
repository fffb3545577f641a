/*
 * Flag parsing for cmawb. Each command declares its flags; anything else is a
 * UsageError naming the flag (with a "did you mean" when one is close), so a
 * typo never silently falls back to a default.
 */
import { UsageError } from './context.ts';

/** bool: present or not; value: exactly once; list: repeatable. */
export type FlagKind = 'bool' | 'value' | 'list';
export type FlagSpecs = Readonly<Record<string, FlagKind>>;

export interface ParsedArgs {
  bools: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: FlagSpecs): ParsedArgs {
  const out: ParsedArgs = { bools: new Set(), values: new Map(), lists: new Map(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      out.bools.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = specs[name];
    if (kind === undefined) throw new UsageError(unknownFlagMessage(name, Object.keys(specs)));
    if (kind === 'bool') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.bools.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A following flag means the value was forgotten; "-1" alone is still a value.
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (kind === 'value') {
      if (out.values.has(name)) throw new UsageError(`--${name} given twice`);
      out.values.set(name, value);
    } else {
      const list = out.lists.get(name) ?? [];
      list.push(value);
      out.lists.set(name, list);
    }
  }
  return out;
}

export function unknownFlagMessage(name: string, known: readonly string[]): string {
  const near = closest(name, known);
  return `unknown flag --${name}` + (near ? ` (did you mean --${near}?)` : '');
}

/** The nearest candidate by edit distance, if it is plausibly a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(best.length / 3)));
  // A prefix, or a prefix but for the last letter ("--policy" for "--policies"), is a plausible slip too.
  if (bestD <= limit || (word.length >= 3 && best.startsWith(word)) || (word.length >= 5 && best.startsWith(word.slice(0, -1)))) return best;
  return undefined;
}

/** Optimal string alignment distance: a swapped pair of letters ("ratoi") counts as one typo. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** A run ID as `runs` subcommands take it: a positive whole number. */
export function parseRunId(raw: string): number {
  if (!/^[1-9]\d*$/.test(raw)) throw new UsageError(`"${raw}" is not a run ID (a positive whole number)`);
  return Number(raw);
}

/** What --json prints on stdout when a command fails (the one-line message stays on stderr). */
export function jsonFailure(message: string, exitCode: number): string {
  return JSON.stringify({ error: message, exitCode });
}

/** --json among a command's flags (not after `--`): its failure is then printed as JSON too. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

export function rejectPositionals(args: ParsedArgs): void {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
}

/** Seeds are uint32 so they map one-to-one onto the engine's RNG seed. */
export function parseSeed(raw: string, flag = '--seed'): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${flag}: expected a non-negative integer, got "${raw}"`);
  const v = Number(raw.trim());
  if (v > 0xffffffff) throw new UsageError(`${flag}: ${raw} is larger than 4294967295`);
  return v;
}

export const MAX_SEEDS = 1000;

/** "1-5", "1,2,7" or a mix ("1-3,9"), in the given order, without repeats. */
export function parseSeedList(raw: string): number[] {
  const seeds: number[] = [];
  for (const part of raw.split(',')) {
    const p = part.trim();
    if (p === '') throw new UsageError(`--seeds: empty entry in "${raw}"`);
    const m = /^(\d+)\s*-\s*(\d+)$/.exec(p);
    if (m) {
      const lo = parseSeed(m[1]!, '--seeds');
      const hi = parseSeed(m[2]!, '--seeds');
      if (hi < lo) throw new UsageError(`--seeds: range ${p} runs backwards`);
      if (hi - lo + 1 > MAX_SEEDS) throw new UsageError(`--seeds: range ${p} has more than ${MAX_SEEDS} seeds`);
      for (let s = lo; s <= hi; s++) seeds.push(s);
    } else {
      seeds.push(parseSeed(p, '--seeds'));
    }
  }
  const unique = [...new Set(seeds)];
  if (unique.length !== seeds.length) throw new UsageError(`--seeds: "${raw}" repeats a seed`);
  if (unique.length > MAX_SEEDS) throw new UsageError(`--seeds: more than ${MAX_SEEDS} seeds`);
  return unique;
}

/** Split "key=value" (the value may itself contain "="). */
export function splitAssignment(raw: string, flag: string, shape = 'key=value'): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag}: expected ${shape}, got "${raw}"`);
  return [raw.slice(0, eq).trim(), raw.slice(eq + 1)];
}

/** --timeout S: wall-clock seconds per run, fractions allowed; 0 turns the watchdog off. */
export function parseTimeout(raw: string, flag = '--timeout'): number {
  const t = raw.trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t)) throw new UsageError(`${flag}: expected seconds (a non-negative number), got "${raw}"`);
  const v = Number(t);
  if (v > 1e7) throw new UsageError(`${flag}: ${raw} s is more than 10000000 s (use 0 for no limit)`);
  return v;
}

/** --jobs N: runs at once, a positive integer. */
export function parseJobs(raw: string, flag = '--jobs'): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw.trim()) < 1) throw new UsageError(`${flag}: expected a positive integer, got "${raw}"`);
  const v = Number(raw.trim());
  if (v > 256) throw new UsageError(`${flag}: ${raw} is more than 256`);
  return v;
}

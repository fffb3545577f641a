/*
 * Seed lists as people type them: "1-5", "1,3,7", "1-3, 10". The same syntax
 * as `cmawb compare --seeds`, so a setting copied from a terminal works here.
 */

export const MAX_SEEDS = 100;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseSeeds(text: string): ParseResult<number[]> {
  const out: number[] = [];
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, error: 'enter at least one seed, e.g. 1 or 1-5' };
  for (const part of parts) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) return { ok: false, error: `"${part}" is not a seed or a range like 1-5` };
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return { ok: false, error: `range "${part}" runs backwards` };
    if (b - a + 1 + out.length > MAX_SEEDS) return { ok: false, error: `at most ${MAX_SEEDS} seeds per experiment` };
    for (let s = a; s <= b; s++) if (!out.includes(s)) out.push(s);
  }
  return { ok: true, value: out };
}

/** Comma-separated sweep values; numbers stay numbers, true/false become booleans. */
export function parseSweepValues(text: string, type: 'number' | 'integer' | 'boolean' | 'enum'): ParseResult<(number | boolean | string)[]> {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length < 2) return { ok: false, error: 'a sweep needs at least two values, separated by commas' };
  if (parts.length > 20) return { ok: false, error: 'at most 20 sweep values' };
  const out: (number | boolean | string)[] = [];
  for (const p of parts) {
    if (type === 'boolean') {
      if (p !== 'true' && p !== 'false') return { ok: false, error: `"${p}": expected true or false` };
      out.push(p === 'true');
    } else if (type === 'enum') {
      out.push(p);
    } else {
      const v = Number(p);
      if (!Number.isFinite(v)) return { ok: false, error: `"${p}" is not a number` };
      if (type === 'integer' && !Number.isInteger(v)) return { ok: false, error: `"${p}" is not an integer` };
      out.push(v);
    }
  }
  return { ok: true, value: out };
}

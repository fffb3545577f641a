/*
 * Aligned plain-text tables: a header, a rule, then rows. Text columns align
 * left, numeric ones right, so a column of latencies reads like `ls -l`.
 */

export type Align = 'left' | 'right';

export interface TableOptions {
  /** Per column; default: left for the first column, right for the rest. */
  align?: readonly Align[];
  /** Spaces between columns. */
  gap?: number;
  /** Leading indent for every line. */
  indent?: string;
}

/** Display width: code points, so µ and ± count as one column. */
export function displayWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function pad(s: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Render rows under a header; returns the lines (no trailing spaces). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const cols = Math.max(header.length, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) {
    widths.push(Math.max(displayWidth(header[c] ?? ''), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  }
  const gap = ' '.repeat(opts.gap ?? 2);
  const indent = opts.indent ?? '';
  const alignOf = (c: number): Align => opts.align?.[c] ?? (c === 0 ? 'left' : 'right');
  const line = (cells: readonly string[]) =>
    (indent + widths.map((w, c) => pad(cells[c] ?? '', w, alignOf(c))).join(gap)).trimEnd();
  const rule = indent + widths.map((w) => '-'.repeat(w)).join(gap);
  return [line(header), rule, ...rows.map(line)];
}

/** "key  value" pairs with the keys padded to one width. */
export function renderPairs(pairs: readonly (readonly [string, string])[], indent = '  '): string[] {
  const w = Math.max(0, ...pairs.map(([k]) => displayWidth(k)));
  return pairs.map(([k, v]) => `${indent}${pad(k, w, 'left')}  ${v}`.trimEnd());
}

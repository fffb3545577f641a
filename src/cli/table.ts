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

/**
 * Render rows under a header; returns the lines (no trailing spaces). A cell
 * may hold several lines ("\n"); its row then takes that many lines.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const cols = Math.max(header.length, ...rows.map((r) => r.length));
  const cellLines = (cell: string | undefined) => (cell ?? '').split('\n');
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) {
    const cells = rows.flatMap((r) => cellLines(r[c]));
    widths.push(Math.max(displayWidth(header[c] ?? ''), ...cells.map(displayWidth)));
  }
  const gap = ' '.repeat(opts.gap ?? 2);
  const indent = opts.indent ?? '';
  const alignOf = (c: number): Align => opts.align?.[c] ?? (c === 0 ? 'left' : 'right');
  const line = (cells: readonly string[]) =>
    (indent + widths.map((w, c) => pad(cells[c] ?? '', w, alignOf(c))).join(gap)).trimEnd();
  const rule = indent + widths.map((w) => '-'.repeat(w)).join(gap);
  const body = rows.flatMap((r) => {
    const split = r.map(cellLines);
    const height = Math.max(1, ...split.map((l) => l.length));
    return Array.from({ length: height }, (_, i) => line(split.map((l) => l[i] ?? '')));
  });
  return [line(header), rule, ...body];
}

/** Greedy word wrap to `width` columns; a word longer than the width gets its own line. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && displayWidth(cur) + 1 + displayWidth(word) > width) {
      lines.push(cur);
      cur = word;
    } else {
      cur = cur ? `${cur} ${word}` : word;
    }
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}

/** "key  value" pairs with the keys padded to one width. */
export function renderPairs(pairs: readonly (readonly [string, string])[], indent = '  '): string[] {
  const w = Math.max(0, ...pairs.map(([k]) => displayWidth(k)));
  return pairs.map(([k, v]) => `${indent}${pad(k, w, 'left')}  ${v}`.trimEnd());
}

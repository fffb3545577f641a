/*
 * Why a contiguous request was blocked, for the drill-down: blocking pfns
 * grouped by cause (most frequent first) and printed the way a kernel
 * engineer reads them, "pfn 0x3f200: long-term GUP pin", with runs of
 * consecutive pfns folded into one range.
 */
import type { BlockingPfn } from '../../shared/types.ts';
import { hexPfn } from './format.ts';

export interface CauseGroup {
  cause: string;
  count: number;
  /** Folded ranges [first, last] in ascending order. */
  ranges: [number, number][];
}

export function groupBlocking(blocking: readonly BlockingPfn[]): CauseGroup[] {
  const by = new Map<string, number[]>();
  for (const b of blocking) {
    const l = by.get(b.cause);
    if (l) l.push(b.pfn);
    else by.set(b.cause, [b.pfn]);
  }
  const out: CauseGroup[] = [];
  for (const [cause, pfns] of by) {
    const sorted = [...new Set(pfns)].sort((a, b) => a - b);
    const ranges: [number, number][] = [];
    for (const p of sorted) {
      const last = ranges[ranges.length - 1];
      if (last && p === last[1] + 1) last[1] = p;
      else ranges.push([p, p]);
    }
    out.push({ cause, count: sorted.length, ranges });
  }
  return out.sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

export function formatBlockingRange([a, b]: [number, number], cause: string): string {
  return a === b ? `pfn ${hexPfn(a)}: ${cause}` : `pfn ${hexPfn(a)}–${hexPfn(b)} (${b - a + 1} pages): ${cause}`;
}

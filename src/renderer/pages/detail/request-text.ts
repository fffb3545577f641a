/*
 * The sentences of a request's drill-down and the table's paging, kept out of
 * the components so they can be tested: what a request's time went to when no
 * pfn held it up (the record counts the pages it moved), counted nouns that
 * agree with their number, and how many rows the table lists.
 */
import type { RequestRecord } from '../../../shared/types.ts';
import { formatCount } from '../../lib/format.ts';

/** "1 candidate range", "3 candidate ranges". */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

/** The work line: candidates tried and what was done to the pages of the range. */
export function workText(r: Pick<RequestRecord, 'candidates' | 'migrated' | 'dropped' | 'written' | 'retries'>): string {
  return `${counted(r.candidates, 'candidate range')} tried, ${counted(r.migrated, 'page')} migrated, ${formatCount(r.dropped)} dropped, ${formatCount(r.written)} written back, ${counted(r.retries, 'retry', 'retries')}`;
}

/**
 * For a request no pfn held up: where its time went instead. Migration,
 * dropping clean pages and writeback are what alloc_contig_range spends time
 * on; with none of them the range was already free.
 */
export function noBlockerText(r: Pick<RequestRecord, 'ok' | 'migrated' | 'dropped' | 'written' | 'retries'>): string {
  if (!r.ok) return 'nothing: no pfn in the range refused to move';
  const work = [
    r.migrated ? `${counted(r.migrated, 'page')} migrated` : null,
    r.dropped ? `${counted(r.dropped, 'clean page')} dropped` : null,
    r.written ? `${counted(r.written, 'page')} written back` : null,
  ].filter((x): x is string => x !== null);
  const retries = r.retries ? `, ${counted(r.retries, 'retry', 'retries')}` : '';
  if (!work.length) return `no blocker: the range was already free, the time is the allocation itself${retries}`;
  return `no blocker: the time went to emptying the range, ${work.join(', ')}${retries}`;
}

/** How many of `total` rows the table lists, and the label of the button that lists more (null when all are listed). */
export function rowPaging(total: number, limit: number, page: number): { shown: number; more: string | null } {
  const shown = Math.min(total, limit);
  const rest = total - shown;
  if (rest <= 0) return { shown, more: null };
  const next = Math.min(rest, page);
  return { shown, more: next === rest ? `Show the other ${formatCount(rest)}` : `Show ${formatCount(next)} more (${formatCount(rest)} not listed yet)` };
}

/** Bar position of a latency on a log scale shared by the table's rows, 0..1; lo and hi bound every latency and bound shown. */
export function logPosition(v: number, lo: number, hi: number): number {
  if (!(v > 0) || !(hi > lo) || !(lo > 0)) return 0;
  return Math.min(1, Math.max(0, Math.log(v / lo) / Math.log(hi / lo)));
}

/**
 * The log scale every latency bar of the table shares: half the smallest
 * latency or bound (so the shortest bar still shows) to the largest; null when
 * no request has a bound. A loop, not Math.min(...values): spreading 100,000s
 * of values into one call overflows the call stack.
 */
export function latencyScale(requests: readonly Pick<RequestRecord, 'latencyNs' | 'boundNs'>[]): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of requests) {
    if (r.boundNs === null) continue;
    for (const x of [r.latencyNs, r.boundNs]) {
      if (!(x > 0)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return hi > 0 ? { lo: lo / 2, hi } : null;
}

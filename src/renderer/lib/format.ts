/*
 * Number formatting for people who read /proc/vmstat: durations in ns/µs/ms/s,
 * sizes in KiB/MiB/GiB (binary units, 4 KiB pages), pfns in hex. Every view
 * formats through here so one run reads the same on every page.
 */

export const PAGE_BYTES = 4096;
const KiB = 1024;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Significant digits that keep a column tidy: 3 for small values, fewer decimals as values grow. */
function trim(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** Duration from nanoseconds: "850 ns", "12.4 µs", "3.21 ms", "1.50 s". */
export function formatNs(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return '–';
  const a = Math.abs(ns);
  if (a < 1e3) return `${trim(ns)} ns`;
  if (a < 1e6) return `${trim(ns / 1e3)} µs`;
  if (a < 1e9) return `${trim(ns / 1e6)} ms`;
  return `${trim(ns / 1e9)} s`;
}

/** Duration from microseconds (the unit of RunSummary latencies). */
export function formatUs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '–';
  return formatNs(us * 1e3);
}

/** Virtual seconds, e.g. an axis or a scrubber position: "0 s", "12.5 s", "4:10". */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  if (Math.abs(s) < 600) return `${trim(s)} s`;
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** Wall-clock remaining time for an ETA: "4 s", "2 min 05 s", "1 h 02 min". */
export function formatEta(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, '0')} s`;
  return `${Math.floor(t / 3600)} h ${String(Math.floor((t % 3600) / 60)).padStart(2, '0')} min`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  const a = Math.abs(bytes);
  if (a < KiB) return `${bytes} B`;
  if (a < MiB) return `${trim(bytes / KiB)} KiB`;
  if (a < GiB) return `${trim(bytes / MiB)} MiB`;
  return `${trim(bytes / GiB)} GiB`;
}

export function formatPages(pages: number | null | undefined): string {
  if (pages === null || pages === undefined || !Number.isFinite(pages)) return '–';
  return formatBytes(pages * PAGE_BYTES);
}

export function formatMiB(mib: number): string {
  return formatBytes(mib * MiB);
}

export function pagesToMiB(pages: number): number {
  return (pages * PAGE_BYTES) / MiB;
}

/** pfn in kernel style: "0x3f200". */
export function hexPfn(pfn: number): string {
  return `0x${Math.max(0, Math.floor(pfn)).toString(16)}`;
}

/** Half-open pfn range as the kernel prints it in alloc_contig_range messages: "[0x3f200, 0x3f600)". */
export function pfnRange(start: number, pages: number): string {
  return `[${hexPfn(start)}, ${hexPfn(start + pages)})`;
}

export function formatPercent(f: number | null | undefined, digits = 1): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '–';
  return `${(f * 100).toFixed(digits)}%`;
}

/** Integer with thousands grouping, as in the CLI tables; a mean over seeds rounds once it is large enough that decimals are noise. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  if (!Number.isInteger(n) && Math.abs(n) < 100) return trim(n);
  return Math.round(n).toLocaleString('en-US');
}

/** Compact rate: "850", "12.3k", "1.2M". */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '–';
  if (r >= 1e6) return `${(r / 1e6).toFixed(1)}M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)}k`;
  return r.toFixed(0);
}

/**
 * Signed value for delta columns: "+1.2 ms", "−3.0%" (true minus sign so
 * columns align). Zero reads "±0.0%" whether it is exactly zero or only
 * rounds to it: "+0.0%" beside "−0.0%" would suggest a direction that is not there.
 */
export function signed(text: string, v: number): string {
  const t = text.replace(/^-/, '');
  if (isZeroText(t)) return `±${t}`;
  if (v > 0) return `+${t}`;
  if (v < 0) return `\u2212${t}`;
  return `±${t}`;
}

/** True when a formatted number shows no non-zero digit ("0.0%", "0.00 ms", "0 pp"). */
export function isZeroText(text: string): boolean {
  return !/[1-9]/.test(text);
}

/** Background slowdown from the completion ratio (1 = no slowdown): "+3.1%", "−0.4%", "±0.0%". */
export function formatSlowdown(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return signed(formatPercent(Math.abs(ratio - 1)), ratio - 1);
}

type Units = readonly (readonly [number, string])[];
const NS_UNITS: Units = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];
const BYTE_UNITS: Units = [
  [GiB, 'GiB'],
  [MiB, 'MiB'],
  [KiB, 'KiB'],
  [1, 'B'],
];

/**
 * A ± half-width in its value's unit and to its value's decimals
 * ("1.64 ms ± 0.21 ms", not "± 210 µs"): the spread is read against the
 * value. Exactly 0 (every seed agreed) is a bare "0", as `cmawb compare`
 * prints it; a spread below the last shown digit reads "< 0.01 ms".
 */
function spreadIn(h: number, ref: number, units: Units, refText: string): string {
  if (h === 0) return '0';
  const [div, unit] = units.find(([d]) => Math.abs(ref) >= d) ?? units[units.length - 1]!;
  const decimals = /\.(\d+)/.exec(refText)?.[1]?.length ?? 0;
  const text = (Math.abs(h) / div).toFixed(decimals);
  if (isZeroText(text)) return `< ${(10 ** -decimals).toFixed(decimals)} ${unit}`;
  return `${text} ${unit}`;
}

/** ± half-width of a latency in µs, in the unit of the mean it belongs to. */
export function formatUsSpread(hUs: number, meanUs: number): string {
  return spreadIn(hUs * 1e3, meanUs * 1e3, NS_UNITS, formatUs(meanUs));
}

/** ± half-width of a page count, as a size in the unit of the mean it belongs to. */
export function formatPagesSpread(hPages: number, meanPages: number): string {
  return spreadIn(hPages * PAGE_BYTES, meanPages * PAGE_BYTES, BYTE_UNITS, formatPages(meanPages));
}

export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Axis tick text: "10.0 ms" -> "10 ms", "1.00 s" -> "1 s" (ticks are round numbers; the zeros are noise). */
export function axisText(text: string): string {
  return text.replace(/\.0+(?=\s|$)/, '');
}

/*
 * Reads the cma tracepoints (include/trace/events/cma.h) from a text trace, as
 * /sys/kernel/tracing/trace, `trace-cmd report` or `perf script` print it, and
 * turns them into contigTrace workloads: one per calling task (pid), since
 * cma_alloc blocks its caller. Three generations of the events are understood:
 *
 *   v4.1+    cma_alloc: pfn=.. page=.. count=.. align=..   (one event, at the end)
 *            cma_release: pfn=.. page=.. count=..
 *   v5.13+   cma_alloc_start: [name=..] count=.. align=..  then cma_alloc (later
 *            renamed cma_alloc_finish): [name=..] pfn=.. page=.. count=.. align=.. [errorno=..]
 *            (cma_alloc_busy_retry between them, one per -EBUSY candidate)
 *   v6.x     cma_alloc_start: name=.. request_count=.. available_count=..
 *            total_count=.. align=..
 *
 * Only start/finish pairs carry a latency; the v4 event gives the request and
 * its outcome, so its requests are replayed without an observed time.
 * Pure text in, plain data out: the engine never touches the file system.
 */
import type { ContigTraceWorkload, TraceRequest } from './schema.ts';

export class TraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceError';
  }
}

export interface TraceImportOptions {
  /** Keep only this CMA area's events (events without a name= field always pass). */
  area?: string;
  /** Where the trace's first request falls in the run, in seconds. */
  startAtS?: number;
}

export interface TraceImport {
  workloads: ContigTraceWorkload[];
  /** Area names seen (name= fields), with their request counts, before filtering. */
  areas: Record<string, number>;
  /** An area's size in pages, where the kernel prints it (total_count, v6.x). */
  areaPages: Record<string, number>;
  requests: number;
  /** Requests the traced kernel failed. */
  failed: number;
  /** Requests with a measured latency (a start and a finish event). */
  timed: number;
  busyRetries: number;
  /** Seconds from the first request to the last event of the trace. */
  spanS: number;
  /** Things the import had to guess or drop, one line each. */
  notes: string[];
}

/** The fields the cma events print that the import reads; the rest (available_count, ...) are skipped. */
interface Fields {
  name: string | undefined;
  count: string | undefined;
  request_count: string | undefined;
  total_count: string | undefined;
  align: string | undefined;
  pfn: string | undefined;
  page: string | undefined;
  errorno: string | undefined;
}
type FieldName = keyof Fields;
const FIELD_NAMES = new Set<string>(['name', 'count', 'request_count', 'total_count', 'align', 'pfn', 'page', 'errorno']);

interface TraceLine {
  lineNo: number;
  cpu: number;
  comm: string;
  pid: string;
  tsS: number;
  event: string;
  // One fixed-shape object per event, not a Map: a long trace holds hundreds of thousands.
  fields: Fields;
}

// ftrace and trace-cmd: "  comm-pid  [cpu] flags  seconds: event: fields"; the tgid column "(  600)" and the flags are optional.
const FTRACE_RE = /^\s*(.*?)-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:[^\s:]+\s+)?(\d+(?:\.\d+)?):\s+(cma_[a-z_]+):\s*(.*)$/;
// perf script: "  comm  pid [cpu] seconds: cma:event: fields".
const PERF_RE = /^\s*(.*?)\s+(\d+)\s+\[(\d+)\]\s+(\d+(?:\.\d+)?):\s+cma:(cma_[a-z_]+):\s*(.*)$/;

function parseLine(raw: string, lineNo: number): TraceLine | null {
  const m = FTRACE_RE.exec(raw) ?? PERF_RE.exec(raw);
  if (!m) return null;
  const fields: Fields = { name: undefined, count: undefined, request_count: undefined, total_count: undefined, align: undefined, pfn: undefined, page: undefined, errorno: undefined };
  // Old kernels pad a NULL %p to the pointer's width: "page=  (null)".
  for (const f of m[6]!.matchAll(/(\w+)=\s*(\S+)/g)) if (FIELD_NAMES.has(f[1]!)) fields[f[1] as FieldName] = f[2]!;
  return { lineNo, cpu: Number(m[3]), comm: m[1]!.trim(), pid: m[2]!, tsS: Number(m[4]), event: m[5]!, fields };
}

/**
 * comm-pid as a workload name: ftrace prints "<...>" when it lost the comm, and
 * dots or slashes ("kworker/u8:3") would read as paths in --scenario-set.
 */
function taskName(comm: string | undefined, pid: string): string {
  const safe = comm === undefined ? 'task' : comm.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `${safe}-${pid}`;
}

const lostComm = (comm: string): boolean => comm === '' || comm === '<...>';

function intField(l: TraceLine, ...keys: FieldName[]): number {
  for (const k of keys) {
    const v = l.fields[k];
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new TraceError(`line ${l.lineNo}: ${l.event}: ${k}=${v} is not a whole number`);
    return n;
  }
  throw new TraceError(`line ${l.lineNo}: ${l.event} has no ${keys.join(' or ')} field`);
}

/** %lx prints hex with no prefix; recent kernels print 0x. Only used to pair allocations with releases. */
function pfnField(l: TraceLine): string {
  const v = l.fields.pfn;
  if (v === undefined) throw new TraceError(`line ${l.lineNo}: ${l.event} has no pfn field`);
  return v.toLowerCase().replace(/^0x/, '');
}

/** A NULL page prints as "(null)", "(nil)", "0000000000000000" or "00000000" depending on the kernel. */
function nullPage(l: TraceLine): boolean {
  const p = l.fields.page;
  return p === undefined || p === '(null)' || p === '(nil)' || /^(0x)?0+$/.test(p);
}

interface Pending {
  tsS: number;
  pages: number;
  align: number;
  area: string | undefined;
}

interface Made {
  pid: string;
  atS: number;
  doneS: number;
  req: TraceRequest;
  pfn: string | null;
}

const MAX_ALIGN = 10;

/** "1 request", "6,500 requests" (en-US grouping, the same on every machine). */
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Text from the bytes of a trace file: UTF-8 or UTF-16 (a byte-order mark says which); binary files are refused. */
export function decodeTrace(bytes: Uint8Array): string {
  const magic = [0x17, 0x08, 0x44];
  if (magic.every((b, i) => bytes[i] === b) && new TextDecoder().decode(bytes.subarray(3, 10)) === 'tracing') {
    throw new TraceError("this is trace-cmd's binary trace.dat; turn it into text with `trace-cmd report FILE > trace.txt` and use that");
  }
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else text = new TextDecoder('utf-8').decode(bytes);
  // A text trace has no NULs; a binary file has them early.
  if (text.slice(0, 65536).includes('\u0000')) {
    throw new TraceError('not a text trace (the file holds binary data); save the text of /sys/kernel/tracing/trace, `trace-cmd report` or `perf script`');
  }
  return text;
}

export function parseCmaTrace(text: string, opts: TraceImportOptions = {}): TraceImport {
  const areas: Record<string, number> = {};
  const areaPages: Record<string, number> = {};
  const notes: string[] = [];
  let lostEvents = 0;
  let overwritten = 0;
  let mentionsCma = 0;

  // Read every cma event first: files made by concatenating per-CPU buffers are not in time order.
  const events: TraceLine[] = [];
  // Line by line without splitting: a day's trace is hundreds of thousands of lines, mostly not cma events.
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = 0; pos <= text.length; i++) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    const lost = /\[LOST (\d+) EVENTS\]/.exec(raw);
    if (lost) lostEvents += Number(lost[1]);
    const entries = /entries-in-buffer\/entries-written:\s*(\d+)\/(\d+)/.exec(raw);
    if (entries) overwritten += Math.max(0, Number(entries[2]) - Number(entries[1]));
    if (!raw.includes('cma_')) continue;
    const l = parseLine(raw, i + 1);
    if (l) events.push(l);
    else if (!mentionsCma && /cma_(alloc|release)/.test(raw) && !raw.trimStart().startsWith('#')) mentionsCma = i + 1;
  }
  if (events.length === 0) {
    if (mentionsCma) {
      throw new TraceError(
        `line ${mentionsCma} mentions a cma event in a layout not understood; give the text of /sys/kernel/tracing/trace, \`trace-cmd report\` or \`perf script\``,
      );
    }
    throw new TraceError(
      'no cma events found; record them with `echo 1 > /sys/kernel/tracing/events/cma/enable` and save /sys/kernel/tracing/trace (or `trace-cmd record -e cma` and `trace-cmd report`)',
    );
  }
  // Each CPU's ring buffer is in time order: a step back within one CPU is another trace (or a reset clock), not a merge.
  const lastOnCpu = new Map<number, TraceLine>();
  for (const e of events) {
    const before = lastOnCpu.get(e.cpu);
    if (before && e.tsS < before.tsS) {
      throw new TraceError(
        `line ${e.lineNo}: the clock goes back on CPU ${e.cpu}, from ${before.tsS} s (line ${before.lineNo}) to ${e.tsS} s: two traces in one file, or a clock reset? Split the file and import each part`,
      );
    }
    lastOnCpu.set(e.cpu, e);
  }
  const inOrder = events.every((e, i) => i === 0 || e.tsS >= events[i - 1]!.tsS);
  if (!inOrder) {
    events.sort((a, b) => a.tsS - b.tsS || a.lineNo - b.lineNo);
    notes.push('the file is not in time order (per-CPU buffers concatenated?): its events were sorted by time');
  }

  // A pid's name: the first comm ftrace did not lose for it.
  const commOf = new Map<string, string>();
  for (const e of events) if (!lostComm(e.comm) && !commOf.has(e.pid)) commOf.set(e.pid, e.comm);
  const namedAreas = events.some((e) => e.fields.name !== undefined);
  const keep = (area: string | undefined): boolean => opts.area === undefined || area === undefined || area === opts.area;

  const open = new Map<string, Pending>();
  const made: Made[] = [];
  const held = new Map<string, Made[]>();
  let busyRetries = 0;
  let unmatchedReleases = 0;
  let unmatchedFinishes = 0;
  let restarted = 0;
  let zeroPages = 0;
  let clampedAlign = 0;
  const add = (m: Made, area: string | undefined): void => {
    if (area !== undefined) areas[area] = (areas[area] ?? 0) + 1;
    if (!keep(area)) return;
    made.push(m);
    if (m.pfn === null) return;
    const key = `${m.pfn}:${m.req.pages}`;
    const list = held.get(key) ?? [];
    list.push(m);
    held.set(key, list);
  };

  for (const l of events) {
    const name = l.fields.name;
    const align = (): number => {
      const a = l.fields.align !== undefined ? intField(l, 'align') : 0;
      if (a > MAX_ALIGN) clampedAlign++;
      return Math.min(a, MAX_ALIGN);
    };
    switch (l.event) {
      case 'cma_alloc_start': {
        const pages = intField(l, 'request_count', 'count');
        if (name !== undefined && l.fields.total_count !== undefined) areaPages[name] = intField(l, 'total_count');
        // A start with one already open: the earlier call's end was lost.
        if (open.has(l.pid)) restarted++;
        open.set(l.pid, { tsS: l.tsS, pages, align: align(), area: name });
        break;
      }
      case 'cma_alloc_busy_retry':
        if (keep(name)) busyRetries++;
        break;
      case 'cma_alloc_finish':
      case 'cma_alloc': {
        const pages = intField(l, 'count');
        const p = open.get(l.pid);
        const ok = l.fields.errorno !== undefined ? Number(l.fields.errorno) === 0 : !nullPage(l);
        if (p && p.pages === pages) {
          // The end of a timed call: cma_alloc_finish, or cma_alloc after cma_alloc_start (v5.13 until the rename).
          open.delete(l.pid);
          if (pages === 0) {
            zeroPages++;
            break;
          }
          const req: TraceRequest = { atMs: 0, pages, alignOrder: p.align, holdMs: null, observedUs: Math.round((l.tsS - p.tsS) * 1e6), observedOk: ok };
          add({ pid: l.pid, atS: p.tsS, doneS: l.tsS, req, pfn: ok ? pfnField(l) : null }, p.area ?? name);
        } else if (l.event === 'cma_alloc') {
          // v4.1-v5.12: one event as cma_alloc returns; no start time, so no latency.
          if (pages === 0) {
            zeroPages++;
            break;
          }
          const req: TraceRequest = { atMs: 0, pages, alignOrder: align(), holdMs: null, observedOk: ok };
          add({ pid: l.pid, atS: l.tsS, doneS: l.tsS, req, pfn: ok ? pfnField(l) : null }, name);
        } else {
          unmatchedFinishes++;
        }
        break;
      }
      case 'cma_release': {
        const list = held.get(`${pfnField(l)}:${intField(l, 'count')}`);
        const m = list?.shift();
        if (!m) {
          if (keep(name)) unmatchedReleases++;
        } else {
          m.req.holdMs = Math.round((l.tsS - m.doneS) * 1e6) / 1e3;
        }
        break;
      }
      default:
        break;
    }
  }

  if (made.length === 0) {
    const known = Object.keys(areas);
    throw new TraceError(
      opts.area !== undefined && known.length
        ? `no allocations in area "${opts.area}"; the trace has ${known.map((a) => `"${a}"`).join(', ')}`
        : 'the trace has cma events but no allocation (cma_alloc, or cma_alloc_start with cma_alloc_finish)',
    );
  }

  // A buffer the device never got: if a policy gets it, the replay gives it back at once.
  let failedNow = 0;
  for (const m of made) {
    if (m.req.observedOk === false) {
      m.req.holdMs = 0;
      failedNow++;
    }
  }

  // Made in the order calls ended; replayed in the order they began.
  made.sort((a, b) => a.atS - b.atS);
  const t0 = made[0]!.atS;
  const byPid = new Map<string, TraceRequest[]>();
  for (const m of made) {
    m.req.atMs = Math.round((m.atS - t0) * 1e6) / 1e3;
    const list = byPid.get(m.pid) ?? [];
    list.push(m.req);
    byPid.set(m.pid, list);
  }
  const startAtS = opts.startAtS ?? 0;
  const workloads: ContigTraceWorkload[] = [...byPid].map(([pid, requests]) => ({ kind: 'contigTrace', name: taskName(commOf.get(pid), pid), requests, startAtS }));

  const neverReleased = made.filter((m) => m.req.holdMs === null).length;
  if (lostEvents) notes.push(`the trace lost ${plural(lostEvents, 'event')} (ring buffer overflow; enlarge /sys/kernel/tracing/buffer_size_kb): requests or releases may be missing`);
  if (overwritten) notes.push(`the ring buffer overwrote ${plural(overwritten, 'older event')} before it was read: the trace may start mid-way`);
  if (opts.area !== undefined && !namedAreas) notes.push(`this kernel prints no area names, so the area filter "${opts.area}" kept every request`);
  if (open.size) notes.push(`${plural(open.size, 'allocation')} started but did not finish before the trace ended (left out)`);
  if (restarted) notes.push(`${plural(restarted, 'task')} started an allocation before its previous one finished (its end was lost; the earlier one is left out)`);
  if (unmatchedFinishes) notes.push(`${plural(unmatchedFinishes, 'allocation end')} without a matching start (left out)`);
  if (zeroPages) notes.push(`${plural(zeroPages, 'request')} for 0 pages (cma_alloc returns at once) left out`);
  if (unmatchedReleases) notes.push(`${plural(unmatchedReleases, 'release')} of buffers allocated before the trace began (ignored)`);
  if (failedNow) notes.push(`${plural(failedNow, 'request')} failed on the device: where a policy succeeds, the replay frees that buffer at once`);
  if (neverReleased) notes.push(`${plural(neverReleased, 'buffer')} never released in the trace: held to the end of the run`);
  if (clampedAlign) notes.push(`${plural(clampedAlign, 'request')} asked for alignment above order ${MAX_ALIGN}; replayed at order ${MAX_ALIGN}`);
  if (made.some((m) => m.req.observedUs === undefined)) notes.push('cma_alloc events (kernels before v5.13) carry no start time: those requests have no observed latency');

  let lastTs = -Infinity;
  for (const e of events) lastTs = Math.max(lastTs, e.tsS);
  return {
    workloads,
    areas,
    areaPages,
    requests: made.length,
    failed: failedNow,
    timed: made.filter((m) => m.req.observedUs !== undefined).length,
    busyRetries,
    spanS: Math.round((lastTs - t0) * 1e6) / 1e6,
    notes,
  };
}

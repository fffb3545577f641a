/*
 * Reads the cma tracepoints (include/trace/events/cma.h) from a text trace, as
 * /sys/kernel/tracing/trace or `trace-cmd report` print it, and turns them into
 * contigTrace workloads: one per calling task, since cma_alloc blocks its
 * caller. Three generations of the events are understood:
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

interface TraceLine {
  lineNo: number;
  task: string;
  tsS: number;
  event: string;
  fields: Map<string, string>;
}

// "  comm-pid  [cpu] flags  seconds: event: fields"; the tgid column "(  600)" and the flags are optional.
const LINE_RE = /^\s*(.*?)-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:[^\s:]+\s+)?(\d+(?:\.\d+)?):\s+(cma_[a-z_]+):\s*(.*)$/;

/**
 * comm-pid as a workload name: ftrace prints "<...>" when it lost the comm, and
 * dots or slashes ("kworker/u8:3") would read as paths in --scenario-set.
 */
function taskName(comm: string, pid: string): string {
  const c = comm.trim();
  const safe = c === '' || c === '<...>' ? 'task' : c.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `${safe}-${pid}`;
}

function parseLine(raw: string, lineNo: number): TraceLine | null {
  const m = LINE_RE.exec(raw);
  if (!m) return null;
  const fields = new Map<string, string>();
  // Old kernels pad a NULL %p to the pointer's width: "page=  (null)".
  for (const f of m[6]!.matchAll(/(\w+)=\s*(\S+)/g)) fields.set(f[1]!, f[2]!);
  return { lineNo, task: taskName(m[1]!, m[2]!), tsS: Number(m[4]), event: m[5]!, fields };
}

function intField(l: TraceLine, ...keys: string[]): number {
  for (const k of keys) {
    const v = l.fields.get(k);
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new TraceError(`line ${l.lineNo}: ${l.event}: ${k}=${v} is not a whole number`);
    return n;
  }
  throw new TraceError(`line ${l.lineNo}: ${l.event} has no ${keys.join(' or ')} field`);
}

/** %lx prints hex with no prefix; recent kernels print 0x. Only used to pair allocations with releases. */
function pfnField(l: TraceLine): string {
  const v = l.fields.get('pfn');
  if (v === undefined) throw new TraceError(`line ${l.lineNo}: ${l.event} has no pfn field`);
  return v.toLowerCase().replace(/^0x/, '');
}

/** A NULL page prints as "(null)", "0000000000000000" or "00000000" depending on the kernel. */
function nullPage(l: TraceLine): boolean {
  const p = l.fields.get('page');
  return p === undefined || p === '(null)' || /^(0x)?0+$/.test(p);
}

interface Pending {
  tsS: number;
  pages: number;
  align: number;
}

interface Made {
  task: string;
  atS: number;
  doneS: number;
  req: TraceRequest;
  pfn: string | null;
}

const MAX_ALIGN = 10;

export function parseCmaTrace(text: string, opts: TraceImportOptions = {}): TraceImport {
  const areas: Record<string, number> = {};
  const open = new Map<string, Pending>();
  const made: Made[] = [];
  const held = new Map<string, Made[]>();
  const notes: string[] = [];
  let busyRetries = 0;
  let unmatchedReleases = 0;
  let unmatchedFinishes = 0;
  let clampedAlign = 0;
  let lastTs = -Infinity;
  let cmaLines = 0;
  let timestampsBackwards = false;
  const add = (m: Made): void => {
    made.push(m);
    if (m.pfn === null) return;
    const key = `${m.pfn}:${m.req.pages}`;
    const list = held.get(key) ?? [];
    list.push(m);
    held.set(key, list);
  };

  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.includes('cma_')) continue;
    const l = parseLine(raw, i + 1);
    if (!l) continue;
    cmaLines++;
    const name = l.fields.get('name');
    if (l.event === 'cma_alloc_start' || l.event === 'cma_alloc') {
      if (name !== undefined) areas[name] = (areas[name] ?? 0) + 1;
    }
    if (opts.area !== undefined && name !== undefined && name !== opts.area) continue;
    if (l.tsS < lastTs) timestampsBackwards = true;
    lastTs = Math.max(lastTs, l.tsS);
    const align = (): number => {
      const a = l.fields.has('align') ? intField(l, 'align') : 0;
      if (a > MAX_ALIGN) clampedAlign++;
      return Math.min(a, MAX_ALIGN);
    };
    switch (l.event) {
      case 'cma_alloc_start':
        open.set(l.task, { tsS: l.tsS, pages: intField(l, 'request_count', 'count'), align: align() });
        break;
      case 'cma_alloc_busy_retry':
        busyRetries++;
        break;
      case 'cma_alloc_finish':
      case 'cma_alloc': {
        const pages = intField(l, 'count');
        const p = open.get(l.task);
        if (p && p.pages === pages) {
          // The end of a timed call: cma_alloc_finish, or cma_alloc after cma_alloc_start (v5.13 until the rename).
          open.delete(l.task);
          const errorno = l.fields.has('errorno') ? Number(l.fields.get('errorno')) : null;
          const ok = errorno !== null ? errorno === 0 : !nullPage(l);
          const observedUs = Math.round((l.tsS - p.tsS) * 1e6);
          add({
            task: l.task,
            atS: p.tsS,
            doneS: l.tsS,
            req: { atMs: 0, pages, alignOrder: p.align, holdMs: null, observedUs, observedOk: ok },
            pfn: ok ? pfnField(l) : null,
          });
        } else if (l.event === 'cma_alloc') {
          // v4.1-v5.12: one event as cma_alloc returns; no start time, so no latency.
          const ok = !nullPage(l);
          add({ task: l.task, atS: l.tsS, doneS: l.tsS, req: { atMs: 0, pages, alignOrder: align(), holdMs: null, observedOk: ok }, pfn: ok ? pfnField(l) : null });
        } else {
          unmatchedFinishes++;
        }
        break;
      }
      case 'cma_release': {
        const key = `${pfnField(l)}:${intField(l, 'count')}`;
        const list = held.get(key);
        const m = list?.shift();
        if (!m) unmatchedReleases++;
        else m.req.holdMs = Math.round((l.tsS - m.doneS) * 1e6) / 1e3;
        break;
      }
      default:
        break;
    }
  }

  if (cmaLines === 0) {
    throw new TraceError(
      'no cma events found; record them with `echo 1 > /sys/kernel/tracing/events/cma/enable` and save /sys/kernel/tracing/trace (or `trace-cmd record -e cma` and `trace-cmd report`)',
    );
  }
  if (made.length === 0) {
    const known = Object.keys(areas);
    throw new TraceError(
      opts.area !== undefined && known.length
        ? `no allocations in area "${opts.area}"; the trace has ${known.map((a) => `"${a}"`).join(', ')}`
        : 'the trace has cma events but no allocation (cma_alloc, or cma_alloc_start with cma_alloc_finish)',
    );
  }
  if (timestampsBackwards) notes.push('timestamps go backwards in places (per-CPU buffers merged out of order?); requests are replayed in time order');

  made.sort((a, b) => a.atS - b.atS);
  const t0 = made[0]!.atS;
  const byTask = new Map<string, TraceRequest[]>();
  for (const m of made) {
    m.req.atMs = Math.round((m.atS - t0) * 1e6) / 1e3;
    const list = byTask.get(m.task) ?? [];
    list.push(m.req);
    byTask.set(m.task, list);
  }
  const startAtS = opts.startAtS ?? 0;
  const workloads: ContigTraceWorkload[] = [...byTask].map(([task, requests]) => ({ kind: 'contigTrace', name: task, requests, startAtS }));

  const neverReleased = made.filter((m) => m.req.observedOk !== false && m.req.holdMs === null).length;
  if (open.size) notes.push(`${open.size} allocation${open.size === 1 ? '' : 's'} started but did not finish before the trace ended (left out)`);
  if (unmatchedFinishes) notes.push(`${unmatchedFinishes} cma_alloc_finish event${unmatchedFinishes === 1 ? '' : 's'} without a matching start (left out)`);
  if (unmatchedReleases) notes.push(`${unmatchedReleases} release${unmatchedReleases === 1 ? '' : 's'} of buffers allocated before the trace began (ignored)`);
  if (neverReleased) notes.push(`${neverReleased} buffer${neverReleased === 1 ? ' is' : 's are'} never released in the trace: held to the end of the run`);
  if (clampedAlign) notes.push(`${clampedAlign} request${clampedAlign === 1 ? '' : 's'} asked for alignment above order ${MAX_ALIGN}; replayed at order ${MAX_ALIGN}`);
  if (made.some((m) => m.req.observedUs === undefined)) notes.push('cma_alloc events (kernels before v5.13) carry no start time: those requests have no observed latency');

  return {
    workloads,
    areas,
    requests: made.length,
    failed: made.filter((m) => m.req.observedOk === false).length,
    timed: made.filter((m) => m.req.observedUs !== undefined).length,
    busyRetries,
    spanS: Math.round((lastTs - t0) * 1e6) / 1e6,
    notes,
  };
}

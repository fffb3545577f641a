/*
 * One contiguous request run to completion in a client's task: the policy's
 * allocContig generator steps through isolate / migrate / wait, the engine's
 * charged CPU is stretched by CFS (cfs-task.ts) and I/O waits sleep the task.
 * Shared by the generated client (contig.ts) and the trace replay
 * (contig-trace.ts), so both charge a request the same way.
 */
import type { ContigRecord, ContigRequest, ContigStep, Policy } from '../policy/sdk.ts';
import type { RequestRecord } from '../result.ts';
import type { Kernel } from '../kernel.ts';
import type { Simulation } from '../sim/simulation.ts';
import { V } from '../metrics/vmstat.ts';
import { firstPfnNotHeld } from '../migrate/contig.ts';
import { Actor, type ActorEnv } from './actor.ts';
import { CfsTask } from './cfs-task.ts';

export interface RequestDone {
  record: RequestRecord;
  /** cma_release of the buffer (only for a successful request). */
  release: () => void;
}

/** Where every client's requests go: the policy that serves them and the run's request records. */
export interface RequestSink {
  policy: Policy;
  records: RequestRecord[];
  nextId: () => number;
  onRequest?: (r: RequestRecord) => void;
}

export class ContigRequester {
  private readonly k: Kernel;
  private readonly sim: Simulation;
  private readonly task: CfsTask;
  private readonly policy: Policy;

  constructor(
    private readonly client: string,
    env: ActorEnv,
    private readonly sink: RequestSink,
  ) {
    this.k = env.k;
    this.sim = env.sim;
    this.task = new CfsTask(env.k);
    this.policy = sink.policy;
  }

  /** Start a request now; `done` runs at its completion time with its record. */
  request(pages: number, alignOrder: number, deadlineNs: number | null, done: (d: RequestDone) => void): void {
    const req: ContigRequest = { id: this.sink.nextId(), client: this.client, pages, alignOrder, deadlineNs };
    const rec: ContigRecord = {
      startPfn: -1,
      reason: null,
      migrated: 0,
      dropped: 0,
      written: 0,
      retries: 0,
      candidates: 0,
      boundNs: null,
      blocking: [],
    };
    const issuedAt = this.sim.now();
    const gen = this.policy.allocContig(req, rec);
    if (!gen || typeof (gen as { next?: unknown }).next !== 'function') {
      throw new Error(`allocContig returned ${describeValue(gen)}, not a generator: write it as function* (or return the ContigTask of this.contig.cmaAlloc)`);
    }
    const k = this.k;
    const task = this.task;
    task.wake(issuedAt);
    const step = (): void => {
      k.takeCharged();
      const r = gen.next();
      // What the engine charged during the step: CPU (shared) and I/O waits (asleep).
      const { cpuNs, waitNs } = k.takeCharged();
      let wall = task.runPreemptible(cpuNs) + waitNs;
      if (r.done) {
        const ok = r.value;
        if (typeof ok !== 'boolean') throw new Error(`allocContig returned ${describeValue(ok)} at its end: return true (rec.startPfn set) or false (rec.reason set)`);
        if (ok) assertHeldByDevice(k, req, rec);
        this.sim.after(wall, () => done(this.complete(req, rec, ok, issuedAt)));
        return;
      }
      const s: ContigStep = checkedStep(r.value);
      if (typeof s === 'number') wall += task.runPreemptible(s);
      else if ('atomicNs' in s) wall += task.runAtomic(s.atomicNs);
      else {
        this.sim.after(wall, () => {
          task.sleep(this.sim.now());
          this.sim.after(s.sleepNs, () => {
            task.wake(this.sim.now());
            step();
          });
        });
        return;
      }
      this.sim.after(wall, step);
    };
    step();
  }

  private complete(req: ContigRequest, rec: ContigRecord, ok: boolean, issuedAt: number): RequestDone {
    const k = this.k;
    const now = this.sim.now();
    this.task.sleep(now);
    const latency = now - issuedAt;
    k.vm.v[ok ? V.contig_alloc_success : V.contig_alloc_fail]++;
    const record: RequestRecord = {
      id: req.id,
      client: req.client,
      pages: req.pages,
      startNs: issuedAt,
      endNs: now,
      latencyNs: latency,
      ok,
      reason: ok ? null : (rec.reason ?? 'failed'),
      startPfn: ok ? rec.startPfn : -1,
      migrated: rec.migrated,
      dropped: rec.dropped,
      written: rec.written,
      retries: rec.retries,
      candidates: rec.candidates,
      boundNs: rec.boundNs,
      deadlineMissed: req.deadlineNs !== null && latency > req.deadlineNs,
      // Failed: what refused to move. Succeeded: what delayed it (earlier candidates' blockers, long waits).
      blocking: rec.blocking.slice(0, 16),
    };
    this.sink.records.push(record);
    this.sink.onRequest?.(record);
    const release = (): void => {
      k.charged = 0;
      this.policy.releaseContig(rec.startPfn, req.pages);
      k.charged = 0;
    };
    return { record, release };
  }
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : `an object {${Object.keys(v).slice(0, 4).join(', ')}}`;
  return `${typeof v} ${String(v)}`;
}

const isTime = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** A yielded step as the SDK defines it; anything else would corrupt virtual time. */
function checkedStep(s: unknown): ContigStep {
  if (isTime(s)) return s as ContigStep;
  if (typeof s === 'object' && s !== null) {
    const o = s as Record<string, unknown>;
    if ('atomicNs' in o && isTime(o['atomicNs'])) return s as ContigStep;
    if ('sleepNs' in o && isTime(o['sleepNs'])) return s as ContigStep;
  }
  throw new Error(
    `allocContig yielded ${describeValue(s)}: a step is CPU time in ns (a finite number >= 0), sleepStep(ns) or atomicStep(ns)`,
  );
}

/** A request reported done must hold its pages: every pfn of [startPfn, startPfn + pages) allocated to the device. */
function assertHeldByDevice(k: Kernel, req: ContigRequest, rec: ContigRecord): void {
  const end = rec.startPfn + req.pages;
  if (!Number.isInteger(rec.startPfn) || rec.startPfn < 0 || end > k.mem.kind.length) {
    throw new Error(`allocContig returned true with rec.startPfn ${rec.startPfn}: set it to the first pfn of the ${req.pages} pages it allocated`);
  }
  const p = firstPfnNotHeld(k, rec.startPfn, req.pages);
  if (p >= 0) {
    throw new Error(`allocContig returned true for pfns ${rec.startPfn}-${end - 1}, but pfn ${p} is not allocated to the device: allocate through IContig (cmaAlloc, takeReserved) or IPool.take`);
  }
}

/** A workload that asks for contiguous buffers: finite, not background work, its requests made by one task. */
export abstract class ContigActor extends Actor {
  /** Requests issued so far. */
  protected next = 0;
  protected readonly requester: ContigRequester;

  constructor(name: string, env: ActorEnv, sink: RequestSink) {
    super(name, true, false, env);
    this.requester = new ContigRequester(name, env, sink);
  }
}

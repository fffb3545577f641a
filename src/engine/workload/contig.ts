/*
 * A contiguous-memory client (camera ISP, video codec): issues requests of
 * the configured sizes at an interval, holds each successful buffer, then
 * releases it. Each request runs the policy's allocContig generator in the
 * client's task: blocked while the rest of the system keeps running, and
 * sharing the CPUs with the other runnable tasks under CFS (cfs-task.ts).
 */
import type { ContigWorkload } from '../scenario/schema.ts';
import type { ContigRecord, ContigRequest, ContigStep, Policy } from '../policy/sdk.ts';
import type { RequestRecord } from '../result.ts';
import { V } from '../metrics/vmstat.ts';
import { Actor, type ActorEnv } from './actor.ts';
import { CfsTask } from './cfs-task.ts';

/** CONFIG_CMA_ALIGNMENT: dma_alloc_from_contiguous caps the alignment order at 8. */
export const CMA_ALIGNMENT = 8;

/** dma_alloc_from_contiguous: the buffer's order, capped at CONFIG_CMA_ALIGNMENT; a client may ask for less. */
export function alignOrderFor(pages: number, fixed?: number): number {
  if (fixed !== undefined) return fixed;
  const order = Math.ceil(Math.log2(Math.max(1, pages)));
  return Math.min(order, CMA_ALIGNMENT);
}

export function requestSizes(w: ContigWorkload, rng: { int(n: number): number }): number[] {
  const out: number[] = [];
  if (w.order === 'sequence') for (const s of w.sizes) for (let i = 0; i < w.count; i++) out.push(s);
  else if (w.order === 'cycle') for (let i = 0; i < w.count; i++) out.push(w.sizes[i % w.sizes.length]!);
  else for (let i = 0; i < w.count; i++) out.push(w.sizes[rng.int(w.sizes.length)]!);
  return out;
}

export class ContigClientActor extends Actor {
  private sizes: number[] = [];
  private next = 0;
  private readonly task: CfsTask;

  constructor(
    private readonly w: ContigWorkload,
    env: ActorEnv,
    private readonly policy: Policy,
    private readonly records: RequestRecord[],
    private readonly nextId: () => number,
    private readonly onRequest?: (r: RequestRecord) => void,
  ) {
    super(w.name, true, false, env);
    this.task = new CfsTask(env.k);
  }

  start(): void {
    this.sizes = requestSizes(this.w, this.rng);
    this.sim.at(this.w.startAtS * 1e9, () => this.issue());
  }

  progress(): number {
    return this.next / this.sizes.length;
  }

  private issue(): void {
    if (this.next >= this.sizes.length) {
      this.finish();
      return;
    }
    const pages = this.sizes[this.next++]!;
    const req: ContigRequest = {
      id: this.nextId(),
      client: this.name,
      pages,
      alignOrder: alignOrderFor(pages, this.w.alignOrder),
      deadlineNs: this.w.deadlineMs !== undefined ? this.w.deadlineMs * 1e6 : null,
    };
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
        this.sim.after(wall, () => this.complete(req, rec, ok, issuedAt));
        return;
      }
      const s: ContigStep = r.value;
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

  private complete(req: ContigRequest, rec: ContigRecord, ok: boolean, issuedAt: number): void {
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
    this.records.push(record);
    this.onRequest?.(record);
    const nextAt = Math.max(issuedAt + this.w.intervalMs * 1e6, now + (ok ? this.w.holdMs * 1e6 : 0));
    if (ok) {
      this.sim.at(now + this.w.holdMs * 1e6, () => {
        k.charged = 0;
        this.policy.releaseContig(rec.startPfn, req.pages);
        k.charged = 0;
      });
    }
    this.sim.at(nextAt, () => this.issue());
  }
}

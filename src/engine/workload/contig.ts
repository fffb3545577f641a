/*
 * A contiguous-memory client (camera ISP, video codec): issues requests of
 * the configured sizes at an interval, holds each successful buffer, then
 * releases it. Each request runs the policy's allocContig generator: the
 * client is blocked while the rest of the system keeps running.
 */
import type { ContigWorkload } from '../scenario/schema.ts';
import type { ContigRecord, ContigRequest, Policy } from '../policy/sdk.ts';
import type { RequestRecord } from '../result.ts';
import { V } from '../metrics/vmstat.ts';
import { Actor, type ActorEnv } from './actor.ts';

/** CONFIG_CMA_ALIGNMENT: dma_alloc_from_contiguous caps the alignment order at 8. */
export const CMA_ALIGNMENT = 8;

export function alignOrderFor(pages: number): number {
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

  constructor(
    private readonly w: ContigWorkload,
    env: ActorEnv,
    private readonly policy: Policy,
    private readonly records: RequestRecord[],
    private readonly nextId: () => number,
    private readonly onRequest?: (r: RequestRecord) => void,
  ) {
    super(w.name, true, false, env);
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
      alignOrder: alignOrderFor(pages),
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
    const task = this.policy.allocContig(req, rec);
    const k = this.k;
    const step = (): void => {
      k.charged = 0;
      const r = task.next();
      const cost = k.charged;
      k.charged = 0;
      if (!r.done) {
        this.sim.after(r.value + cost, step);
        return;
      }
      const ok = r.value;
      const endAt = this.sim.now() + cost;
      this.sim.at(endAt, () => this.complete(req, rec, ok, issuedAt));
    };
    step();
  }

  private complete(req: ContigRequest, rec: ContigRecord, ok: boolean, issuedAt: number): void {
    const k = this.k;
    const now = this.sim.now();
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

/*
 * A contiguous-memory client (camera ISP, video codec): issues requests of
 * the configured sizes at an interval, holds each successful buffer, then
 * releases it. Each request runs the policy's allocContig generator in the
 * client's task (ContigRequester): blocked while the rest of the system keeps
 * running, and sharing the CPUs with the other runnable tasks under CFS.
 */
import type { ContigWorkload } from '../scenario/schema.ts';
import type { ActorEnv } from './actor.ts';
import { ContigActor, type RequestSink } from './contig-requester.ts';

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

export class ContigClientActor extends ContigActor {
  private sizes: number[] = [];

  constructor(
    private readonly w: ContigWorkload,
    env: ActorEnv,
    sink: RequestSink,
  ) {
    super(w.name, env, sink);
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
    const deadlineNs = this.w.deadlineMs !== undefined ? this.w.deadlineMs * 1e6 : null;
    this.requester.request(pages, alignOrderFor(pages, this.w.alignOrder), deadlineNs, (done) => {
      const now = done.record.endNs;
      const holdNs = this.w.holdMs * 1e6;
      if (done.record.ok) this.sim.at(now + holdNs, () => done.release());
      const nextAt = Math.max(done.record.startNs + this.w.intervalMs * 1e6, now + (done.record.ok ? holdNs : 0));
      this.sim.at(nextAt, () => this.issue());
    });
  }
}

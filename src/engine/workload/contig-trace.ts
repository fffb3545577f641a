/*
 * Replays a recorded sequence of contiguous requests (a cma tracepoint trace,
 * see src/engine/scenario/cma-ftrace.ts): each request at its traced time, or
 * as soon as the one before it returns if the simulated policy is slower than
 * the traced kernel was, since cma_alloc blocks its caller. Buffers are held
 * for their traced lifetime from when the simulated allocation returned.
 */
import type { ContigTraceWorkload } from '../scenario/schema.ts';
import type { ActorEnv } from './actor.ts';
import { ContigActor, type RequestSink } from './contig-requester.ts';

export class ContigTraceActor extends ContigActor {

  constructor(
    private readonly w: ContigTraceWorkload,
    env: ActorEnv,
    sink: RequestSink,
  ) {
    super(w.name, env, sink);
  }

  start(): void {
    this.sim.at(this.readyAt(0), () => this.issue());
  }

  progress(): number {
    return this.next / this.w.requests.length;
  }

  private readyAt(i: number): number {
    return (this.w.startAtS * 1e3 + this.w.requests[i]!.atMs) * 1e6;
  }

  private issue(): void {
    const t = this.w.requests[this.next++]!;
    const deadlineNs = this.w.deadlineMs !== undefined ? this.w.deadlineMs * 1e6 : null;
    this.requester.request(t.pages, t.alignOrder, deadlineNs, (done) => {
      const now = done.record.endNs;
      // Never released in the trace: held to the end of the run.
      if (done.record.ok && t.holdMs !== null) this.sim.at(now + t.holdMs * 1e6, () => done.release());
      if (this.next >= this.w.requests.length) {
        this.finish();
        return;
      }
      this.sim.at(Math.max(now, this.readyAt(this.next)), () => this.issue());
    });
  }
}

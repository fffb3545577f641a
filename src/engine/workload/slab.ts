/*
 * Unmovable kernel allocations (slab growth, page tables): a steady rate of
 * order-0 UNMOVABLE pages with exponential lifetimes. They fragment memory by
 * stealing MOVABLE pageblocks through the fallback path.
 */
import type { SlabWorkload } from '../scenario/schema.ts';
import { Actor, type ActorEnv } from './actor.ts';

const TICK_NS = 10e6;

export class SlabActor extends Actor {
  private live = 0;
  private carry = 0;

  constructor(
    private readonly w: SlabWorkload,
    env: ActorEnv,
  ) {
    super(w.name, false, false, env);
  }

  start(): void {
    this.sim.at(this.w.startAtS * 1e9, () => this.tick());
  }

  progress(): number {
    return 0;
  }

  private tick(): void {
    const k = this.k;
    const w = this.w;
    this.carry += (w.pagesPerS * TICK_NS) / 1e9;
    k.charged = 0;
    while (this.carry >= 1 && this.live < w.maxPages) {
      this.carry -= 1;
      const pfn = k.allocKernelPage(this.cpu);
      if (pfn < 0) break;
      this.live++;
      this.sim.after(this.rng.exp(w.lifetimeMs * 1e6), () => {
        k.freeKernelPage(this.cpu, pfn);
        this.live--;
      });
    }
    if (this.carry > 1) this.carry = 1;
    k.charged = 0;
    this.sim.after(TICK_NS, () => this.tick());
  }
}

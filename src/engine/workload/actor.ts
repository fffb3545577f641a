/*
 * Workload actors: each owns a seeded RNG stream and a CPU (its per-CPU lists),
 * schedules its own events, and reports progress. Finite actors (a build, a
 * benchmark) have a completion time: the background-work measure.
 */
import type { Kernel } from '../kernel.ts';
import type { Simulation } from '../sim/simulation.ts';
import type { Rng } from '../sim/rng.ts';

export interface ActorEnv {
  k: Kernel;
  sim: Simulation;
  rng: Rng;
  cpu: number;
  /** Called once when a finite actor completes. */
  onFinish: (a: Actor) => void;
}

export abstract class Actor {
  finishedAt: number | null = null;
  readonly k: Kernel;
  readonly sim: Simulation;
  readonly rng: Rng;
  readonly cpu: number;

  constructor(
    readonly name: string,
    readonly finite: boolean,
    /** Counts toward the background completion time (contiguous clients do not). */
    readonly background: boolean,
    protected readonly env: ActorEnv,
  ) {
    this.k = env.k;
    this.sim = env.sim;
    this.rng = env.rng;
    this.cpu = env.cpu;
  }

  abstract start(): void;
  /** Fraction of the actor's work done, 0..1. */
  abstract progress(): number;

  protected finish(): void {
    if (this.finishedAt !== null) return;
    this.finishedAt = this.sim.now();
    this.env.onFinish(this);
  }

  /** Wall time for `cpuNs` of computation: CFS shares the CPUs among the runnable tasks. */
  protected cpuWall(cpuNs: number): number {
    return cpuNs * this.k.cpuStretch();
  }
}

export const MiB_PAGES = 256;
export const KiB_PER_PAGE = 4;

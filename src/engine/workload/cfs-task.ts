/*
 * The CPU time a task in a kernel path gets under CFS (kernel/sched/fair.c,
 * the vruntime scheduler before EEVDF replaced it in v6.6), for the task that
 * runs a contiguous allocation: a driver's caller, or the shell writing to the
 * GCMA RFC's debugfs evaluation file. It is one more nice-0 task among the
 * build's jobs, not a CPU of its own.
 *
 * - Waking from sleep, place_entity() puts the task sysctl_sched_latency / 2
 *   behind min_vruntime (GENTLE_FAIR_SLEEPERS), so it runs at once for up to
 *   that long: the lag it earned asleep.
 * - After that it gets its fair share: one of `runnable` tasks on `cpus` CPUs.
 * - sysctl_sched_latency is 6 ms scaled by 1 + log2(min(cpus, 8))
 *   (SCHED_TUNABLESCALING_LOG): 18 ms on 4 CPUs, so 9 ms of lag.
 * - Work with no preemption point (a loop under a spinlock, no cond_resched())
 *   is not preempted on PREEMPT_NONE / PREEMPT_VOLUNTARY kernels (the
 *   imx_v6_v7 and most distribution configs): it runs to the end at full speed.
 */
import type { Kernel } from '../kernel.ts';

/** sysctl_sched_latency for a machine with `cpus` CPUs, ns. */
export function schedLatencyNs(cpus: number): number {
  return 6e6 * (1 + Math.floor(Math.log2(Math.min(Math.max(1, cpus), 8))));
}

export class CfsTask {
  /** How far behind min_vruntime the task is: CPU time it may take before sharing. */
  private lagNs = 0;
  /** When it went to sleep, or -1 while runnable. Created asleep. */
  private sleptAt = 0;

  constructor(private readonly k: Kernel) {}

  /** try_to_wake_up: the task earns back the time it slept, up to half a scheduling latency. */
  wake(now: number): void {
    if (this.sleptAt < 0) return;
    this.lagNs = Math.min(schedLatencyNs(this.k.cpus) / 2, this.lagNs + (now - this.sleptAt));
    this.sleptAt = -1;
    this.k.runnable++;
  }

  /** The task blocks (I/O, msleep, request done): it stops competing for the CPUs. */
  sleep(now: number): void {
    if (this.sleptAt >= 0) return;
    this.sleptAt = now;
    this.k.runnable--;
  }

  /** Wall time for `cpuNs` of work that passes cond_resched() points. */
  runPreemptible(cpuNs: number): number {
    const first = Math.min(cpuNs, this.lagNs);
    this.lagNs -= first;
    return first + (cpuNs - first) * this.k.cpuStretch();
  }

  /** Wall time for `cpuNs` of work with no preemption point: all of it, at once. */
  runAtomic(cpuNs: number): number {
    this.lagNs = Math.max(0, this.lagNs - cpuNs);
    return cpuNs;
  }
}

/*
 * Background churn resembling `make -jN` of a kernel: N job slots, each runs
 * one compilation unit at a time (a cc1 process): map the compiler's text, read
 * shared headers and the unit's source, grow an anonymous heap while computing
 * (re-touching part of it every step), optionally hold short-term pins on its
 * pages (pipe/O_DIRECT-like I/O), write the object file, exit. The kernel
 * side: each job's processes hold unmovable pages (stacks, page tables) while
 * they run; the first units create the dentries and inodes the whole build
 * keeps using, and every finished unit leaves a little reclaimable slab.
 * Assumptions: docs/scenarios.md.
 */
import type { KbuildWorkload } from '../scenario/schema.ts';
import { PIN_GUP_SHORT } from '../mm/types.ts';
import { V } from '../metrics/vmstat.ts';
import { Actor, type ActorEnv, KiB_PER_PAGE, MiB_PAGES } from './actor.ts';

const RETOUCH_PER_STEP = 64;

/**
 * The share of its peak heap a cc1 holds at the end of each tenth of its run,
 * averaged over the measured compilation units (docs/measurements/cc1.md):
 * parsing the headers builds most of it early, so the heap is not a straight line.
 */
export const CC1_HEAP_CURVE = [0.11, 0.26, 0.4, 0.52, 0.65, 0.74, 0.83, 0.91, 0.96, 1] as const;
const STEPS_PER_UNIT = CC1_HEAP_CURVE.length;

interface Job {
  map: number;
  /** The job's other processes (make's share, shell, gcc driver): touched when the unit starts. */
  basePages: number;
  /** cc1's peak heap. */
  pages: number;
  touched: number;
  step: number;
  cpuPerStepNs: number;
  unit: number;
  pinsUntil: number;
  /** Headers and source read (step 0 may be retried after a reclaim stall). */
  inputRead: boolean;
  /** The CPU the job's process runs on: its per-CPU page and LRU lists. */
  cpu: number;
  /** Unmovable kernel pages of the job's processes. */
  kernel: number[];
}

export class KbuildActor extends Actor {
  private nextUnit = 0;
  private unitsDone = 0;
  private text = -1;
  private headers = -1;
  private sources = -1;
  private objects = -1;
  private jobsRunning = 0;
  private nextCpu = 0;
  /** Reclaimable slab the build keeps in use until it ends. */
  private heldSlab: number[] = [];
  /** Per-unit slab smaller than a page, carried to the next unit. */
  private slabCarry = 0;

  constructor(
    private readonly w: KbuildWorkload,
    env: ActorEnv,
  ) {
    super(w.name, true, true, env);
  }

  private get srcPages(): number {
    return Math.max(1, Math.ceil(this.w.sourceKiBPerUnit / KiB_PER_PAGE));
  }
  private get textPages(): number {
    return Math.round(this.w.textMiB * MiB_PAGES);
  }
  private get objPages(): number {
    return Math.max(1, Math.ceil(this.w.objKiBPerUnit / KiB_PER_PAGE));
  }

  start(): void {
    const k = this.k;
    const w = this.w;
    if (this.textPages > 0) this.text = k.newFile(this.textPages);
    // The headers live on a filesystem whose metadata pages carry buffer heads.
    this.headers = k.newFile(Math.max(1, Math.round(w.headersMiB * MiB_PAGES)), true);
    this.sources = k.newFile(w.units * this.srcPages);
    this.objects = k.newFile(w.units * this.objPages);
    for (let j = 0; j < w.jobs; j++) this.sim.at(w.startAtS * 1e9, () => this.startUnit());
  }

  progress(): number {
    return this.unitsDone / this.w.units;
  }

  private startUnit(): void {
    const k = this.k;
    const w = this.w;
    if (this.nextUnit >= w.units) {
      if (this.jobsRunning === 0) {
        // Nothing uses the build's dentries and inodes any more: the shrinkers may have them.
        k.slab.release(this.heldSlab);
        this.heldSlab = [];
        this.finish();
      }
      return;
    }
    const unit = this.nextUnit++;
    this.jobsRunning++;
    const pages = Math.max(16, Math.round(this.rng.lognormal(w.anonMiBPerUnit * MiB_PAGES, w.anonCv)));
    const cpuNs = this.rng.lognormal(w.cpuMsPerUnit * 1e6, 0.6);
    const basePages = Math.ceil(w.jobAnonKiB / KiB_PER_PAGE);
    const job: Job = {
      map: k.newAnon(basePages + pages),
      basePages,
      pages,
      touched: 0,
      step: 0,
      cpuPerStepNs: cpuNs / STEPS_PER_UNIT,
      unit,
      pinsUntil: 0,
      inputRead: false,
      // The scheduler spreads jobs over the CPUs; round-robin keeps it deterministic.
      cpu: (this.cpu + this.nextCpu++) % k.cpus,
      kernel: [],
    };
    // fork + exec: the processes' stacks, page tables and structures (unmovable, order 0 here).
    const kernelPages = Math.ceil(w.jobKernelKiB / KiB_PER_PAGE);
    for (let i = 0; i < kernelPages; i++) {
      const pfn = k.allocKernelPage(job.cpu);
      if (pfn < 0) break;
      job.kernel.push(pfn);
    }
    // The first round of units looks up every header and tool for the first time.
    if (unit < w.jobs && w.slabMiB > 0) {
      const share = Math.round((w.slabMiB * MiB_PAGES) / w.jobs);
      for (const pfn of k.slab.growHeld(job.cpu, share)) this.heldSlab.push(pfn);
    }
    k.runnable++;
    if (this.text >= 0) k.maps.mapExec(this.text);
    this.stepJob(job);
  }

  private stepJob(job: Job): void {
    const k = this.k;
    const w = this.w;
    const rng = this.rng;
    const cpu = job.cpu;
    k.charged = 0;
    let ok = true;
    if (!job.inputRead) {
      // exec: fault in the compiler's text (hits only mark it accessed).
      if (this.text >= 0) ok = k.readFile(cpu, this.text, 0, this.textPages);
      const hdrPages = Math.ceil(w.headerKiBPerUnit / KiB_PER_PAGE);
      const hdrSize = k.maps.get(this.headers).length;
      if (ok && hdrPages > 0) ok = k.readFile(cpu, this.headers, rng.int(Math.max(1, hdrSize - hdrPages)), hdrPages);
      ok = ok && k.readFile(cpu, this.sources, job.unit * this.srcPages, this.srcPages);
      job.inputRead = ok;
    }
    // Grow the heap to its share for this step, then re-touch part of the working set.
    const target = job.basePages + Math.ceil(job.pages * CC1_HEAP_CURVE[job.step]!);
    while (ok && job.touched < target) {
      ok = k.touchAnon(cpu, job.map, job.touched);
      if (ok) job.touched++;
    }
    for (let i = 0; ok && i < RETOUCH_PER_STEP && job.touched > 0; i++) ok = k.touchAnon(cpu, job.map, rng.int(job.touched));
    if (!ok) {
      const retryAt = k.reclaimRetryAt();
      if (retryAt >= 0) {
        // Throttled in reclaim: asleep (not runnable) until writeback frees memory, then redo this step.
        k.charged = 0;
        k.runnable--;
        this.sim.at(retryAt, () => {
          k.runnable++;
          this.stepJob(job);
        });
        return;
      }
    }
    if (ok && w.shortPinEveryMs > 0 && w.shortPinPages > 0) this.maybePin(job);
    const cost = k.charged + this.cpuWall(job.cpuPerStepNs);
    k.charged = 0;
    job.step++;
    if (!ok) {
      k.vm.v[V.oom_kill]++;
      job.step = STEPS_PER_UNIT;
    }
    if (job.step < STEPS_PER_UNIT) {
      this.sim.after(cost, () => this.stepJob(job));
      return;
    }
    this.sim.after(cost, () => this.exitJob(job));
  }

  /** Short-term GUP pins on resident pages of this job, released after shortPinMs. */
  private maybePin(job: Job): void {
    const k = this.k;
    const w = this.w;
    const stepMs = job.cpuPerStepNs / 1e6;
    if (this.rng.next() >= Math.min(1, stepMs / w.shortPinEveryMs)) return;
    const until = this.sim.now() + w.shortPinMs * 1e6;
    const slots = k.maps.get(job.map);
    const idxs: number[] = [];
    for (let i = 0; i < w.shortPinPages && job.touched > 0; i++) {
      const idx = this.rng.int(job.touched);
      const pfn = slots[idx]!;
      if (pfn < 0) continue;
      k.pin(pfn, PIN_GUP_SHORT, until);
      idxs.push(idx);
    }
    job.pinsUntil = Math.max(job.pinsUntil, until);
    this.sim.at(until, () => {
      for (const idx of idxs) {
        const pfn = slots[idx]!;
        if (pfn >= 0) k.unpin(job.cpu, pfn);
      }
    });
  }

  private exitJob(job: Job): void {
    const k = this.k;
    // The process waits for its in-flight I/O (pins) before it can exit.
    if (job.pinsUntil > this.sim.now()) {
      this.sim.at(job.pinsUntil, () => this.exitJob(job));
      return;
    }
    k.charged = 0;
    k.writeFile(job.cpu, this.objects, job.unit * this.objPages, this.objPages);
    k.freeAnon(job.cpu, job.map);
    for (const pfn of job.kernel) k.freeKernelPage(job.cpu, pfn);
    this.slabCarry += this.w.slabKiBPerUnit / KiB_PER_PAGE;
    const slabPages = Math.floor(this.slabCarry);
    this.slabCarry -= slabPages;
    if (slabPages > 0) k.slab.grow(job.cpu, slabPages);
    if (this.text >= 0) k.maps.unmapExec(this.text);
    const cost = k.charged;
    k.charged = 0;
    k.runnable--;
    this.jobsRunning--;
    this.unitsDone++;
    this.sim.after(cost, () => this.startUnit());
  }
}

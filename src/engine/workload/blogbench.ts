/*
 * A blogbench-like file workload: writers rewrite whole articles (truncate +
 * write: dirty page cache, writeback, and invalidation of any cleancache copy),
 * readers read random articles (page cache hits, misses, refaults).
 * The benchmark's completion time is its progress measure.
 */
import type { BlogbenchWorkload } from '../scenario/schema.ts';
import { Actor, type ActorEnv, KiB_PER_PAGE } from './actor.ts';

export class BlogbenchActor extends Actor {
  private files: number[] = [];
  private opsDone = 0;
  private actorsLeft = 0;
  private written: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly w: BlogbenchWorkload,
    env: ActorEnv,
  ) {
    super(w.name, true, true, env);
  }

  private get filePages(): number {
    return Math.max(1, Math.ceil(this.w.fileKiB / KiB_PER_PAGE));
  }

  start(): void {
    const w = this.w;
    for (let i = 0; i < w.files; i++) this.files.push(this.k.newFile(this.filePages));
    this.written = new Uint8Array(w.files);
    this.actorsLeft = w.writers + w.readers;
    if (this.actorsLeft === 0) {
      this.sim.at(w.startAtS * 1e9, () => this.finish());
      return;
    }
    for (let i = 0; i < w.writers; i++) this.sim.at(w.startAtS * 1e9, () => this.op(true, 0));
    for (let i = 0; i < w.readers; i++) this.sim.at(w.startAtS * 1e9, () => this.op(false, 0));
  }

  progress(): number {
    const total = this.w.iterations * (this.w.writers + this.w.readers);
    return total > 0 ? this.opsDone / total : 1;
  }

  private op(writer: boolean, iter: number): void {
    const k = this.k;
    const w = this.w;
    if (iter >= w.iterations) {
      if (--this.actorsLeft === 0) this.finish();
      return;
    }
    k.charged = 0;
    k.runnable++;
    const f = this.rng.int(w.files);
    const map = this.files[f]!;
    if (writer) {
      k.truncateFile(this.cpu, map);
      k.writeFile(this.cpu, map, 0, this.filePages);
      this.written[f] = 1;
    } else if (this.written[f]) {
      k.readFile(this.cpu, map, 0, this.filePages);
    }
    k.runnable--;
    const cost = k.charged + this.rng.exp(w.thinkMs * 1e6);
    k.charged = 0;
    this.opsDone++;
    this.sim.after(cost, () => this.op(writer, iter + 1));
  }
}

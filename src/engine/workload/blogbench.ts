/*
 * A blogbench-like file workload: writers rewrite whole articles (truncate +
 * write: dirty page cache, writeback, and invalidation of any cleancache copy),
 * readers read random articles (page cache hits, misses, refaults). Each
 * article's dentry and inode live in reclaimable slab from its creation until
 * a shrinker frees their page; the next open allocates them again.
 * The benchmark's completion time is its progress measure.
 */
import type { BlogbenchWorkload } from '../scenario/schema.ts';
import { Actor, type ActorEnv, KiB_PER_PAGE } from './actor.ts';

export class BlogbenchActor extends Actor {
  private files: number[] = [];
  private opsDone = 0;
  private actorsLeft = 0;
  private written: Uint8Array = new Uint8Array(0);
  /** The slab page holding each article's dentry and inode, or -1 while they are not in memory. */
  private slabPfn: Int32Array = new Int32Array(0);
  /** Articles on each slab page, and the page new ones go to while it has room. */
  private readonly slabArticles = new Map<number, number[]>();
  private slabOpen = -1;

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
    this.slabPfn = new Int32Array(w.files).fill(-1);
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
      this.lookup(f);
      k.truncateFile(this.cpu, map);
      k.writeFile(this.cpu, map, 0, this.filePages);
      this.written[f] = 1;
    } else if (this.written[f]) {
      this.lookup(f);
      k.readFile(this.cpu, map, 0, this.filePages);
    }
    k.runnable--;
    const cost = k.charged + this.rng.exp(w.thinkMs * 1e6);
    k.charged = 0;
    this.opsDone++;
    this.sim.after(cost, () => this.op(writer, iter + 1));
  }

  /** Open article `f`: its dentry and inode come into memory unless they are there already. */
  private lookup(f: number): void {
    if (this.w.slabKiBPerFile === 0 || this.slabPfn[f]! >= 0) return;
    const perPage = Math.floor(KiB_PER_PAGE / this.w.slabKiBPerFile);
    if (this.slabOpen < 0 || this.slabArticles.get(this.slabOpen)!.length >= perPage) {
      this.slabOpen = this.k.slab.growOwned(this.cpu, (pfn) => this.slabFreed(pfn));
      if (this.slabOpen < 0) return;
      this.slabArticles.set(this.slabOpen, []);
    }
    this.slabArticles.get(this.slabOpen)!.push(f);
    this.slabPfn[f] = this.slabOpen;
  }

  /** The shrinker freed a slab page: the articles on it must be looked up again. */
  private slabFreed(pfn: number): void {
    for (const f of this.slabArticles.get(pfn)!) this.slabPfn[f] = -1;
    this.slabArticles.delete(pfn);
    if (pfn === this.slabOpen) this.slabOpen = -1;
  }
}

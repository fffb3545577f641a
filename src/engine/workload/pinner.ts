/*
 * Pinning actors. short: O_DIRECT-like short-term GUP pins on random pages of
 * a long-lived buffer. long: RDMA/io_uring-like registration, a fresh buffer
 * pinned FOLL_LONGTERM for durationMs (with the v5.1 rule, pages in CMA are
 * migrated out first). aio: AIO ring pages, pinned for the ring's lifetime
 * (migratable since v3.12). All repeat every everyMs for the whole run.
 */
import type { PinnerWorkload } from '../scenario/schema.ts';
import { MIGRATE_MOVABLE, PIN_AIO_RING, PIN_GUP_LONG, PIN_GUP_SHORT } from '../mm/types.ts';
import { V } from '../metrics/vmstat.ts';
import type { Migrator } from '../migrate/migrate.ts';
import { Actor, type ActorEnv } from './actor.ts';

export class PinnerActor extends Actor {
  private buffer = -1;
  private rounds = 0;

  constructor(
    private readonly w: PinnerWorkload,
    env: ActorEnv,
    private readonly migrator: Migrator,
  ) {
    super(w.name, false, false, env);
  }

  start(): void {
    this.sim.at(this.w.startAtS * 1e9, () => this.round());
  }

  progress(): number {
    return 0;
  }

  private round(): void {
    const k = this.k;
    const w = this.w;
    k.charged = 0;
    if (w.mode === 'short') {
      if (this.buffer < 0) {
        this.buffer = k.newAnon(w.bufferPages);
        for (let i = 0; i < w.bufferPages; i++) k.touchAnon(this.cpu, this.buffer, i, 'pin-buffer');
      }
      this.pinRange(this.buffer, PIN_GUP_SHORT, false, false);
    } else {
      const map = k.newAnon(w.bufferPages);
      const source = w.mode === 'aio' ? 'aio' : 'pin-buffer';
      for (let i = 0; i < w.bufferPages; i++) k.touchAnon(this.cpu, map, i, source);
      this.pinRange(map, w.mode === 'aio' ? PIN_AIO_RING : PIN_GUP_LONG, w.mode === 'long', true);
    }
    k.charged = 0;
    this.rounds++;
    this.sim.after(w.everyMs * 1e6, () => this.round());
  }

  /** pin_user_pages on pinPages pages; long-term pins first move pages out of CMA when the kernel does so. */
  private pinRange(map: number, cause: number, longterm: boolean, freeAfter: boolean): void {
    const k = this.k;
    const w = this.w;
    const until = this.sim.now() + w.durationMs * 1e6;
    const slots = k.maps.get(map);
    const n = Math.min(w.pinPages, slots.length);
    const idxs: number[] = [];
    for (let i = 0; i < n; i++) {
      const idx = freeAfter ? i : this.rng.int(slots.length);
      let pfn = slots[idx]!;
      if (pfn < 0) {
        if (!k.touchAnon(this.cpu, map, idx, 'pin-buffer')) continue;
        pfn = slots[idx]!;
      }
      if (longterm && k.features.longtermPinMigrate && k.inCmaRegion(pfn)) {
        // check_and_migrate_movable_pages: move the page out of CMA first; if that fails the
        // pin itself fails (-ENOMEM to the driver) rather than landing in CMA.
        const dst = k.allocPage(this.cpu, 'pin-buffer', MIGRATE_MOVABLE, false);
        if (dst < 0) {
          k.vm.count('longterm_pin_fail');
          continue;
        }
        this.migrator.movePage(pfn, dst);
        k.charged += k.costs.migratePageNs;
        k.vm.v[V.longterm_pin_migrate]++;
        k.vm.v[V.pgmigrate_success]++;
        pfn = dst;
      }
      k.pin(pfn, cause, until);
      idxs.push(idx);
    }
    this.sim.at(until, () => {
      for (const idx of idxs) {
        const pfn = slots[idx]!;
        if (pfn >= 0) k.unpin(this.cpu, pfn);
      }
      if (freeAfter) {
        k.charged = 0;
        k.freeAnon(this.cpu, map);
        k.charged = 0;
      }
    });
  }
}

/*
 * Address spaces: files (page cache) and anonymous memory, each an array of
 * slots index -> where the page is. This is the rmap the engine needs to move
 * a page (migration updates one slot) and to find a swapped or stored copy.
 */

/** Slot encodings (a slot >= 0 is a resident pfn). */
export const SLOT_EMPTY = -1;
export const SLOT_SWAP = -2; // on the swap device
export const SLOT_ZRAM = -3; // compressed in zram
export const SLOT_SHADOW = -4; // evicted file page: a refault is counted (workingset shadow entry)
export const SLOT_POOL_BASE = -16; // stored in the region pool at pfn = SLOT_POOL_BASE - slot

export function encodePool(pfn: number): number {
  return SLOT_POOL_BASE - pfn;
}
export function decodePool(slot: number): number {
  return SLOT_POOL_BASE - slot;
}

export const MAP_ANON = 0;
export const MAP_FILE = 1;
export const MAP_ZRAM = 2;

export class Mappings {
  private slots: (Int32Array | null)[] = [];
  private kinds: number[] = [];
  private noMigrate: boolean[] = [];
  private execUsers: number[] = [];
  private freeIds: number[] = [];

  create(size: number, kind: number, noMigrateCallback = false): number {
    const arr = new Int32Array(Math.max(1, size)).fill(SLOT_EMPTY);
    const id = this.freeIds.length ? this.freeIds.pop()! : this.slots.length;
    this.slots[id] = arr;
    this.kinds[id] = kind;
    this.noMigrate[id] = noMigrateCallback;
    this.execUsers[id] = 0;
    return id;
  }

  destroy(id: number): void {
    this.slots[id] = null;
    this.freeIds.push(id);
  }

  get(id: number): Int32Array {
    return this.slots[id]!;
  }

  /** The slots of a mapping that may have been destroyed since (events outlive owners). */
  tryGet(id: number): Int32Array | null {
    return this.slots[id] ?? null;
  }

  kind(id: number): number {
    return this.kinds[id]!;
  }

  /** Dirty pages of this file cannot be migrated without writing them out first. */
  lacksMigrateCallback(id: number): boolean {
    return this.noMigrate[id]!;
  }

  /** A process maps the file executable (VM_EXEC), as a program maps its text. */
  mapExec(id: number): void {
    this.execUsers[id]!++;
  }

  unmapExec(id: number): void {
    this.execUsers[id]!--;
  }

  /**
   * Mapped executable by a running process. Reclaim treats such a page as referenced:
   * running programs touch their text constantly (docs/measurements/cc1.md).
   */
  execMapped(id: number): boolean {
    return this.execUsers[id]! > 0;
  }

  live(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i]) out.push(i);
    return out;
  }
}

/*
 * Small helpers policy plugins may use: an LRU of pfns kept in typed arrays
 * (intrusive, O(1) add/remove), the data-oriented way the engine keeps its
 * own lists. Plugins import these from the SDK entry only.
 */

export class PfnLru {
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly on: Uint8Array;
  private head = -1;
  private tail = -1;
  size = 0;

  /** Tracks pfns in [base, base + pages). */
  constructor(
    private readonly base: number,
    pages: number,
  ) {
    this.next = new Int32Array(pages).fill(-1);
    this.prev = new Int32Array(pages).fill(-1);
    this.on = new Uint8Array(pages);
  }

  has(pfn: number): boolean {
    return this.on[pfn - this.base] === 1;
  }

  /** Most recently used end. */
  push(pfn: number): void {
    const i = pfn - this.base;
    if (this.on[i]) this.remove(pfn);
    this.prev[i] = -1;
    this.next[i] = this.head;
    if (this.head >= 0) this.prev[this.head] = i;
    else this.tail = i;
    this.head = i;
    this.on[i] = 1;
    this.size++;
  }

  remove(pfn: number): void {
    const i = pfn - this.base;
    if (!this.on[i]) return;
    const n = this.next[i]!;
    const p = this.prev[i]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.on[i] = 0;
    this.size--;
  }

  /** Least recently used pfn, or -1. */
  oldest(): number {
    return this.tail < 0 ? -1 : this.tail + this.base;
  }
}

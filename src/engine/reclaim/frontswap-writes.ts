/**
 * Write-through frontswap stores whose page is still being written to the swap
 * device. frontswap_store reports failure in write-through mode, so
 * swap_writepage writes the page as well: it stays resident under writeback
 * and its slot points at it. The pool copy takes over the slot when reclaim
 * frees the page at the end of the write.
 */
export class FrontswapWrites {
  private readonly copyOf = new Map<number, number>();
  private readonly pageOf = new Map<number, number>();

  add(pfn: number, poolPfn: number): void {
    this.copyOf.set(pfn, poolPfn);
    this.pageOf.set(poolPfn, pfn);
  }

  has(pfn: number): boolean {
    return this.copyOf.has(pfn);
  }

  /** The pool copy of `pfn` still waiting for its write, or -1; either way `pfn` is forgotten. */
  take(pfn: number): number {
    const poolPfn = this.copyOf.get(pfn);
    if (poolPfn === undefined) return -1;
    this.copyOf.delete(pfn);
    this.pageOf.delete(poolPfn);
    return poolPfn;
  }

  /** The pool copy goes away before its page's write ended; true if it was waiting. */
  forgetCopy(poolPfn: number): boolean {
    const pfn = this.pageOf.get(poolPfn);
    if (pfn === undefined) return false;
    this.pageOf.delete(poolPfn);
    this.copyOf.delete(pfn);
    return true;
  }
}

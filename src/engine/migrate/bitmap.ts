/*
 * The area bitmap (mm/cma.c cma->bitmap, one bit per page here:
 * order_per_bit = 0) and bitmap_find_next_zero_area_off's aligned search.
 */
import type { IRegionBitmap } from '../policy/sdk.ts';

export class RegionBitmap implements IRegionBitmap {
  private readonly bits: Uint8Array;
  private used = 0;

  constructor(readonly pages: number) {
    this.bits = new Uint8Array(pages);
  }

  findZeroArea(fromBit: number, count: number, alignOrder: number): number {
    const bits = this.bits;
    const mask = (1 << alignOrder) - 1;
    let start = (fromBit + mask) & ~mask;
    while (start + count <= this.pages) {
      let i = start;
      const end = start + count;
      while (i < end && bits[i] === 0) i++;
      if (i === end) return start;
      start = ((i + 1 + mask) & ~mask) >>> 0;
    }
    return -1;
  }

  set(bit: number, count: number): void {
    this.bits.fill(1, bit, bit + count);
    this.used += count;
  }

  clear(bit: number, count: number): void {
    this.bits.fill(0, bit, bit + count);
    this.used -= count;
  }

  isClear(bit: number, count: number): boolean {
    for (let i = bit; i < bit + count; i++) if (this.bits[i]) return false;
    return true;
  }

  weight(): number {
    return this.used;
  }
}

/*
 * struct page, as a struct of arrays indexed by pfn (bitECS habit): one typed
 * array per field, no object per page. About 31 bytes per page, so a 16 GiB
 * machine (4,194,304 pages) needs ~135 MiB.
 */
import { PageLists } from './lists.ts';

export class MemMap {
  readonly nrPages: number;
  /** PG_* content kind. */
  readonly kind: Uint8Array;
  /** PF_* flags. */
  readonly flags: Uint16Array;
  /** Buddy order of a free block's head page; -1 elsewhere (page_private for PageBuddy). */
  readonly order: Int8Array;
  /** Owner: an address_space (file) or anon mapping id, and the page's index in it. */
  readonly mapping: Int32Array;
  readonly index: Int32Array;
  readonly pinCount: Uint8Array;
  readonly pinCause: Uint8Array;
  /** Virtual time when the page's transient state (lock, writeback, short pin) is expected to end. */
  readonly busyUntil: Float64Array;
  readonly lists: PageLists;

  constructor(nrPages: number) {
    this.nrPages = nrPages;
    this.kind = new Uint8Array(nrPages);
    this.flags = new Uint16Array(nrPages);
    this.order = new Int8Array(nrPages).fill(-1);
    this.mapping = new Int32Array(nrPages).fill(-1);
    this.index = new Int32Array(nrPages).fill(-1);
    this.pinCount = new Uint8Array(nrPages);
    this.pinCause = new Uint8Array(nrPages);
    this.busyUntil = new Float64Array(nrPages);
    this.lists = new PageLists(nrPages);
  }
}

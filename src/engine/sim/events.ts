/*
 * The event queue: a binary min-heap ordered by (time, sequence). The sequence
 * number makes ordering total, so two events at the same virtual time always
 * run in the order they were scheduled: determinism does not depend on heap
 * internals.
 */

export type EventFn = () => void;

export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private fns: (EventFn | null)[];
  private size = 0;
  private nextSeq = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.fns = new Array(capacity).fill(null);
  }

  get length(): number {
    return this.size;
  }

  peekTime(): number {
    return this.size > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, fn: EventFn): void {
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    const seq = this.nextSeq++;
    const times = this.times;
    const seqs = this.seqs;
    const fns = this.fns;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && seqs[p]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p]!;
      fns[i] = fns[p]!;
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    fns[i] = fn;
  }

  /** Remove the earliest event; returns its callback (time via peekTime before). */
  pop(): EventFn {
    const times = this.times;
    const seqs = this.seqs;
    const fns = this.fns;
    const top = fns[0]!;
    const n = --this.size;
    if (n > 0) {
      const t = times[n]!;
      const s = seqs[n]!;
      const f = fns[n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (times[r]! < times[l]! || (times[r] === times[l] && seqs[r]! < seqs[l]!))) c = r;
        if (t < times[c]! || (t === times[c] && s < seqs[c]!)) break;
        times[i] = times[c]!;
        seqs[i] = seqs[c]!;
        fns[i] = fns[c]!;
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      fns[i] = f;
    }
    fns[n] = null;
    return top;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.times = t;
    this.seqs = s;
    this.fns.length = cap;
    this.fns.fill(null, this.size);
  }
}

/*
 * A storage device behind a deadline-like I/O scheduler (block/deadline-iosched.c;
 * CFQ of the same era also serves sync I/O first). One request is in service at
 * a time and takes an access time (a read's or a write's) + bytes / bandwidth.
 * Sync requests (reads, and writes a task waits for) are served FIFO before
 * queued async writes (writeback, swap out); an async write that has waited
 * write_expire goes before the next sync request, so writes are delayed by
 * reads but never starved.
 *
 * Sync requests are planned when they are submitted: nothing that arrives later
 * can overtake them, so the caller learns its completion time at once. Async
 * writes are dispatched by events when the device falls idle, and report their
 * dispatch (the completion time becomes known) and their completion.
 */

export interface DeviceScheduler {
  now(): number;
  at(t: number, fn: () => void): void;
}

/** deadline-iosched write_expire: 5 * HZ. */
export const WRITE_EXPIRE_NS = 5e9;
/** BLKDEV_MAX_RQ: requests a queue holds; a submitter sleeps in get_request for a free one beyond it. */
export const NR_REQUESTS = 128;
/** One request's size for reclaim writes: a batch's swap-outs merge under the plug (SWAP_CLUSTER_MAX pages). */
const REQUEST_BYTES = 32 * 4096;

interface AsyncWrite {
  bytes: number;
  queuedAt: number;
  onDispatch: ((done: number) => void) | undefined;
  onDone: (() => void) | undefined;
}

export class StorageDevice {
  /** End of the last request placed on the device's timeline (in service or planned). */
  private busyUntil = 0;
  private readonly writes: AsyncWrite[] = [];
  private writeHead = 0;
  /** Service time and size of the queued (not yet dispatched) async writes. */
  private queuedWriteNs = 0;
  private queuedWriteBytes = 0;
  private dispatchAt = -1;
  bytesRead = 0;
  bytesWritten = 0;

  constructor(
    readonly readBytesPerNs: number,
    readonly writeBytesPerNs: number,
    readonly latencyNs: number,
    private readonly sched: DeviceScheduler,
    /** Access time of a write; flash cards program and erase, so it can be far above the read's. */
    readonly writeLatencyNs: number = latencyNs,
  ) {}

  private serviceNs(bytes: number, write: boolean): number {
    return write ? this.writeLatencyNs + bytes / this.writeBytesPerNs : this.latencyNs + bytes / this.readBytesPerNs;
  }

  /** A request a task waits for: returns its completion time. */
  submitSync(now: number, bytes: number, write: boolean): number {
    let start = Math.max(now, this.busyUntil);
    // Async writes that have waited write_expire by then go first.
    while (this.writeHead < this.writes.length && start - this.writes[this.writeHead]!.queuedAt >= WRITE_EXPIRE_NS) {
      start = this.dispatchWrite(start);
    }
    const done = start + this.serviceNs(bytes, write);
    this.busyUntil = done;
    if (write) this.bytesWritten += bytes;
    else this.bytesRead += bytes;
    if (this.writeHead < this.writes.length) this.scheduleDispatch(done);
    return done;
  }

  /**
   * Queue an async write. Returns an estimate of its completion (as if no sync
   * request came first); `onDispatch` gives the real one when it starts.
   */
  queueWrite(now: number, bytes: number, onDispatch?: (done: number) => void, onDone?: () => void): number {
    const service = this.serviceNs(bytes, true);
    this.writes.push({ bytes, queuedAt: now, onDispatch, onDone });
    this.queuedWriteNs += service;
    this.queuedWriteBytes += bytes;
    this.bytesWritten += bytes;
    const estimate = Math.max(now, this.busyUntil) + this.queuedWriteNs;
    this.scheduleDispatch(now);
    return estimate;
  }

  /**
   * Whether `moreBytes` of reclaim writes still fit in the request queue. Past
   * it, submit_bio would sleep in get_request until a request completes.
   * (Swap pages answer to swap_backing_dev_info, which is never congested, so
   * may_write_to_queue does not stop swap-out earlier; only the full queue does.)
   */
  mayQueueWrite(moreBytes: number): boolean {
    return this.queuedWriteBytes + moreBytes < NR_REQUESTS * REQUEST_BYTES;
  }

  /**
   * When a writer refused by a full queue gets a request: at once if `moreBytes` fit, else when
   * the device starts the oldest queued write (get_request's sleep ends as a request frees).
   */
  queueRoomAt(now: number, moreBytes: number): number {
    if (this.mayQueueWrite(moreBytes)) return now;
    // The oldest write starts when the device is free and its submitter's clock has reached it;
    // a dispatch due now runs as its own event, so look again just after it.
    const head = this.writes[this.writeHead];
    return Math.max(now + 1000, this.busyUntil, head ? head.queuedAt : 0);
  }

  /** Time until everything queued now has been written (what a throttled writer waits for). */
  backlogNs(now: number): number {
    return Math.max(0, this.busyUntil - now) + this.queuedWriteNs;
  }

  /**
   * Worst-case completion delay for `pages` sync page writes submitted now,
   * `pagesPerRequest` merged into a request: the timeline so far, every
   * queued async write (any of them may expire first), then the requests.
   */
  writeBoundNs(now: number, pages: number, pagesPerRequest = 1): number {
    // Nothing to write, nothing to wait for: the backlog only delays our own requests.
    if (pages === 0) return 0;
    const full = Math.floor(pages / pagesPerRequest);
    const rest = pages - full * pagesPerRequest;
    return this.backlogNs(now) + full * this.serviceNs(pagesPerRequest * 4096, true) + (rest > 0 ? this.serviceNs(rest * 4096, true) : 0);
  }

  private scheduleDispatch(from: number): void {
    const t = Math.max(this.busyUntil, this.sched.now(), from);
    if (this.dispatchAt >= 0 && this.dispatchAt <= t) return;
    this.dispatchAt = t;
    this.sched.at(t, () => this.onIdle());
  }

  /** The device may be idle: start the oldest async write unless sync work was planned meanwhile. */
  private onIdle(): void {
    this.dispatchAt = -1;
    const now = this.sched.now();
    if (this.writeHead >= this.writes.length) return;
    // Busy with sync work planned since, or the write was queued by a task whose clock runs ahead.
    const queuedAt = this.writes[this.writeHead]!.queuedAt;
    if (this.busyUntil > now || queuedAt > now) {
      this.scheduleDispatch(queuedAt);
      return;
    }
    const done = this.dispatchWrite(now);
    if (this.writeHead < this.writes.length) this.scheduleDispatch(done);
  }

  /** Put the oldest queued async write on the timeline at `start`; returns its completion. */
  private dispatchWrite(start: number): number {
    const w = this.writes[this.writeHead]!;
    this.writes[this.writeHead++] = undefined as unknown as AsyncWrite;
    if (this.writeHead > 1024 && this.writeHead * 2 > this.writes.length) {
      this.writes.splice(0, this.writeHead);
      this.writeHead = 0;
    }
    const service = this.serviceNs(w.bytes, true);
    this.queuedWriteNs -= service;
    this.queuedWriteBytes -= w.bytes;
    if (this.writeHead >= this.writes.length) {
      this.queuedWriteNs = 0;
      this.queuedWriteBytes = 0;
    }
    const done = start + service;
    this.busyUntil = done;
    w.onDispatch?.(done);
    if (w.onDone) this.sched.at(done, w.onDone);
    return done;
  }
}

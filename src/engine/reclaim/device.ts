/*
 * A storage device as one FIFO queue with bandwidth and access latency: a
 * request completes at max(now, busy-until) + latency + bytes / bandwidth.
 * Reads issued by faults wait for completion; writeback and swap writes do not.
 */

export class StorageDevice {
  private busyUntil = 0;
  bytesRead = 0;
  bytesWritten = 0;

  constructor(
    readonly readBytesPerNs: number,
    readonly writeBytesPerNs: number,
    readonly latencyNs: number,
  ) {}

  /** Completion time of a request submitted at `now`. */
  submit(now: number, bytes: number, write: boolean): number {
    const start = Math.max(now, this.busyUntil);
    const done = start + this.latencyNs + bytes / (write ? this.writeBytesPerNs : this.readBytesPerNs);
    this.busyUntil = done;
    if (write) this.bytesWritten += bytes;
    else this.bytesRead += bytes;
    return done;
  }

  /** Queue backlog at `now` (ns until the queue drains). */
  backlogNs(now: number): number {
    return Math.max(0, this.busyUntil - now);
  }

  /** Worst-case completion delay for `pages` page writes submitted now. */
  writeBoundNs(now: number, pages: number): number {
    // Nothing to write, nothing to wait for: the backlog only delays our own requests.
    if (pages === 0) return 0;
    return this.backlogNs(now) + pages * (this.latencyNs + 4096 / this.writeBytesPerNs);
  }
}

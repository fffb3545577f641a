/*
 * The run loop: virtual clock (ns) plus event queue. Progress is reported
 * every few thousand events and cancellation checked at the same points, so a
 * run manager can drive the engine from a worker thread.
 */
import { EventQueue, type EventFn } from './events.ts';
import { RunCancelled } from '../result.ts';

const PROGRESS_EVERY = 4096;

export class Simulation {
  private t = 0;
  private readonly queue = new EventQueue();
  events = 0;
  stopped = false;
  /** Invariant checker run after every event (tests on small machines). */
  afterEvent: (() => void) | null = null;

  now(): number {
    return this.t;
  }

  at(time: number, fn: EventFn): void {
    this.queue.push(time < this.t ? this.t : time, fn);
  }

  after(delay: number, fn: EventFn): void {
    this.queue.push(this.t + (delay > 0 ? delay : 0), fn);
  }

  stop(): void {
    this.stopped = true;
  }

  run(endNs: number, onProgress?: (virtualNs: number, events: number) => void, shouldCancel?: () => boolean): void {
    const q = this.queue;
    while (!this.stopped && q.length > 0 && q.peekTime() <= endNs) {
      this.t = q.peekTime();
      const fn = q.pop();
      fn();
      this.events++;
      if (this.afterEvent) this.afterEvent();
      if ((this.events & (PROGRESS_EVERY - 1)) === 0) {
        if (shouldCancel?.()) throw new RunCancelled();
        onProgress?.(this.t, this.events);
      }
    }
    if (!this.stopped && q.length > 0 && q.peekTime() > endNs) this.t = endNs;
  }
}

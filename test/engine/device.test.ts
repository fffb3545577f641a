import { describe, expect, it } from 'vitest';
import { NR_REQUESTS, StorageDevice, WRITE_EXPIRE_NS } from '../../src/engine/reclaim/device.ts';
import { EventQueue } from '../../src/engine/sim/events.ts';
import { PF_WRITEBACK } from '../../src/engine/mm/types.ts';
import { MIG_WAIT, Migrator } from '../../src/engine/migrate/migrate.ts';
import { machine } from './helpers.ts';

// 1 byte/ns both ways and no access latency: a request of n bytes takes n ns.
function device() {
  const q = new EventQueue();
  let now = 0;
  const sched = { now: () => now, at: (t: number, fn: () => void) => q.push(t, fn) };
  const dev = new StorageDevice(1, 1, 0, sched);
  const runUntil = (t: number) => {
    for (let e = q.peekTime(); e <= t; e = q.peekTime()) {
      now = e;
      q.pop()();
    }
    now = t;
  };
  return { dev, runUntil };
}

describe('storage device (deadline-like)', () => {
  it('serves a read before async writes queued ahead of it, after the one in service', () => {
    const { dev, runUntil } = device();
    const done: [string, number][] = [];
    const log = (name: string) => (t: number) => done.push([name, t]);
    dev.queueWrite(0, 1000, log('w1'));
    dev.queueWrite(0, 1000, log('w2'));
    runUntil(10); // w1 is in service until 1000; w2 waits
    const read = dev.submitSync(10, 100, false);
    expect(read).toBe(1100);
    runUntil(5000);
    expect(done).toEqual([
      ['w1', 1000],
      ['w2', 2100],
    ]);
  });

  it('reports completion of async writes when they really end, and in order', () => {
    const { dev, runUntil } = device();
    const ends: string[] = [];
    dev.queueWrite(0, 500, undefined, () => ends.push('a'));
    dev.queueWrite(0, 500, undefined, () => ends.push('b'));
    expect(dev.backlogNs(0)).toBe(1000);
    runUntil(499);
    expect(ends).toEqual([]);
    runUntil(1000);
    expect(ends).toEqual(['a', 'b']);
    expect(dev.backlogNs(1000)).toBe(0);
  });

  it('takes reclaim writes until its 128 requests are queued, and more as they are served', () => {
    const { dev, runUntil } = device();
    const request = 32 * 4096; // a reclaim batch's swap-outs, merged under the plug
    dev.queueWrite(0, 1); // one in service; the rest stay queued
    let n = 0;
    while (dev.mayQueueWrite(request)) {
      dev.queueWrite(0, request);
      n++;
    }
    expect(n).toBe(NR_REQUESTS - 1);
    // As requests are dispatched the queue opens again.
    runUntil(40 * request);
    expect(dev.mayQueueWrite(request)).toBe(true);
  });

  it('never lets reads starve a write past write_expire', () => {
    const { dev, runUntil } = device();
    let writeDone = -1;
    dev.queueWrite(0, 10, undefined, undefined);
    dev.submitSync(0, WRITE_EXPIRE_NS * 2, false); // a huge read submitted first... planned at once
    // The write waited behind it; a later read sees the write expired and lets it go first.
    dev.queueWrite(1, 1, (done) => (writeDone = done));
    const later = dev.submitSync(2, 1, false);
    expect(writeDone).toBeGreaterThan(0);
    expect(writeDone).toBeLessThan(later);
    runUntil(later);
  });

  it('bounds a sync write by everything queued, and meets the bound', () => {
    const { dev } = device();
    dev.queueWrite(0, 3000);
    dev.submitSync(0, 200, false);
    const bound = dev.writeBoundNs(0, 2);
    const first = dev.submitSync(0, 4096, true);
    const second = dev.submitSync(first, 4096, true);
    expect(second).toBeLessThanOrEqual(bound);
    expect(dev.writeBoundNs(0, 0)).toBe(0);
  });
});

describe('writeback through the device', () => {
  it('pages under writeback stay so until their request really ends, after a read that overtook it', () => {
    const m = machine('legacy-cma');
    const k = m.k;
    const dirty = k.newFile(512);
    k.writeFile(0, dirty, 0, 512);
    const slots = k.maps.get(dirty);
    // Two writeback requests: the first goes into service, the second waits in the queue.
    for (let i = 0; i < 512; i++) k.vmscan.queueWriteback(slots[i]!, false);
    k.vmscan.flushIo();
    const queued = slots[511]!;
    const estimate = k.mem.busyUntil[queued]!;
    m.sim.run(1); // let the device start the first request
    // A read submitted now goes before the queued write.
    const readDone = k.device.submitSync(k.now(), 64 * 4096, false);
    expect(readDone).toBeLessThan(estimate);
    m.sim.run(estimate);
    expect(k.mem.flags[queued]! & PF_WRITEBACK).not.toBe(0);
    expect(k.mem.busyUntil[queued]).toBeGreaterThan(estimate);
    m.sim.run(k.mem.busyUntil[queued]! + 1);
    expect(k.mem.flags[queued]! & PF_WRITEBACK).toBe(0);
  });

  it('sync migration keeps waiting on a page whose write is late, instead of calling it busy', () => {
    const m = machine('legacy-cma');
    const k = m.k;
    const dirty = k.newFile(8);
    k.writeFile(0, dirty, 0, 8);
    k.lruAddDrainAll(); // no per-CPU batch reference in the way
    const p = k.maps.get(dirty)[0]!;
    k.vmscan.queueWriteback(p, false);
    k.vmscan.flushIo();
    k.mem.busyUntil[p] = k.now(); // the estimate has passed, the request has not ended
    expect(new Migrator(k).migratePage(p, true, 0)).toBe(MIG_WAIT);
  });
});


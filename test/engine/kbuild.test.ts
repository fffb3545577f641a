/* The kbuild actor: cc1's heap (its size and the measured shape of its growth), the job's other memory, its kernel memory. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/engine/scenario/schema.ts';
import { CC1_HEAP_CURVE } from '../../src/engine/workload/kbuild.ts';
import { run } from './helpers.ts';

type KbuildExtra = { jobAnonKiB?: number; textMiB?: number; jobKernelKiB?: number; slabMiB?: number; slabKiBPerUnit?: number; units?: number };

function oneUnit(anonCv?: number, extra: KbuildExtra = {}) {
  const { units = 1, ...fields } = extra;
  return parseScenario({
    name: 'one-cc1',
    machine: { platform: 'x86-vm', memMiB: 256, regionMiB: 8, pageblockOrder: 9, swap: { device: 'none', sizeMiB: 0 } },
    durationS: 30,
    sampleIntervalMs: 10,
    snapshotIntervalMs: 10_000,
    workloads: [
      {
        kind: 'kbuild',
        jobs: 1,
        units,
        cpuMsPerUnit: 2000,
        anonMiBPerUnit: 16,
        ...(anonCv === undefined ? {} : { anonCv }),
        headersMiB: 1,
        headerKiBPerUnit: 64,
        sourceKiBPerUnit: 16,
        objKiBPerUnit: 16,
        ...fields,
      },
    ],
  });
}

describe('kbuild cc1 heap', () => {
  it('defaults the spread of heap sizes to the measured CV', () => {
    const w = oneUnit().workloads[0]!;
    expect(w.kind === 'kbuild' && w.anonCv).toBe(0.37);
  });

  it('grows along the measured curve, front-loaded rather than linear', () => {
    const r = run(oneUnit(0), 'legacy-cma');
    const t = r.series.t;
    const anon = r.series.columns['anon_pages']!;
    const peak = Math.max(...anon);
    // With no spread the heap is exactly anonMiBPerUnit.
    expect(peak).toBe(16 * 256);
    // The unit's CPU time is cut into equal steps; find when the heap stops growing.
    const firstAt = (pages: number) => t[anon.findIndex((a) => a >= pages)]!;
    const start = firstAt(1);
    const last = firstAt(peak);
    const step = (last - start) / (CC1_HEAP_CURVE.length - 1);
    // Halfway through, a linear heap would hold half its peak; cc1 holds about two thirds.
    const mid = anon[t.findIndex((x) => x >= start + 4.5 * step)]!;
    expect(mid / peak).toBeCloseTo(CC1_HEAP_CURVE[4]!, 2);
    expect(mid / peak).toBeGreaterThan(0.6);
  });

  it('adds the job\'s other processes from the start of the unit, and maps the compiler\'s text', () => {
    const plain = run(oneUnit(0), 'legacy-cma');
    const r = run(oneUnit(0, { jobAnonKiB: 4096, textMiB: 2 }), 'legacy-cma');
    const anon = r.series.columns['anon_pages']!;
    // The heap is as before; make's share, the shell and the driver add 1,024 pages throughout.
    expect(Math.max(...anon)).toBe(16 * 256 + 1024);
    expect(anon.find((a) => a > 0)).toBeGreaterThanOrEqual(1024);
    // The text (512 pages) is page cache on top of headers, source and object.
    const file = (x: typeof r) => Math.max(...x.series.columns['file_pages']!);
    expect(file(r) - file(plain)).toBe(512);
  });

  it('holds its processes\' kernel pages while a unit runs, the build\'s dentries until it ends, and leaves slab per unit', () => {
    const plain = run(oneUnit(0, { units: 4 }), 'legacy-cma');
    const r = run(oneUnit(0, { units: 4, jobKernelKiB: 400, slabMiB: 1, slabKiBPerUnit: 10 }), 'legacy-cma');
    const col = (x: typeof r, c: string) => x.series.columns[c]!;
    const anon = col(r, 'anon_pages');
    const kernel = col(r, 'kernel_pages');
    const slab = col(r, 'slab_reclaimable_pages');
    const extra = kernel.map((p, i) => p - col(plain, 'kernel_pages')[i]!);
    // While a unit runs: 100 unmovable pages for its processes and the 256 slab pages the build holds.
    const running = anon.findIndex((a) => a > 0);
    expect(extra[running]).toBe(100 + 256);
    expect(slab[running]).toBe(256);
    // Four units leave 40 KiB: 10 pages. After the build only slab is left, nothing held any more.
    const last = kernel.length - 1;
    expect(anon[last]).toBe(0);
    expect(slab[last]).toBe(256 + 10);
    expect(extra[last]).toBe(256 + 10);
    expect(r.summary.vmstat['slabs_scanned']).toBe(0);
  });
});

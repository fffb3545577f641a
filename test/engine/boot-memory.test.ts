/* The kernel's own pages (image, memmap) are taken at boot and never reach the buddy allocator. */
import { describe, expect, it } from 'vitest';
import { bootReservedPages } from '../../src/engine/kernel.ts';
import { PLATFORMS } from '../../src/engine/platform/profiles.ts';
import { PG_KERNEL } from '../../src/engine/mm/types.ts';
import { ScenarioError, parseScenario, type ScenarioInput } from '../../src/engine/scenario/schema.ts';
import { findScenario } from '../../src/engine/scenario/library.ts';
import { machine } from './helpers.ts';

function cuboxMachine(over: Partial<ScenarioInput['machine']> = {}) {
  const s = findScenario('cubox-rfc-v2')!;
  const scenario = parseScenario({ ...s, machine: { ...s.machine, ...over } });
  return machine('legacy-cma', {}, scenario);
}

describe('memory the kernel keeps from boot', () => {
  it('is the image plus one struct page per page frame', () => {
    // CuBox, 800 MiB: 11,696 KiB of image and 204,800 x 32 B of memmap.
    expect(bootReservedPages(204_800, PLATFORMS['cubox-i4']!)).toBe(Math.ceil((11_696 * 1024 + 204_800 * 32) / 4096));
    expect(bootReservedPages(204_800, PLATFORMS['cubox-i4']!)).toBe(4524);
    // 64-bit: 64 B per page, so 16 GiB costs 256 MiB of memmap.
    expect(bootReservedPages(4_194_304, { kernelImageKiB: 0, structPageBytes: 64 })).toBe(65_536);
  });

  it('holds the lowest pfns as kernel pages, outside the free lists and the watermarks', () => {
    const { k } = cuboxMachine();
    const reserved = k.bootReservedPages;
    expect(reserved).toBe(4524);
    for (let pfn = 0; pfn < reserved; pfn++) expect(k.mem.kind[pfn]).toBe(PG_KERNEL);
    expect(k.mem.kind[reserved]).not.toBe(PG_KERNEL);
    // Everything else, the CMA area included, is free at boot.
    expect(k.zone.nrFree() + k.zone.nrPcp()).toBe(k.mem.nrPages - reserved);
    const { k: bare } = cuboxMachine({ kernelReservedMiB: 0 });
    expect(bare.zone.nrFree()).toBe(bare.mem.nrPages);
    // min_free_kbytes follows the managed pages, not the physical ones.
    expect(k.wm.min).toBeLessThan(bare.wm.min);
  });

  it('can be set per scenario, and must leave room for the region', () => {
    expect(cuboxMachine({ kernelReservedMiB: 10 }).k.bootReservedPages).toBe(2560);
    const s = findScenario('cubox-rfc-v2')!;
    expect(() => parseScenario({ ...s, machine: { ...s.machine, kernelReservedMiB: 600 } })).toThrow(ScenarioError);
    expect(() => parseScenario({ ...s, machine: { ...s.machine, kernelReservedMiB: 600 } })).toThrow(/machine\.kernelReservedMiB/);
  });

  it('names the kernel pages when a region does not fit', () => {
    const s = findScenario('cubox-rfc-v2')!;
    const scenario = parseScenario({ ...s, machine: { ...s.machine, memMiB: 270, regionMiB: 256 } });
    expect(() => machine('legacy-cma', {}, scenario)).toThrow(/the kernel keeps from boot/);
  });
});

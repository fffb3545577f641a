/*
 * Counters carry the kernel's names only where the kernel has them, in the
 * kernel's units; the workbench's own counters say they are its own.
 */
import { describe, expect, it } from 'vitest';
import { counterOrigin, counterText, VMSTAT } from '../../src/engine/metrics/vmstat.ts';
import { machine } from './helpers.ts';

describe('vmstat counters', () => {
  it('name where a device shows each counter, and policy counters are the workbench\'s', () => {
    expect(counterOrigin('pgmigrate_success')).toBe('vmstat');
    expect(counterOrigin('cma_alloc_pages_success')).toBe('cma-sysfs');
    expect(counterOrigin('frontswap_succ_stores')).toBe('debugfs');
    for (const own of ['contig_alloc_success', 'drop_clean_contig', 'kswapd_wake', 'reclaim_busy_skip', 'cma_first_on']) expect(counterOrigin(own)).toBe('workbench');
    // pgrotated counts pages rotated to the inactive tail when their reclaim writeback ends (the kernel's
    // counter); reclaim passing over busy pages is not that, and is the workbench's reclaim_busy_skip.
    expect(counterOrigin('pgrotated')).toBe('vmstat');
    expect(counterText('pgrotated')).toMatch(/writeback ended/);
    for (const [name] of VMSTAT) expect(counterText(name)).toBeTruthy();
  });

  it('count pgpgin in KiB, as /proc/vmstat does', () => {
    const k = machine('legacy-cma').k;
    const file = k.newFile(10);
    expect(k.readFile(0, file, 0, 10)).toBe(true);
    expect(k.vm.get('pgpgin')).toBe(40);
  });
});

/*
 * Per-CPU page lists (struct per_cpu_pages): order-0 pages are freed to and
 * allocated from per-CPU caches in batches. batch and high follow
 * zone_batchsize() and pageset_set_batch() (high = 6 * batch) of pre-5.14
 * kernels. The batch cap is a kernel switch (KernelFeatures.pcpBatchCapKiB):
 * 512 KiB up to v4.18, 1 MiB since v4.19 (commit d8a759b57035). With 1 MiB:
 * batch 63 for zones >= 1 GiB, 31 for 512 MiB, 15 for 256 MiB; with 512 KiB
 * a zone of 512 MiB or more gets 31.
 */
import type { KernelFeatures } from '../policy/sdk.ts';
import { LIST_PCP_BASE } from './lists.ts';

/** pcp list types: the three PCP migratetypes plus Android's separate CMA list. */
export const PCP_TYPES = 4;
export const PCP_CMA = 3;

/** PAGE_SIZE of every platform modelled here. */
const PAGE_BYTES = 4096;

export function pcpListId(cpu: number, type: number): number {
  return LIST_PCP_BASE + cpu * PCP_TYPES + type;
}

/**
 * zone_batchsize(): ~1/1024 of the zone's managed pages, at most `capKiB`, a quarter of that,
 * rounded down to 2^n - 1 (rounddown_pow_of_two(batch + batch / 2) - 1).
 * capKiB: 512 up to v4.18 ("if (batch * PAGE_SIZE > 512 * 1024)"), 1024 since v4.19
 * (commit d8a759b57035 "mm, page_alloc: double zone's batchsize"; today's
 * "min(zone_managed_pages(zone) >> 10, SZ_1M / PAGE_SIZE)").
 */
export function zoneBatchsize(managedPages: number, capKiB: 512 | 1024 = 1024): number {
  let batch = Math.min(managedPages >> 10, (capKiB * 1024) / PAGE_BYTES);
  batch = Math.floor(batch / 4);
  if (batch < 1) batch = 1;
  const x = batch + (batch >> 1);
  return 2 ** Math.floor(Math.log2(x)) - 1 || 1;
}

export interface PcpConfig {
  readonly cpus: number;
  readonly batch: number;
  readonly high: number;
}

/**
 * The per-CPU list sizes of a zone. Without `features` they are fixed at the v4.19+ cap. With
 * them, batch and high follow features.pcpBatchCapKiB whenever it is read, so a policy that
 * sets the switch in setup() (after the zone was built) gets its kernel's sizes: the values
 * depend only on the switch, so runs stay deterministic.
 */
export function pcpConfig(managedPages: number, cpus: number, features?: Readonly<Pick<KernelFeatures, 'pcpBatchCapKiB'>>): PcpConfig {
  if (!features) {
    const batch = zoneBatchsize(managedPages);
    return { cpus, batch, high: 6 * batch };
  }
  let cap = features.pcpBatchCapKiB;
  let batch = zoneBatchsize(managedPages, cap);
  const sync = (): void => {
    if (features.pcpBatchCapKiB === cap) return;
    cap = features.pcpBatchCapKiB;
    batch = zoneBatchsize(managedPages, cap);
  };
  return {
    cpus,
    get batch(): number {
      sync();
      return batch;
    },
    // pageset_set_batch(): high = 6 * batch (pre-5.14; no pcp high auto-tuning).
    get high(): number {
      sync();
      return 6 * batch;
    },
  };
}

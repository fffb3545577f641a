/*
 * Per-CPU page lists (struct per_cpu_pages): order-0 pages are freed to and
 * allocated from per-CPU caches in batches. batch and high follow
 * zone_batchsize() and pageset_set_batch() (high = 6 * batch) of pre-5.14
 * kernels: batch 63 for zones >= 1 GiB, 31 for 512 MiB, 15 for 256 MiB.
 */
import { LIST_PCP_BASE } from './lists.ts';

/** pcp list types: the three PCP migratetypes plus Android's separate CMA list. */
export const PCP_TYPES = 4;
export const PCP_CMA = 3;

export function pcpListId(cpu: number, type: number): number {
  return LIST_PCP_BASE + cpu * PCP_TYPES + type;
}

/** zone_batchsize(): ~1/1024 of the zone, at most 1 MiB, a quarter of that, rounded to 2^n - 1. */
export function zoneBatchsize(managedPages: number): number {
  let batch = Math.min(managedPages >> 10, (1024 * 1024) / 4096);
  batch = Math.floor(batch / 4);
  if (batch < 1) batch = 1;
  const x = batch + (batch >> 1);
  return 2 ** Math.floor(Math.log2(x)) - 1 || 1;
}

export interface PcpConfig {
  cpus: number;
  batch: number;
  high: number;
}

export function pcpConfig(managedPages: number, cpus: number): PcpConfig {
  const batch = zoneBatchsize(managedPages);
  return { cpus, batch, high: 6 * batch };
}

/*
 * How a counter is named where a device shows it. The archive's JSON keys are
 * one flat namespace (cma_alloc_pages_success beside pgmigrate_success), but
 * under /sys/kernel/mm/cma/<area>/ the files are alloc_pages_success and
 * alloc_pages_fail: a reader looking for them on a device should see those names.
 */
import type { CounterOrigin } from '../../shared/vmstat.ts';

/** The name to show for counter `key` in its origin's group; the JSON key elsewhere. */
export function counterDisplayName(key: string, origin: CounterOrigin): string {
  if (origin === 'cma-sysfs' && key.startsWith('cma_')) return key.slice('cma_'.length);
  return key;
}

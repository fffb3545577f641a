/*
 * How the experiment form shows a scenario's fields: a label, a unit taken
 * from the key's suffix (memMiB -> MiB, intervalMs -> ms), help text from the
 * scenario schema's comments, and the options of enum fields. The form walks
 * the scenario object itself, so a field added to the schema appears with a
 * humanised label even before it gets an entry here.
 */
import { traceSummary } from './trace.ts';
import { FIELD_UNITS, fieldUnit } from '../../shared/field-units.ts';

export interface FieldMeta {
  label: string;
  unit?: string;
  help?: string;
  options?: readonly (string | number)[];
}

/** Platforms of src/engine/scenario/schema.ts (a renderer test keeps the lists equal). */
export const PLATFORMS = ['rpi2', 'cubox-i4', 'phone-8g', 'x86-vm'] as const;

const META: Record<string, FieldMeta> = {
  platform: { label: 'Platform', help: 'Cost profile: CPU, storage and compression speeds', options: PLATFORMS },
  memMiB: { label: 'RAM', unit: 'MiB' },
  regionMiB: { label: 'Region', unit: 'MiB', help: 'CMA area, GCMA pool or carve-out size' },
  cpus: { label: 'CPUs' },
  pageblockOrder: { label: 'Pageblock order', help: '9 = 2 MiB pageblocks, 10 = 4 MiB', options: [9, 10] },
  'swap.device': { label: 'Swap device', help: 'none, a partition on the storage device, or zram', options: ['none', 'storage', 'zram'] },
  'swap.sizeMiB': { label: 'Swap size', unit: 'MiB' },
  fsMigrateCallback: { label: 'FS has migratepage', help: 'Without it, dirty file pages must be written back before they can move' },
  kernelReservedMiB: { label: 'Kernel reserved', unit: 'MiB', help: 'Kernel image and memmap, kept from boot; unset: from the platform profile' },
  durationS: { label: 'Duration limit', unit: 's', help: 'Upper bound; the run ends when every finite workload is done' },
  sampleIntervalMs: { label: 'Sample every', unit: 'ms' },
  snapshotIntervalMs: { label: 'Map snapshot every', unit: 'ms' },
  // kbuild
  jobs: { label: 'Jobs (make -j)' },
  units: { label: 'Compilation units', help: 'One cc1 process each' },
  cpuMsPerUnit: { label: 'CPU per unit', unit: 'ms' },
  anonMiBPerUnit: { label: 'Anon per unit', unit: 'MiB', help: 'Mean peak heap of one cc1' },
  anonCv: { label: 'Anon spread', help: 'Coefficient of variation of the peak heap across units' },
  jobAnonKiB: { label: 'Other processes per job', unit: 'KiB', help: 'Anon of a job’s share of make, its shell and the gcc driver' },
  textMiB: { label: 'Compiler text', unit: 'MiB', help: 'Mapped executable by every running cc1; reclaim keeps it active' },
  jobKernelKiB: { label: 'Kernel memory per job', unit: 'KiB', help: 'Unmovable: stacks, page tables and task structures of a job’s processes' },
  slabMiB: { label: 'Build’s dentries and inodes', unit: 'MiB', help: 'Reclaimable slab in use until the build ends' },
  slabKiBPerUnit: { label: 'Slab left per unit', unit: 'KiB', help: 'Reclaimable slab each finished unit leaves; shrinkers free it' },
  headersMiB: { label: 'Shared headers', unit: 'MiB', help: 'Hot page cache re-read by every unit' },
  headerKiBPerUnit: { label: 'Headers read per unit', unit: 'KiB' },
  sourceKiBPerUnit: { label: 'Source per unit', unit: 'KiB' },
  objKiBPerUnit: { label: 'Object written per unit', unit: 'KiB' },
  shortPinEveryMs: { label: 'Short pin every', unit: 'ms', help: 'pipe / O_DIRECT-like GUP on a job’s own pages' },
  shortPinPages: { label: 'Short pin size', unit: 'pages' },
  shortPinMs: { label: 'Short pin held', unit: 'ms' },
  startAtS: { label: 'Starts at', unit: 's' },
  // blogbench
  writers: { label: 'Writers' },
  readers: { label: 'Readers' },
  files: { label: 'Articles kept' },
  fileKiB: { label: 'Article size', unit: 'KiB' },
  slabKiBPerFile: { label: 'Slab per article', unit: 'KiB', help: 'Dentry and inode while in memory; shrinkers free them, the next open reads them back' },
  iterations: { label: 'Operations per actor' },
  thinkMs: { label: 'Think time', unit: 'ms' },
  // app launch
  appsPerStorm: { label: 'Apps per storm' },
  stormEveryS: { label: 'Storm every', unit: 's' },
  storms: { label: 'Storms' },
  fileMiBPerApp: { label: 'File per app', unit: 'MiB' },
  anonMiBPerApp: { label: 'Anon per app', unit: 'MiB' },
  lifetimeS: { label: 'App lifetime', unit: 's' },
  // pinner
  mode: { label: 'Pin mode', help: 'short: O_DIRECT-like; long: FOLL_LONGTERM (RDMA, io_uring); aio: AIO ring pages', options: ['short', 'long', 'aio'] },
  bufferPages: { label: 'Buffer', unit: 'pages' },
  pinPages: { label: 'Pinned per pin', unit: 'pages' },
  everyMs: { label: 'Pin every', unit: 'ms' },
  durationMs: { label: 'Pin held', unit: 'ms' },
  // slab
  pagesPerS: { label: 'Allocation rate', unit: 'pages/s', help: 'Unmovable kernel pages (slab, page tables)' },
  lifetimeMs: { label: 'Lifetime', unit: 'ms' },
  maxPages: { label: 'At most', unit: 'pages' },
  // contig
  sizes: { label: 'Request sizes', unit: 'pages', help: 'Comma-separated, in 4 KiB pages' },
  order: { label: 'Size order', options: ['sequence', 'cycle', 'random'] },
  count: { label: 'Requests', help: 'Per size with order "sequence"; in all with "cycle" and "random"' },
  intervalMs: { label: 'Interval', unit: 'ms' },
  holdMs: { label: 'Hold', unit: 'ms', help: 'How long the device keeps each buffer' },
  deadlineMs: { label: 'Deadline', unit: 'ms', help: 'A request slower than this counts as a missed deadline' },
  alignOrder: { label: 'Alignment order', help: 'Unset: the buffer order capped at 8, as dma_alloc_coherent asks; the GCMA RFC test passed 1' },
  // contigTrace
  name: { label: 'Name', help: 'The traced task (comm-pid); run records name their client by it' },
};

/** "shortPinEveryMs" -> "Short pin every". */
export function humanise(key: string): string {
  let k = key;
  for (const [re] of FIELD_UNITS) k = k.replace(re, '');
  const words = k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `path` is the dotted key inside its object ("swap.sizeMiB" for the machine, "jobs" for a workload). */
export function fieldMeta(path: string): FieldMeta {
  const key = path.split('.').pop()!;
  const m = META[path] ?? META[key];
  if (m) return m;
  const unit = fieldUnit(key);
  return unit ? { label: humanise(key), unit } : { label: humanise(key) };
}

/** What each workload kind stands for, shown as its card's subtitle. */
export const WORKLOAD_KINDS: Record<string, string> = {
  kbuild: 'Kernel build: compiler processes with anon memory and hot headers',
  blogbench: 'blogbench: dirty page cache and writeback',
  appLaunch: 'App-launch storms: file and anon memory in bursts',
  pinner: 'GUP pins that block migration',
  slab: 'Unmovable kernel allocations',
  contig: 'The contiguous client (camera, codec): the requests being measured',
  contigTrace: 'A traced task’s cma_alloc calls, replayed: the device’s own requests',
};

/** "1, 4096,32000" -> [1, 4096, 32000], or an error. */
export function parseIntList(text: string): { ok: true; value: number[] } | { ok: false; error: string } {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return { ok: false, error: 'enter at least one size' };
  const out: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 1) return { ok: false, error: `"${p}" is not a whole number of pages` };
    out.push(v);
  }
  return { ok: true, value: out };
}

/** One line per workload for its collapsed card: what it does with the numbers that matter. */
export function workloadSummary(w: Record<string, unknown>): string {
  const n = (k: string) => Number(w[k]);
  // Durations of a second or more in seconds, as the rest of the page writes them.
  const ms = (k: string): string => (n(k) >= 1000 ? `${Number((n(k) / 1000).toPrecision(3))} s` : `${n(k)} ms`);
  const pages = (p: number) => {
    const mib = (p * 4) / 1024;
    return mib >= 1 ? `${Math.round(mib * 10) / 10} MiB` : `${p * 4} KiB`;
  };
  switch (w['kind']) {
    case 'kbuild':
      return `make -j${n('jobs')}, ${n('units')} units of ${n('anonMiBPerUnit')} MiB anon and ${n('cpuMsPerUnit')} ms CPU`;
    case 'blogbench':
      return `${n('writers')} writers and ${n('readers')} readers over ${n('files')} articles of ${n('fileKiB')} KiB`;
    case 'appLaunch':
      return `${n('storms')} storms of ${n('appsPerStorm')} apps every ${n('stormEveryS')} s (${n('fileMiBPerApp')} MiB file + ${n('anonMiBPerApp')} MiB anon each)`;
    case 'pinner':
      return `${w['mode'] === 'aio' ? 'AIO ring' : `${String(w['mode'])}-term`} pins of ${n('pinPages')} pages every ${ms('everyMs')}, held ${ms('durationMs')}`;
    case 'slab':
      return `${n('pagesPerS')} unmovable pages/s living ${ms('lifetimeMs')}, at most ${n('maxPages')}`;
    case 'contig': {
      const sizes = Array.isArray(w['sizes']) ? (w['sizes'] as number[]) : [];
      const what = w['order'] === 'cycle' || w['order'] === 'random' ? `${n('count')} requests of ${sizes.map(pages).join(', ')}` : `${n('count')} × each of ${sizes.map(pages).join(', ')}`;
      return `${what} every ${ms('intervalMs')}, held ${ms('holdMs')}${w['deadlineMs'] !== undefined ? `, deadline ${ms('deadlineMs')}` : ''}`;
    }
    case 'contigTrace':
      return traceSummary(w);
    default:
      return '';
  }
}

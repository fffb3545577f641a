/*
 * Scenario: a machine plus the workloads that run on it. Validated with zod so a
 * bad field in a user's JSON file is named precisely ("workloads.1.jobs: ...").
 * Every workload knob is a parameter with a stated default; the built-in
 * scenarios document where each assumption comes from (docs/scenarios.md).
 */
import { z } from 'zod';
import { getPlatform } from '../platform/profiles.ts';

export const PLATFORM_NAMES = ['rpi2', 'cubox-i4', 'phone-8g', 'x86-vm'] as const;

const positive = z.number().positive();

/** The longest virtual time a run may cover. */
export const MAX_DURATION_S = 24 * 3600;
const nonNeg = z.number().nonnegative();

export const SwapSchema = z
  .object({
    /** none: no swap; storage: a swap partition on the platform's storage device; zram: compressed RAM. */
    device: z.enum(['none', 'storage', 'zram']).default('storage'),
    sizeMiB: nonNeg.default(0),
  })
  .strict();

export const MachineSchema = z
  .object({
    platform: z.enum(PLATFORM_NAMES),
    memMiB: positive.max(65536),
    regionMiB: nonNeg,
    cpus: z.number().int().min(1).max(64).optional(),
    pageblockOrder: z.union([z.literal(9), z.literal(10)]).optional(),
    swap: SwapSchema.default({ device: 'none', sizeMiB: 0 }),
    /** Filesystem without a migratepage callback: its dirty pages must be written out before migration. */
    fsMigrateCallback: z.boolean().default(true),
    /** Memory the kernel keeps from boot (image, memmap). Unset: from the platform profile and memMiB. */
    kernelReservedMiB: nonNeg.optional(),
  })
  .strict();

export const KbuildSchema = z
  .object({
    kind: z.literal('kbuild'),
    name: z.string().default('kbuild'),
    /** make -jN: parallel compiler jobs. */
    jobs: z.number().int().min(1).max(256),
    /** Compilation units (one cc1 process each). */
    units: z.number().int().min(1),
    cpuMsPerUnit: positive,
    /** Mean peak heap of one cc1 (log-normal). */
    anonMiBPerUnit: positive,
    /** Spread of the peak heap across units (coefficient of variation); 0.37 measured for kernel files. */
    anonCv: nonNeg.max(3).default(0.37),
    /**
     * Anonymous memory of a job's other processes, held while it runs a unit: its share of
     * the make processes, its shell and the gcc driver (cc1's heap is anonMiBPerUnit).
     */
    jobAnonKiB: nonNeg.default(0),
    /** The compiler's text every running cc1 maps executable (page cache that reclaim keeps active). */
    textMiB: nonNeg.default(0),
    /**
     * Unmovable kernel memory of a job's processes, held while it runs a unit: kernel stacks,
     * page tables, task and mm structures, VMAs, open files.
     */
    jobKernelKiB: nonNeg.default(0),
    /**
     * Reclaimable slab the whole build keeps using (dentries and inodes of headers, Makefiles,
     * the toolchain): created by the first units, in use until the build ends.
     */
    slabMiB: nonNeg.default(0),
    /** Reclaimable slab each finished unit leaves (its output files' dentries and inodes): shrinkers free it. */
    slabKiBPerUnit: nonNeg.default(0),
    /** Shared headers re-read by every unit (hot page cache). */
    headersMiB: nonNeg,
    headerKiBPerUnit: nonNeg,
    sourceKiBPerUnit: nonNeg,
    objKiBPerUnit: nonNeg,
    /** Short-term pins (pipe/O_DIRECT-like I/O) a job holds on its own pages. */
    shortPinEveryMs: nonNeg.default(0),
    shortPinPages: z.number().int().nonnegative().default(0),
    shortPinMs: nonNeg.default(0),
    startAtS: nonNeg.default(0),
  })
  .strict();

export const BlogbenchSchema = z
  .object({
    kind: z.literal('blogbench'),
    name: z.string().default('blogbench'),
    writers: z.number().int().min(0),
    readers: z.number().int().min(0),
    /** Articles (files) the benchmark keeps alive; each writer adds and rewrites, readers read. */
    files: z.number().int().min(1),
    fileKiB: positive,
    /**
     * Reclaimable slab an article costs while its dentry and inode are in memory (with its
     * page-cache tree node); created with the article, freed by the shrinkers, read back on the
     * next open. At most a page.
     */
    slabKiBPerFile: nonNeg.max(4).default(0),
    /** Operations per actor; the benchmark's completion time is its progress measure. */
    iterations: z.number().int().min(1),
    thinkMs: nonNeg,
    startAtS: nonNeg.default(0),
  })
  .strict();

export const AppLaunchSchema = z
  .object({
    kind: z.literal('appLaunch'),
    name: z.string().default('apps'),
    /** Apps launched per storm. */
    appsPerStorm: z.number().int().min(1),
    stormEveryS: positive,
    storms: z.number().int().min(1),
    fileMiBPerApp: nonNeg,
    anonMiBPerApp: nonNeg,
    lifetimeS: positive,
    startAtS: nonNeg.default(0),
  })
  .strict();

export const PinnerSchema = z
  .object({
    kind: z.literal('pinner'),
    name: z.string().default('pinner'),
    /** short: O_DIRECT-like GUP for durationMs; long: RDMA/io_uring-like FOLL_LONGTERM; aio: AIO ring pages. */
    mode: z.enum(['short', 'long', 'aio']),
    bufferPages: z.number().int().min(1),
    pinPages: z.number().int().min(1),
    everyMs: positive,
    durationMs: positive,
    startAtS: nonNeg.default(0),
  })
  .strict();

export const SlabSchema = z
  .object({
    kind: z.literal('slab'),
    name: z.string().default('slab'),
    /** Unmovable kernel page allocations per second (slab growth, page tables). */
    pagesPerS: positive,
    lifetimeMs: positive,
    maxPages: z.number().int().min(1),
    startAtS: nonNeg.default(0),
  })
  .strict();

export const ContigSchema = z
  .object({
    kind: z.literal('contig'),
    name: z.string().default('device'),
    /** Request sizes in pages; with order 'sequence' each size is requested `count` times in turn. */
    sizes: z.array(z.number().int().min(1)).min(1),
    order: z.enum(['sequence', 'cycle', 'random']).default('sequence'),
    count: z.number().int().min(1),
    intervalMs: positive,
    holdMs: nonNeg,
    deadlineMs: positive.optional(),
    /**
     * Alignment order of each request. Unset: the buffer's order capped at CONFIG_CMA_ALIGNMENT (8),
     * as dma_alloc_coherent asks; a caller of cma_alloc passes its own (the GCMA RFC's test passed 1).
     */
    alignOrder: z.number().int().min(0).max(10).optional(),
    startAtS: nonNeg.default(0),
  })
  .strict();

/** One request of a replayed trace (cmawb trace import turns cma tracepoints into these). */
export const TraceRequestSchema = z
  .object({
    /** When the caller asked, from the workload's start (the trace's first request is at 0 unless shifted). */
    atMs: nonNeg,
    pages: z.number().int().min(1),
    /** cma_alloc's align argument: an order. */
    alignOrder: z.number().int().min(0).max(10).default(0),
    /** Buffer lifetime: cma_release came this long after the allocation finished; null: never released in the trace. */
    holdMs: nonNeg.nullable().default(null),
    /** What the traced kernel measured (cma_alloc_start to cma_alloc_finish), for comparison; absent when the trace has no start event. */
    observedUs: nonNeg.optional(),
    /** Whether the traced allocation succeeded. */
    observedOk: z.boolean().optional(),
  })
  .strict();

export const ContigTraceSchema = z
  .object({
    kind: z.literal('contigTrace'),
    name: z.string().default('trace'),
    /** Where the requests came from (the trace file's name), for run names and titles. */
    from: z.string().max(255).optional(),
    /**
     * Requests in the order one task made them. A request waits for the one before it (cma_alloc is
     * synchronous in its caller), so a slower policy delays the rest; buffers are held independently.
     */
    requests: z
      .array(TraceRequestSchema)
      .min(1)
      .superRefine((reqs, ctx) => {
        for (let i = 1; i < reqs.length; i++) {
          if (reqs[i]!.atMs < reqs[i - 1]!.atMs) {
            ctx.addIssue({ code: 'custom', path: [i, 'atMs'], message: `must not be earlier than request ${i - 1} (${reqs[i - 1]!.atMs} ms)` });
            return;
          }
        }
      }),
    /** Where the trace's time 0 falls in the run (lets the background load warm up first). */
    startAtS: nonNeg.default(0),
    deadlineMs: positive.optional(),
  })
  .strict();

export const WorkloadSchema = z.discriminatedUnion('kind', [
  KbuildSchema,
  BlogbenchSchema,
  AppLaunchSchema,
  PinnerSchema,
  SlabSchema,
  ContigSchema,
  ContigTraceSchema,
]);

export const ScenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    title: z.string().default(''),
    description: z.string().default(''),
    source: z.string().default(''),
    machine: MachineSchema,
    /** Upper bound of virtual time; the run ends earlier when every finite workload is done. */
    durationS: positive.max(MAX_DURATION_S),
    sampleIntervalMs: positive.default(1000),
    snapshotIntervalMs: positive.default(10_000),
    workloads: z.array(WorkloadSchema).min(1),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Machine = z.infer<typeof MachineSchema>;
export type Workload = z.infer<typeof WorkloadSchema>;
export type KbuildWorkload = z.infer<typeof KbuildSchema>;
export type BlogbenchWorkload = z.infer<typeof BlogbenchSchema>;
export type AppLaunchWorkload = z.infer<typeof AppLaunchSchema>;
export type PinnerWorkload = z.infer<typeof PinnerSchema>;
export type SlabWorkload = z.infer<typeof SlabSchema>;
export type ContigWorkload = z.infer<typeof ContigSchema>;
export type ContigTraceWorkload = z.infer<typeof ContigTraceSchema>;
export type TraceRequest = z.infer<typeof TraceRequestSchema>;

/** Workloads that make contiguous requests (left out of the baseline run). */
export function isContigWorkload(w: Workload): w is ContigWorkload | ContigTraceWorkload {
  return w.kind === 'contig' || w.kind === 'contigTrace';
}

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** One pageblock of the machine in MiB: the granule of every region (CMA_MIN_ALIGNMENT). */
export function pageblockMiB(m: Pick<Machine, 'platform' | 'pageblockOrder'>): number {
  return 2 ** (m.pageblockOrder ?? getPlatform(m.platform).pageblockOrder) / 256;
}

/** What is wrong with machine.regionMiB, or null: 0 (no region) or whole pageblocks' worth below the memory size. */
export function regionProblem(m: Pick<Machine, 'platform' | 'pageblockOrder' | 'memMiB' | 'regionMiB'>): string | null {
  if (m.regionMiB >= m.memMiB) return `must be smaller than the machine's memory (${m.memMiB} MiB)`;
  const pb = pageblockMiB(m);
  if (m.regionMiB > 0 && m.regionMiB < pb) return `must be 0 (no region) or at least one pageblock (${pb} MiB on ${m.platform}): a region is reserved in whole pageblocks`;
  return null;
}

/**
 * The first workload whose name an earlier one already has, or null. Results and
 * --scenario-set address workloads by name (background.perWorkload, make-j16.jobs).
 */
export function duplicateWorkloadName(workloads: readonly { name: string }[]): { index: number; message: string } | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < workloads.length; i++) {
    const name = workloads[i]!.name;
    const first = seen.get(name);
    if (first !== undefined) return { index: i, message: `"${name}" is already the name of workloads.${first}; give each workload its own name` };
    seen.set(name, i);
  }
  return null;
}

/** Parse and validate; the error names the first bad field by its path. */
export function parseScenario(input: unknown): Scenario {
  const r = ScenarioSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    throw new ScenarioError(`invalid scenario: ${path}: ${issue.message}`);
  }
  const s = r.data;
  const region = regionProblem(s.machine);
  if (region) throw new ScenarioError(`invalid scenario: machine.regionMiB: ${region}`);
  if (s.machine.kernelReservedMiB !== undefined && s.machine.kernelReservedMiB + s.machine.regionMiB >= s.machine.memMiB) {
    throw new ScenarioError('invalid scenario: machine.kernelReservedMiB: with regionMiB it must leave some of machine.memMiB');
  }
  const dup = duplicateWorkloadName(s.workloads);
  if (dup) throw new ScenarioError(`invalid scenario: workloads.${dup.index}.name: ${dup.message}`);
  return s;
}

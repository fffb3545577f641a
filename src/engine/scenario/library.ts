/*
 * Built-in scenarios. Machine sizes and request patterns come from the
 * published experiments (domain.md section 5); workload shapes are modelled
 * assumptions, each stated in docs/scenarios.md and adjustable in a copy of
 * the scenario (cmawb scenarios --json gives the full JSON to start from).
 */
import { parseScenario, type Scenario, type ScenarioInput } from './schema.ts';

const RAW: ScenarioInput[] = [
  {
    name: 'cubox-rfc-v2',
    title: 'GCMA RFC v2 experiment: CuBox-i4 Pro, make -j16, 32 requests per size',
    description:
      '800 MiB board with a 256 MiB area and 128 MiB swap on microSD. A kernel build (make -j16) runs in the background while a test module asks 32 times each for 1 to 32,000 contiguous pages, freeing each buffer at once.',
    source:
      'GCMA RFC v2 cover letter, lore:1424721263-25314-1-git-send-email-sj38.park@gmail.com (domain.md s5); its evaluation module, mm/eval_cma.c in github.com/sjp38/linux.gcma',
    machine: { platform: 'cubox-i4', memMiB: 800, regionMiB: 256, swap: { device: 'storage', sizeMiB: 128 } },
    durationS: 1200,
    sampleIntervalMs: 1000,
    snapshotIntervalMs: 10_000,
    workloads: [
      {
        kind: 'kbuild',
        name: 'make-j16',
        jobs: 16,
        units: 800,
        cpuMsPerUnit: 2500,
        // Measured: cc1 heap, headers read and output written per unit (docs/measurements/cc1.md);
        // output is object + .cmd (58 KiB) plus 3.12's per-directory built-in.o copies (32 KiB).
        anonMiBPerUnit: 31.7,
        // Measured too: make, the shell and the gcc driver, 24.0 MiB over 15.0 jobs; cc1's text
        // and libraries mapped by the running cc1s, scaled to their ARMv7 builds' size.
        jobAnonKiB: 1640,
        textMiB: 13.4,
        // Measured too, in ARMv7 object sizes (docs/measurements/kernel-memory.md): page tables,
        // stacks and task structures per job; the dentries and inodes the build keeps using, and
        // those each unit leaves. They replace an assumed unmovable slab actor.
        jobKernelKiB: 441,
        slabMiB: 3.2,
        slabKiBPerUnit: 5.6,
        headersMiB: 25,
        headerKiBPerUnit: 3280,
        sourceKiBPerUnit: 21,
        objKiBPerUnit: 90,
        shortPinEveryMs: 250,
        shortPinPages: 8,
        shortPinMs: 5,
      },
      // The RFC's table: 8 sizes, 32 requests each. Its module calls cma_alloc(area, pages, 1) from the
      // writing shell and releases the buffer right after timing it. Order and interval are not given:
      // cycling the sizes every 1.5 s spreads each over the build (assumption).
      {
        kind: 'contig',
        name: 'rfc-test',
        sizes: [1, 512, 1024, 2048, 4096, 8192, 16384, 32000],
        order: 'cycle',
        count: 256,
        intervalMs: 1500,
        holdMs: 0,
        alignOrder: 1,
        startAtS: 30,
      },
    ],
  },
  {
    name: 'rpi2-photo',
    title: 'GCMA paper: Raspberry Pi 2, blogbench, a photo every 10 s',
    description:
      '1 GiB board with a 64 MiB area. blogbench keeps the page cache busy with dirty articles and writeback while a camera takes an 8 MP photo (12 MiB buffer) every 10 seconds.',
    source: 'GCMA paper (IEEE TC 2019), domain.md s5',
    machine: { platform: 'rpi2', memMiB: 1024, regionMiB: 64, swap: { device: 'storage', sizeMiB: 100 } },
    durationS: 600,
    sampleIntervalMs: 1000,
    snapshotIntervalMs: 10_000,
    workloads: [
      // An article's dentry, ext4 inode and page-cache tree node: 136 + 752 + 300 bytes in ARMv7
      // sizes (docs/measurements/kernel-memory.md). They replace an assumed unmovable slab actor.
      { kind: 'blogbench', name: 'blogbench', writers: 3, readers: 6, files: 16000, fileKiB: 128, iterations: 6000, thinkMs: 50, slabKiBPerFile: 1.16 },
      { kind: 'contig', name: 'camera', sizes: [3072], order: 'sequence', count: 30, intervalMs: 10_000, holdMs: 2000, deadlineMs: 500, startAtS: 20 },
    ],
  },
  {
    name: 'no-swap-pins',
    title: 'Small board without swap, long-term and short-term pins',
    description:
      '384 MiB board with a 128 MiB area and no swap: movable memory spills into the area and migration can run out of destination pages (-ENOMEM). An RDMA-like driver pins buffers long-term, an O_DIRECT-like task pins short-term, an AIO user keeps rings.',
    source: 'Failure modes from the original LKML thread on CMA and the PCP lists, and domain.md s3',
    machine: { platform: 'cubox-i4', memMiB: 384, regionMiB: 128, swap: { device: 'none', sizeMiB: 0 } },
    durationS: 400,
    sampleIntervalMs: 1000,
    snapshotIntervalMs: 10_000,
    workloads: [
      {
        kind: 'kbuild',
        name: 'make-j8',
        jobs: 8,
        units: 240,
        cpuMsPerUnit: 2000,
        anonMiBPerUnit: 40,
        headersMiB: 32,
        headerKiBPerUnit: 2048,
        sourceKiBPerUnit: 24,
        objKiBPerUnit: 48,
        shortPinEveryMs: 200,
        shortPinPages: 8,
        shortPinMs: 5,
      },
      { kind: 'pinner', name: 'rdma', mode: 'long', bufferPages: 4096, pinPages: 2048, everyMs: 30_000, durationMs: 25_000 },
      { kind: 'pinner', name: 'odirect', mode: 'short', bufferPages: 8192, pinPages: 64, everyMs: 50, durationMs: 20 },
      { kind: 'pinner', name: 'aio', mode: 'aio', bufferPages: 64, pinPages: 64, everyMs: 20_000, durationMs: 15_000 },
      { kind: 'contig', name: 'codec', sizes: [8192, 16384, 28672], order: 'cycle', count: 45, intervalMs: 3000, holdMs: 1000, startAtS: 10 },
    ],
  },
  {
    name: 'phone-camera',
    title: '8 GiB phone: app-launch storms, heavy page cache, camera bursts',
    description:
      'An Android-like phone with zram swap. App-launch storms fill the page cache and anonymous memory while the camera allocates 16 and 48 MiB buffers in bursts with a 100 ms deadline.',
    source: 'Android GCMA revival (2025) motivation, domain.md s4; sizes are assumptions',
    machine: { platform: 'phone-8g', memMiB: 8192, regionMiB: 512, swap: { device: 'zram', sizeMiB: 4096 } },
    durationS: 600,
    sampleIntervalMs: 1000,
    snapshotIntervalMs: 10_000,
    workloads: [
      { kind: 'appLaunch', name: 'apps', appsPerStorm: 6, stormEveryS: 20, storms: 12, fileMiBPerApp: 120, anonMiBPerApp: 250, lifetimeS: 90 },
      { kind: 'blogbench', name: 'media-scan', writers: 2, readers: 4, files: 4000, fileKiB: 512, iterations: 800, thinkMs: 150 },
      { kind: 'slab', name: 'slab', pagesPerS: 500, lifetimeMs: 30_000, maxPages: 30000 },
      { kind: 'contig', name: 'camera', sizes: [4096, 12288], order: 'cycle', count: 60, intervalMs: 1500, holdMs: 3000, deadlineMs: 100, startAtS: 15 },
    ],
  },
];

export const SCENARIOS: Scenario[] = RAW.map((s) => parseScenario(s));

export function findScenario(name: string): Scenario | undefined {
  const s = SCENARIOS.find((x) => x.name === name);
  return s ? structuredClone(s) : undefined;
}

/*
 * npm run validate: regenerate docs/validation.md. Runs cubox-rfc-v2 for
 * carveout, legacy-cma, gcma and gcma with zram (seed 1, with the background
 * baseline) and sets our numbers beside the GCMA RFC v2 cover letter's table.
 * Platform constants are the profile's, with their sources; nothing is fitted.
 */
import { writeFileSync } from 'node:fs';
import { runSimulation } from '../src/engine/run.ts';
import { findScenario } from '../src/engine/scenario/library.ts';
import { findPolicy } from '../src/main/plugins/builtin.ts';
import type { Params, RunResult, RunSummary } from '../src/engine/result.ts';
import type { Scenario } from '../src/engine/scenario/schema.ts';
import { ENGINE_VERSION } from '../src/engine/version.ts';
import { windowMeans } from '../src/engine/metrics/window.ts';
import { slowestRequests } from '../src/engine/metrics/summary.ts';
import { bootReservedPages } from '../src/engine/kernel.ts';
import { getPlatform } from '../src/engine/platform/profiles.ts';
import { schedLatencyNs } from '../src/engine/workload/cfs-task.ts';
import { ci95, mean } from '../src/shared/stats.ts';
import { CAUSE_WAIT_WRITEBACK } from '../src/engine/migrate/contig.ts';

// GCMA RFC v2 cover letter (lore:1424721263-25314-1-git-send-email-sj38.park@gmail.com), its
// latency table: pages -> [min, max, avg] in µs, per variant.
const PUBLISHED: Record<string, Record<string, [number, number, number]>> = {
  CMA: {
    '1': [381, 2853, 684],
    '512': [818, 2382, 1162],
    '1024': [3113, 184703, 12303],
    '2048': [2545, 790727, 33084],
    '4096': [2899, 2768349, 298640],
    '8192': [4476, 3496211, 407076],
    '16384': [7266, 4132546, 657603],
    '32000': [8612, 3910423, 641340],
  },
  GCMA: {
    '1': [13, 279, 26],
    '512': [512, 10140, 2002],
    '1024': [1016, 17426, 3495],
    '2048': [2029, 27027, 5983],
    '4096': [4087, 86887, 13091],
    '8192': [8254, 75976, 17519],
    '16384': [16398, 98087, 30474],
    '32000': [32328, 92502, 44675],
  },
  'GCMA+zram': {
    '1': [14, 274, 101],
    '512': [510, 648, 600],
    '1024': [1014, 1284, 1192],
    '2048': [2142, 3781, 2829],
    '4096': [4101, 6046, 4780],
    '8192': [9888, 11386, 10580],
    '16384': [21079, 23641, 22491],
    '32000': [44859, 654966, 249453],
  },
};
// Elapsed time of the build, average of 5 runs; "alone" is the CMA kernel without requests.
const PUBLISHED_BUILD = { alone: 507.738, CMA: 523.738, GCMA: 515.042, 'GCMA+zram': 513.622 };

type Machine = Scenario['machine'];
const storageSwap = (m: Machine): Machine => m;
// The RFC's zram variant swaps to 128 MiB of zram instead of the microSD partition; its
// frontswap is write-through (the only mode the RFC implemented), so every copy is also in zram.
const zramSwap = (m: Machine): Machine => ({ ...m, swap: { device: 'zram', sizeMiB: 128 } });
const runs: [string, string, string, Params, (m: Machine) => Machine][] = [
  ['carve-out', 'carveout', '-', {}, storageSwap],
  ['CMA', 'legacy-cma', 'CMA', {}, storageSwap],
  ['GCMA', 'gcma', 'GCMA', { preset: 'gcma-rfc-2015' }, storageSwap],
  ['GCMA+zram', 'gcma', 'GCMA+zram', { preset: 'gcma-rfc-2015' }, zramSwap],
];
/** cubox-rfc-v2 with the machine's swap set for the variant and the build's heap changed. */
function cubox(machine: (m: Machine) => Machine = storageSwap, anonMiBPerUnit?: number): Scenario {
  const scenario = findScenario('cubox-rfc-v2')!;
  scenario.machine = machine(scenario.machine);
  if (anonMiBPerUnit !== undefined) scenario.workloads = scenario.workloads.map((w) => (w.kind === 'kbuild' ? { ...w, anonMiBPerUnit } : w));
  return scenario;
}
/** One run without the baseline; the sensitivity and by-seed tables share runs (same inputs, same result). */
const runCache = new Map<string, RunResult>();
function runCubox(policy: string, params: Params, machine: (m: Machine) => Machine, anon: number, seed: number): RunResult {
  const key = JSON.stringify([policy, params, machine === zramSwap, anon, seed]);
  let r = runCache.get(key);
  if (!r) {
    r = runSimulation({ scenario: cubox(machine, anon), policy, params, seed, options: { baseline: false } }, findPolicy(policy)!);
    runCache.set(key, r);
  }
  return r;
}

const fmt = (us: number | null | undefined): string => (us == null || Number.isNaN(us) ? '-' : us >= 1000 ? `${Math.round(us).toLocaleString('en-US')}` : us.toFixed(0));
const SIZES = Object.keys(PUBLISHED['CMA']!);
const results: [string, string, RunResult][] = [];
for (const [label, policy, pub, params, machine] of runs) {
  const r = runSimulation({ scenario: cubox(machine), policy, params, seed: 1 }, findPolicy(policy)!);
  results.push([label, pub, r]);
  process.stderr.write(`validate: ${label} done (${r.summary.requests.failed} failed)\n`);
}
/** The slowest successful request of any size and the first cause that held it up. */
type Slowest = { ms: number; pages: number; causes: string[] };

function slowest(r: RunResult): Slowest {
  const [worst] = slowestRequests(r.requests.filter((q) => q.ok), 1);
  return { ms: (worst?.latencyUs ?? NaN) / 1000, pages: worst?.pages ?? 0, causes: Object.keys(worst?.causes ?? {}) };
}

const cuboxDefault = cubox();
const kbuildDefault = cuboxDefault.workloads.find((w) => w.kind === 'kbuild');
const DEFAULT_ANON = kbuildDefault?.kind === 'kbuild' ? kbuildDefault.anonMiBPerUnit : NaN;
const requester = cuboxDefault.workloads.find((w) => w.kind === 'contig');
const platform = getPlatform(cuboxDefault.machine.platform);
const totalPages = cuboxDefault.machine.memMiB * 256;
const reservedMiB = bootReservedPages(totalPages, platform) / 256;
const memmapMiB = (totalPages * platform.structPageBytes) / 2 ** 20;
const normalMiB = cuboxDefault.machine.memMiB - cuboxDefault.machine.regionMiB - reservedMiB;
const lagMs = schedLatencyNs(platform.cpus) / 2 / 1e6;

const lines: string[] = [];
lines.push('# Validation against published numbers');
lines.push('');
lines.push(`Generated by \`npm run validate\` (scripts/validate.ts), engine ${ENGINE_VERSION}, scenario \`cubox-rfc-v2\`, seed 1.`);
lines.push('Published columns: the cover letter of GCMA RFC v2 (lore:1424721263-25314-1-git-send-email-sj38.park@gmail.com), which domain.md section 5 quotes in part.');
lines.push('Platform constants are those of the `cubox-i4` profile (src/engine/platform/profiles.ts), each with its source. One of them, `pageTakeNs`, comes from the published minimum latencies of CMA, so the CMA minimum column is an input rather than a check; nothing else was taken from this table.');
lines.push('');
lines.push('## The experiment');
lines.push('');
lines.push(`- **Machine:** CuBox-i4 Pro limited to ${cuboxDefault.machine.memMiB} MiB, ${cuboxDefault.machine.regionMiB} MiB area, ${cuboxDefault.machine.swap.sizeMiB} MiB swap on the microSD card (or ${cuboxDefault.machine.swap.sizeMiB} MiB of zram); Linux v3.17 with the patches. The kernel keeps ${reservedMiB.toFixed(1)} MiB from boot: its image (${(platform.kernelImageKiB / 1024).toFixed(1)} MiB, from an i.MX6 boot log) and the memmap (${memmapMiB.toFixed(2)} MiB at ${platform.structPageBytes} bytes per page). That leaves ${normalMiB.toFixed(0)} MiB of normal memory.`);
if (kbuildDefault?.kind === 'kbuild') {
  lines.push(`- **Background:** \`make defconfig && make -j16\` of Linux v3.12.6; ours has ${kbuildDefault.units} units of about ${kbuildDefault.cpuMsPerUnit / 1000} CPU-seconds, with the compiler inputs measured in docs/measurements/cc1.md: cc1's heap, what it reads and writes, ${kbuildDefault.jobAnonKiB.toLocaleString('en-US')} KiB per job for make, the shells and the gcc driver, and ${kbuildDefault.textMiB} MiB of compiler text that the running cc1s keep mapped; and the kernel memory measured in docs/measurements/kernel-memory.md: ${kbuildDefault.jobKernelKiB} KiB of unmovable pages per job, ${kbuildDefault.slabMiB} MiB of dentries and inodes the build keeps using, ${kbuildDefault.slabKiBPerUnit} KiB of reclaimable slab left by each unit.`);
}
if (requester?.kind === 'contig') {
  lines.push(`- **Requests:** the RFC's evaluation module (mm/eval_cma.c in github.com/sjp38/linux.gcma) times one \`cma_alloc(area, pages, 1)\` per write to a debugfs file and frees the buffer at once. Ours: ${requester.count} requests cycling through ${requester.sizes.length} sizes (${requester.sizes.join(', ')} pages), one every ${requester.intervalMs / 1000} s from ${requester.startAtS} s, alignment order ${requester.alignOrder}, freed at once. The interval and the order of sizes are not published.`);
}
lines.push(`- **The allocating task** is the shell that writes the file: one nice-0 task among the build's 16 jobs on 4 CPUs. Under CFS it runs at once for the ${lagMs} ms of lag it earned asleep (half of sysctl_sched_latency), then gets its fair share. CMA's migration loops pass \`cond_resched()\`, so they share the CPUs; GCMA's loop runs under its spinlocks and keeps its CPU (an assumption: the RFC's gcma.c is not in our sources).`);
lines.push('');
lines.push('## Allocation latency (µs) of successful requests: min / avg / max');
lines.push('');
lines.push('| policy | pages | ours | published | failed (ours) |');
lines.push('|---|---|---|---|---|');
for (const [label, pub, r] of results) {
  for (const size of SIZES) {
    const b = r.summary.requests.bySize[size];
    const p = PUBLISHED[pub]?.[size];
    lines.push(`| ${label} | ${size} | ${fmt(b?.minUs)} / ${fmt(b?.meanUs)} / ${fmt(b?.maxUs)} | ${p ? `${fmt(p[0])} / ${fmt(p[2])} / ${fmt(p[1])}` : '-'} | ${b?.failed ?? '-'} |`);
  }
}
lines.push('');
lines.push('## Background build time (s)');
lines.push('');
// The RFC averaged 5 builds; so do we (seeds 1-5, each with its own run without requests).
const BUILD_SEEDS = [1, 2, 3, 4, 5];
const spread = (xs: number[]): string => `${mean(xs).toFixed(1)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
/** Each seed's build with requests over its own build without, as a percentage: mean ± 95 % interval. */
const pairedSlowdown = (withReq: number[], without: number[]): string => {
  const pct = withReq.map((w, i) => (w / without[i]! - 1) * 100);
  const m = mean(pct);
  const ci = ci95(pct);
  return `${m >= 0 ? '+' : ''}${m.toFixed(1)} ${ci === null ? '' : `± ${ci.toFixed(1)} `}%`;
};
interface BuildPairs {
  withReq: number[];
  without: number[];
}
/** Kept in pairs: the per-seed slowdown divides each seed's two builds. */
function addPair(pairs: BuildPairs, r: RunResult): void {
  const { completionS, baselineS } = r.summary.background;
  if (completionS === null || baselineS === null) return;
  pairs.withReq.push(completionS);
  pairs.without.push(baselineS);
}
const builds = new Map<string, BuildPairs>();
lines.push(`Mean over seeds ${BUILD_SEEDS[0]}-${BUILD_SEEDS[BUILD_SEEDS.length - 1]} (lowest-highest); each seed also runs without the requests. The last column pairs each seed's two builds: an interval that spans 0 means five seeds cannot tell the requests' cost from the seed's.`);
lines.push('');
lines.push('| policy | ours: with requests | ours: without requests | slowdown of the means | published (average of 5) | per-seed slowdown (95 % interval) |');
lines.push('|---|---|---|---|---|---|');
for (const [label, policy, pub, params, machine] of runs) {
  const pairs: BuildPairs = { withReq: [], without: [] };
  for (const seed of BUILD_SEEDS) {
    const r = seed === 1 ? results.find(([l]) => l === label)![2] : runSimulation({ scenario: cubox(machine), policy, params, seed }, findPolicy(policy)!);
    // Its main phase is the later tables' run for this seed and heap: keep it.
    runCache.set(JSON.stringify([policy, params, machine === zramSwap, DEFAULT_ANON, seed]), r);
    addPair(pairs, r);
  }
  builds.set(label, pairs);
  const { withReq, without } = pairs;
  const published = pub in PUBLISHED_BUILD ? (PUBLISHED_BUILD as Record<string, number>)[pub] : undefined;
  lines.push(`| ${label} | ${spread(withReq)} | ${spread(without)} | ${(mean(withReq) / mean(without)).toFixed(3)} | ${published?.toFixed(1) ?? '-'} (alone ${PUBLISHED_BUILD.alone.toFixed(1)}) | ${pairedSlowdown(withReq, without)} |`);
  process.stderr.write(`validate: builds ${label} done\n`);
}
// Five seeds are the RFC's count, but a build's length varies by a few percent from seed to
// seed: CMA's pairs on 20 seeds say whether its slowdown is resolved at all.
const MORE_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const cmaMore: BuildPairs = { withReq: [...builds.get('CMA')!.withReq], without: [...builds.get('CMA')!.without] };
for (const seed of MORE_SEEDS.filter((s) => !BUILD_SEEDS.includes(s))) {
  addPair(cmaMore, runSimulation({ scenario: cubox(), policy: 'legacy-cma', params: {}, seed }, findPolicy('legacy-cma')!));
}
process.stderr.write('validate: CMA builds on 20 seeds done\n');
lines.push('');
lines.push(`CMA on seeds ${MORE_SEEDS[0]}-${MORE_SEEDS[MORE_SEEDS.length - 1]}, paired the same way: ${pairedSlowdown(cmaMore.withReq, cmaMore.without)} (${mean(cmaMore.withReq).toFixed(1)} s with requests, ${mean(cmaMore.without).toFixed(1)} s without).`);
// Sensitivity: the one workload input that moves CMA the most is the compiler's heap size.
lines.push('');
lines.push("## Sensitivity to the build's anonymous memory per unit");
lines.push('');
lines.push(`Same scenario with \`anonMiBPerUnit\` changed. The default, ${DEFAULT_ANON} MiB, is the mean peak heap measured for cc1 on an ARMv7 kernel build (docs/measurements/cc1.md); 24 MiB was the assumption before it was measured. More anonymous memory spills movable pages into the CMA area (legacy placement), but it costs the policies that keep the area to themselves a swapping build.`);
lines.push('');
lines.push('| anon MiB/unit | policy | 32,000-page avg / max (µs) | slowest request (ms, pages) | failed | region use | build (s) | swapped out (pages) | OOM kills |');
lines.push('|---|---|---|---|---|---|---|---|---|');
const sensitivity = new Map<string, RunResult>();
for (const anon of [24, DEFAULT_ANON, 40, 48]) {
  for (const [label, policy, params] of [['CMA', 'legacy-cma', {}], ['GCMA', 'gcma', { preset: 'gcma-rfc-2015' }], ['carve-out', 'carveout', {}]] as [string, string, Params][]) {
    const r = runCubox(policy, params, storageSwap, anon, 1);
    const s = r.summary;
    sensitivity.set(`${label}@${anon}`, r);
    const b = s.requests.bySize['32000'];
    const w = slowest(r);
    lines.push(`| ${anon} | ${label} | ${fmt(b?.meanUs)} / ${fmt(b?.maxUs)} | ${fmt(w.ms)} (${w.pages}) | ${s.requests.failed} | ${(s.region.meanUtilisation * 100).toFixed(1)} % | ${s.background.completionS?.toFixed(1) ?? '-'} | ${fmt(s.vmstat['pswpout'])} | ${s.vmstat['oom_kill']} |`);
    process.stderr.write(`validate: sensitivity anon=${anon} ${label} done\n`);
  }
}
// The tails depend on what is under writeback at the moment a request comes: show the spread over seeds.
const SEEDS = [1, 2, 3, 4, 5];
lines.push('');
lines.push(`The slowest request of any size (ms) and failed requests, seeds ${SEEDS.join(', ')} (published maxima: CMA 4,133 ms, GCMA+zram 655 ms):`);
lines.push('');
lines.push(`| policy | anon MiB/unit | ${SEEDS.map((s) => `seed ${s}`).join(' | ')} |`);
lines.push(`|---|---|${SEEDS.map(() => '---').join('|')}|`);
const bySeed: [string, string, Params, (m: Machine) => Machine, number][] = [
  ['CMA', 'legacy-cma', {}, storageSwap, 24],
  ['CMA', 'legacy-cma', {}, storageSwap, DEFAULT_ANON],
  ['CMA', 'legacy-cma', {}, storageSwap, 40],
  ['GCMA+zram', 'gcma', runs[3]![3], zramSwap, DEFAULT_ANON],
  ['GCMA+zram', 'gcma', runs[3]![3], zramSwap, 40],
];
const slowestBySeed = new Map<string, Slowest[]>();
const anonMiB: { mean: number; peak: number }[] = [];
for (const [label, policy, params, machine, anon] of bySeed) {
  const worst: Slowest[] = [];
  slowestBySeed.set(`${label}@${anon}`, worst);
  const cells = SEEDS.map((seed) => {
    const r = runCubox(policy, params, machine, anon, seed);
    const s = r.summary;
    const w = slowest(r);
    worst.push(w);
    if (label === 'CMA' && anon === DEFAULT_ANON) {
      // The build's anonymous memory while it runs (samples up to its completion).
      const end = (s.background.completionS ?? Infinity) * 1e9;
      const a = r.series.columns['anon_pages']!.filter((_, i) => r.series.t[i]! <= end);
      anonMiB.push({ mean: a.reduce((x, y) => x + y, 0) / a.length / 256, peak: Math.max(...a) / 256 });
    }
    return `${fmt(w.ms)} / ${s.requests.failed}`;
  });
  lines.push(`| ${label} | ${anon} | ${cells.join(' | ')} |`);
  process.stderr.write(`validate: seeds ${label} anon=${anon} done\n`);
}
// A second published observation: where pre-5.8 placement leaves the area under page-cache pressure.
lines.push('');
lines.push('## CMA placement under page-cache pressure');
lines.push('');
lines.push('Joonsoo Kim (cover letter of the ZONE_CMA RFC, linux-mm, 2015: mail.spinics.net/lists/linux-mm/msg84419.html): on a 1 GiB machine with 512 MiB of CMA he saw kswapd woken while about 512 MB was still free, so free memory hovered around the size of the area. Free CMA does not count toward kswapd\'s watermark and CMA is only a fallback once the MOVABLE lists are empty, so the area stays almost free. Ours, `rpi2-photo` (blogbench fills the page cache of a 1 GiB board with a 64 MiB area), mean over 200-300 s, seed 1:');
lines.push('');
lines.push('| policy | free pages outside the area | free pages in the area | area pages borrowed | photo avg / max (µs) |');
lines.push('|---|---|---|---|---|');
for (const [label, policy] of [['CMA (pre-5.8)', 'legacy-cma'], ['CMA (v5.8 CMA-first)', 'mainline-cma']] as [string, string][]) {
  const r = runSimulation({ scenario: findScenario('rpi2-photo')!, policy, params: {}, seed: 1, options: { baseline: false } }, findPolicy(policy)!);
  const m = windowMeans(r.series, 200e9, 300e9);
  const lat = r.summary.requests.latencyUs;
  lines.push(`| ${label} | ${fmt(m['free_pages']! - m['free_cma_pages']!)} | ${fmt(m['free_cma_pages'])} | ${fmt(m['region_anon']! + m['region_file']!)} of ${fmt(r.map.regionPages)} | ${fmt(lat.mean)} / ${fmt(lat.max)} |`);
  process.stderr.write(`validate: placement ${label} done\n`);
}

const range = (xs: number[], digits = 0): string => {
  const lo = Math.min(...xs).toFixed(digits);
  const hi = Math.max(...xs).toFixed(digits);
  return lo === hi ? lo : `${lo}-${hi}`;
};
const summaryOf = (label: string): RunSummary => results.find(([l]) => l === label)![2].summary;
const cmaRun = summaryOf('CMA');
const gcmaRun = summaryOf('GCMA');
const cmaDefault = sensitivity.get(`CMA@${DEFAULT_ANON}`)!.summary;
const cma40 = sensitivity.get('CMA@40')!.summary;
const gcma40 = sensitivity.get('GCMA@40')!.summary;
const carve40 = sensitivity.get('carve-out@40')!.summary;
const tailsDefault = slowestBySeed.get(`CMA@${DEFAULT_ANON}`)!.filter((w) => w.ms >= 1000);
const tails40 = slowestBySeed.get('CMA@40')!.filter((w) => w.ms >= 1000);
const zram40 = slowestBySeed.get('GCMA+zram@40')!.map((w) => w.ms);
const peaks = anonMiB.map((x) => x.peak);
// A slow request with no cause named lost its time migrating, not waiting on a blocker.
const causes = (ws: Slowest[]): string =>
  [...new Set(ws.flatMap((w) => (w.causes.length ? w.causes.map((c) => `"${c}"`) : ['none named: migration work alone'])))].join(', ');
const anyWriteback = (ws: Slowest[]): boolean => ws.some((w) => w.causes.includes(CAUSE_WAIT_WRITEBACK));
const ratio = (ours: number | null | undefined, theirs: number): string => (ours ? `${(theirs / ours).toFixed(0)}x` : '-');
const cma32 = cmaRun.requests.bySize['32000'];
const cmaBuild = builds.get('CMA')!;
const seedsHave = (n: number): string => `${n} of ${SEEDS.length} seeds ${n === 1 ? 'has' : 'have'}`;
const cma1 = cmaRun.requests.bySize['1'];

lines.push('');
lines.push('## Where we differ and why');
lines.push('');
lines.push('- **Build length is an input, not a result.** The kbuild workload has 800 units of ~2.5 CPU-seconds on 4 CPUs, chosen so the CPU work matches the published 507.7 s build; the slowdowns beside it are outputs.');
lines.push(`- **The build's inputs are measured** (docs/measurements/cc1.md): cc1's peak heap (${DEFAULT_ANON} MiB mean) and its front-loaded growth, the headers read and bytes written per unit, the header set. With them, under legacy CMA the build's anonymous memory averages ${range(anonMiB.map((x) => x.mean))} MiB over seeds ${SEEDS[0]}-${SEEDS[SEEDS.length - 1]} and peaks at ${range(peaks)} MiB, against ${normalMiB.toFixed(0)} MiB of normal memory; seed 1 swaps out ${fmt(cmaDefault.vmstat['pswpout'])} pages.`);
const migrated = cmaRun.vmstat['pgmigrate_success'] ?? 0;
lines.push(`- **The build barely notices CMA's requests.** Over seeds ${BUILD_SEEDS[0]}-${BUILD_SEEDS[BUILD_SEEDS.length - 1]} it takes ${mean(cmaBuild.withReq).toFixed(1)} s on average with them and ${mean(cmaBuild.without).toFixed(1)} s without (${(mean(cmaBuild.withReq) / mean(cmaBuild.without)).toFixed(3)}; the RFC: ${(PUBLISHED_BUILD.CMA / PUBLISHED_BUILD.alone).toFixed(3)}; seed by seed ${pairedSlowdown(cmaBuild.withReq, cmaBuild.without)}, and over 20 seeds ${pairedSlowdown(cmaMore.withReq, cmaMore.without)}), while a single seed's build ranges over ${range(cmaBuild.withReq)} s: in our model five builds cannot resolve an effect of a few percent. In seed 1 the requests migrate ${fmt(migrated)} pages, about ${((migrated * platform.migratePageNs) / 1e9).toFixed(1)} CPU-seconds at ${platform.migratePageNs / 1000} µs a page, out of the build's ~2,000. The RFC's CMA build used 32.5 s more user time and 4.5 s more system time than without requests: more than migration alone would cost, which suggests the build's own work slowed (faults on moved pages, caches). We charge the build nothing for pages moved under it.`);
lines.push(`- **Legacy CMA's averages are lower than published.** A single page costs ${fmt(cma1?.meanUs)} µs on average against the RFC's 684 µs: the per-CPU drains dominate it, and at that size the task's lag covers it. For 32,000 pages we average ${fmt(cma32?.meanUs)} µs against 641,340 (${ratio(cma32?.meanUs, 641340)}). The RFC's averages imply that much of the area was borrowed, and busy, when its requests came. Linux 3.17 placed movable pages in CMA only as a fallback once the MOVABLE lists were empty, and free CMA did not count toward kswapd's watermark, so the area stays nearly free (${(cmaDefault.region.meanUtilisation * 100).toFixed(1)} % borrowed) while the build fits in normal memory. This is the behaviour Joonsoo Kim measured in 2015 (section above), and our engine reproduces it. How much is borrowed depends on what wakes kswapd: unmovable allocations check the watermark without free CMA, movable ones count it. Before engine 0.8.0 an assumed stream of unmovable allocations woke kswapd and kept the area at about 0.7 % borrowed; the measured kernel memory does not (docs/measurements/kernel-memory.md, What it changes).`);
const cmaRecords = results.find(([l]) => l === 'CMA')![2].requests;
const migratedAt = (pages: number): number => {
  const qs = cmaRecords.filter((q) => q.pages === pages);
  return qs.reduce((a, q) => a + q.migrated, 0) / qs.length;
};
lines.push(`- **Both tables jump between 512 and 1,024 pages** (the RFC's CMA average goes from 1.2 to 12 ms, ours from ${((cmaRun.requests.bySize['512']?.meanUs ?? NaN) / 1000).toFixed(1)} to ${((cmaRun.requests.bySize['1024']?.meanUs ?? NaN) / 1000).toFixed(1)} ms). In ours, 1,024 pages is a whole pageblock: a request that reaches past the first 512 pages of the area migrates ${fmt(migratedAt(1024))} borrowed pages on average, one of 512 pages ${migratedAt(512).toFixed(1)}. We have not checked that the RFC's jump has the same cause.`);
lines.push(`- **Multi-second CMA tails appear when the build's memory spills into the area.** With the measured heap, ${tailsDefault.length ? `${seedsHave(tailsDefault.length)} a request slower than a second (${range(tailsDefault.map((w) => w.ms / 1000), 1)} s; reasons ${causes(tailsDefault)})` : `no seed of ${SEEDS.length} has a request slower than a second (the slowest takes ${fmt(Math.max(...slowestBySeed.get(`CMA@${DEFAULT_ANON}`)!.map((w) => w.ms)))} ms)`}. A build ${Math.round((40 / DEFAULT_ANON - 1) * 100)} % hungrier (40 MiB per unit) spills movable pages into the area (${(cma40.region.meanUtilisation * 100).toFixed(1)} % borrowed on average; seed 1 swaps out ${fmt(cma40.vmstat['pswpout'])} pages), and ${seedsHave(tails40.length)} such tails (${tails40.length ? `${range(tails40.map((w) => w.ms / 1000), 1)} s; reasons ${causes(tails40)}` : '-'}): more borrowed pages to migrate${anyWriteback(tails40) ? ", some of them under writeback behind the build's own I/O" : ''}, by a task that gets a fair share of the CPUs. At the same heap the GCMA build swaps ${fmt(gcma40.vmstat['pswpout'])} pages and finishes in ${gcma40.background.completionS?.toFixed(0)} s; the carve-out build swaps ${fmt(carve40.vmstat['pswpout'])} and takes ${carve40.background.completionS?.toFixed(0)} s. Which seeds show tails depends on what a request finds in its range when it comes, so we do not fit the heap to the table.`);
lines.push(`- **GCMA costs are close in shape.** GCMA takes about 1 µs per page (\`pageAllocNs\`; the RFC's fastest 32,000-page GCMA request took 32,328 µs), without sharing its CPU. With the measured build little clean page cache is evicted, so the area holds few copies: a 32,000-page request averages ${fmt((gcmaRun.requests.bySize['32000']?.meanUs ?? NaN) / 1000)} ms (the RFC measured 45 ms). When the build swaps, large requests also pay for dropping cleancache copies (1.5-3 µs each, domain.md) and, with write-back frontswap, for the swap device at microSD speed.`);
lines.push(`- **GCMA with zram is not reproduced.** The RFC's zram variant swapped to 128 MiB of zram instead of the microSD partition, and its frontswap was write-through (the only mode it implemented), so every frontswap copy in the area also sat in zram and could be dropped like a clean page. We run it that way. At the measured heap it behaves like GCMA; at 40 MiB its slowest requests take ${range(zram40)} ms. The RFC measured 249 ms on average (655 ms at most) for 32,000 pages, yet 4.8 ms for 4,096 pages, faster than its GCMA without zram (13 ms). Dropping copies does not explain that pattern.`);
// The stored eval_cma.c subtracts the nanosecond fields of two timespecs and ignores the seconds.
const WRAP_US = 2 ** 32 / 1000; // a negative 32-bit difference read as unsigned long, in µs
const zram32 = PUBLISHED['GCMA+zram']?.[32000];
const noWrap = zram32 ? (1 - zram32[2] / 1e6) ** 32 : NaN;
lines.push(`- **The published timings are not raw output of the stored evaluation module.** Its \`time_diff\` subtracts the nanosecond fields only; on the board's 32-bit kernel a call that ends in a later second with a smaller nanosecond field would read ${fmt(WRAP_US - 1e6)}-${fmt(WRAP_US)} µs, and one longer than a second would read modulo a second. Several CMA maxima fall in that band, but the 4,096-page maximum (${fmt(PUBLISHED['CMA']?.[4096]?.[1])} µs) is a value that code cannot return, and GCMA+zram's 32 requests of 32,000 pages average ${fmt(zram32?.[2])} µs yet never read above ${fmt(zram32?.[1])}: with that timer the chance of no wrap among them is about ${noWrap.toExponential(0)}. So the RFC measured with a timer other than the stored one, and we compare against its table as published.`);
lines.push('- **Not modelled:** the board\'s userspace (the RFC does not say what else ran), highmem (on a 3G/1G split about 40 MiB of 800 MiB would be highmem), the CMA bitmap\'s order_per_bit, THP, compaction (its 3.17 free scanner may target partly used CMA pageblocks, but `compaction_suitable` skips compaction while normal memory is below its watermark), ext4 metadata held by the journal, congestion of the request queue for the flusher and `balance_dirty_pages` (only reclaim writes respect it), and the cost of the test module itself.');
lines.push('');
writeFileSync(new URL('../docs/validation.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));

/* scripts/measure-cc1: what summarize.mjs reports from a sampler log and a built tree, and link-copies.mjs from a tree's vmlinux.a. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/measure-cc1/summarize.mjs');

/** A kernel tree with two built units: kbuild's .cmd file lists each unit's source and headers. */
function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc1-'));
  mkdirSync(join(dir, 'include'));
  mkdirSync(join(dir, 'mm'));
  writeFileSync(join(dir, 'include/a.h'), 'x'.repeat(2048));
  writeFileSync(join(dir, 'include/b.h'), 'x'.repeat(1024));
  const unit = (name: string, srcBytes: number, objBytes: number, headers: string[]) => {
    writeFileSync(join(dir, `mm/${name}.c`), 'x'.repeat(srcBytes));
    writeFileSync(join(dir, `mm/${name}.o`), 'x'.repeat(objBytes));
    const deps = headers.map((h) => `  ${h} \\`).join('\n');
    writeFileSync(join(dir, `mm/.${name}.o.cmd`), `savedcmd_mm/${name}.o := gcc -c\n\nsource_mm/${name}.o := mm/${name}.c\n\ndeps_mm/${name}.o := \\\n${deps}\n\nmm/${name}.o: $(deps_mm/${name}.o)\n`);
  };
  unit('one', 1024, 4096, ['include/a.h', 'include/b.h']);
  unit('two', 3072, 8192, ['include/a.h']);
  return dir;
}

function summarize(log: string, dir: string): Record<string, any> {
  const logPath = join(dir, 'cc1.log');
  writeFileSync(logPath, log);
  const r = spawnSync(process.execPath, [SCRIPT, logPath, dir], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('measure-cc1 summarize', () => {
  it('reports peaks, the growth curve over tenths of the run, and per-unit reads and writes', () => {
    const dir = tree();
    // Unit one grows linearly to 10 MiB over 10 samples; unit two jumps to its 20 MiB peak at once.
    const linear = Array.from({ length: 10 }, (_, i) => (i + 1) * 1024).join(',');
    const flat = Array.from({ length: 10 }, () => 20480).join(',');
    const out = summarize(`mm/one.c 10240 ${linear}\nmm/two.c 20480 ${flat}\n? 160 160\n`, dir);
    expect(out['cc1AnonPeakMiB']).toMatchObject({ n: 2, mean: 15, max: 20 });
    expect(out['unitsWithCurve']).toBe(2);
    // Average of a straight line (0.1 .. 1) and a flat line (1 throughout).
    expect(out['heapCurve'][0]).toBeCloseTo((0.1 + 1) / 2, 2);
    expect(out['heapCurve'][9]).toBe(1);
    // Headers: unit one read 3 KiB, unit two 2 KiB; 3 KiB distinct.
    expect(out['headersReadPerUnitKiB']).toMatchObject({ n: 2, mean: 2.5 });
    expect(out['uniqueHeadersMiB']).toBe(0);
    expect(out['sourcePerUnitKiB']).toMatchObject({ mean: 2 });
    // Written: the object plus its .cmd file.
    expect(out['outputPerUnitKiB'].mean).toBeGreaterThan(6);
    expect(out['outputPerUnitKiB'].mean).toBeLessThan(6.5);
  });

  it('leaves units sampled fewer than 10 times out of the curve but not out of the peaks', () => {
    const dir = tree();
    const out = summarize(`mm/one.c 4096 1024,4096\nmm/two.c 8192 ${Array.from({ length: 10 }, (_, i) => (i + 1) * 819.2).join(',')}\n`, dir);
    expect(out['cc1AnonPeakMiB'].n).toBe(2);
    expect(out['unitsWithCurve']).toBe(1);
    expect(out['heapCurve'][4]).toBeCloseTo(0.5, 2);
  });

  it('prints its usage and exits 2 without arguments', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: node summarize.mjs LOG KERNEL_DIR/);
  });
});

describe('measure-cc1 link-copies', () => {
  const LINK_SCRIPT = join(import.meta.dirname, '../../scripts/measure-cc1/link-copies.mjs');

  it("counts an object's bytes once per built-in.o level a pre-4.13 kbuild would have linked it into", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    const objects: [string, number][] = [
      ['arch/arm/kernel/head.o', 5120], // linked straight into vmlinux: no copy
      ['init/main.o', 10240], // init/built-in.o
      ['drivers/tty/serial/imx.o', 20480], // serial/, tty/ and drivers/built-in.o
      ['arch/arm/mach-imx/clk.o', 30720], // arch/arm/mach-imx/ is itself a vmlinux input
    ];
    for (const [path, bytes] of objects) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), 'x'.repeat(bytes));
    }
    writeFileSync(join(dir, 'vmlinux.o'), 'x'.repeat(2 ** 20));
    // A thin archive, as 6.1 builds vmlinux.a: it names its members.
    const ar = spawnSync('ar', ['rcT', 'vmlinux.a', ...objects.map(([p]) => p)], { cwd: dir, encoding: 'utf8' });
    expect(ar.status, ar.stderr).toBe(0);
    const r = spawnSync(process.execPath, [LINK_SCRIPT, dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.units).toBe(4);
    expect(out.unitsByLevel).toEqual({ 0: 1, 1: 2, 3: 1 });
    // 65 KiB of objects; copies: 10 KiB once, 20 KiB three times, 30 KiB once = 100 KiB.
    expect(out.objectKiBPerUnit).toBe(16.3);
    expect(out.builtinCopyKiBPerUnit).toBe(25);
    expect(out.meanLevelsByBytes).toBe(1.54);
    expect(out.vmlinuxOMiB).toBe(1);
  });

  it('prints its usage and exits 2 without a built tree', () => {
    const r = spawnSync(process.execPath, [LINK_SCRIPT, tmpdir()], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: node link-copies.mjs KERNEL_DIR/);
  });
});

describe('measure-cc1 summarize-build', () => {
  const SUMMARIZE_BUILD = join(import.meta.dirname, '../../scripts/measure-cc1/summarize-build.mjs');
  const DRIVER = 'arm-linux-gnueabihf-gcc-12';

  function summarizeBuild(samples: object[]) {
    const dir = mkdtempSync(join(tmpdir(), 'build-'));
    const log = join(dir, 'samples.jsonl');
    writeFileSync(log, samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
    return spawnSync(process.execPath, [SUMMARIZE_BUILD, log], { encoding: 'utf8' });
  }

  it('averages each program over the samples with a compile job running, and gives what a job holds besides cc1', () => {
    const r = summarizeBuild([
      // configuring: no driver yet, left out
      { t: 0, p: { make: [1, 9000] } },
      { t: 100, p: { make: [2, 2048], dash: [2, 200], [DRIVER]: [1, 150], cc1: [1, 30000] } },
      { t: 200, p: { make: [4, 4096], dash: [6, 600], [DRIVER]: [3, 450], cc1: [2, 50000], 'arm-linux-gnueabihf-as': [1, 400] } },
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.compilingSamples).toBe(2);
    expect(out.meanJobs).toBe(2);
    expect(out.programs.make).toEqual({ meanProcs: 3, meanMiB: 3, kibPerProc: 1024 });
    // (2048 + 200 + 150 + 4096 + 600 + 450 + 400) / 2 samples, over 2 jobs on average.
    expect(out.otherKiBPerJob).toBe(Math.round(7944 / 2 / 2));
  });

  it('says so when no sample has the driver it counts jobs by', () => {
    const r = summarizeBuild([{ t: 0, p: { make: [1, 900] } }]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no sample has a ${DRIVER} process`);
  });
});

/* scripts/measure-kmem: what summarize-slab.mjs derives from a sampler log, in the target's object sizes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/measure-kmem/summarize-slab.mjs');

const SIZES = {
  threadSize: 8192,
  hostThreadSize: 16384,
  reclaimable: { dentry: 100, ext4_inode_cache: 1000 },
  process: { task_struct: 1024 },
};

interface Sample {
  objs: number;
  drivers: number;
  stack: number;
  pageTables: number;
  dentry: number;
  inodes: number;
  tasks: number;
}

/** A log as sample-slab.sh writes it: a header line per sample, then /proc/slabinfo's cache lines. */
function logOf(samples: Sample[]): string {
  return samples
    .map((s, i) =>
      [
        `== t=${i * 10} objs=${s.objs} drivers=${s.drivers} KernelStack ${s.stack} kB PageTables ${s.pageTables} kB `,
        `dentry ${s.dentry} ${s.dentry + 7} 192 21 1 : tunables 0 0 0 : slabdata 1 1 0`,
        `ext4_inode_cache ${s.inodes} ${s.inodes} 1128 29 8 : tunables 0 0 0 : slabdata 1 1 0`,
        `task_struct ${s.tasks} ${s.tasks} 5888 5 8 : tunables 0 0 0 : slabdata 1 1 0`,
      ].join('\n'),
    )
    .join('\n');
}

function summarize(samples: Sample[]) {
  const dir = mkdtempSync(join(tmpdir(), 'kmem-'));
  writeFileSync(join(dir, 'log'), logOf(samples) + '\n');
  writeFileSync(join(dir, 'sizes.json'), JSON.stringify(SIZES));
  return spawnSync(process.execPath, [SCRIPT, join(dir, 'log'), join(dir, 'sizes.json')], { encoding: 'utf8' });
}

const cold: Sample = { objs: 0, drivers: 0, stack: 1000, pageTables: 2000, dentry: 100, inodes: 50, tasks: 10 };
/** Compiling: 1,000 dentries the whole build holds, then 10 dentries and 2 inodes per object file. */
const compiling = (objs: number): Sample => ({
  objs,
  drivers: 2,
  stack: 1064,
  pageTables: 2400,
  dentry: 100 + 1000 + 10 * objs,
  inodes: 50 + 2 * objs,
  tasks: 14,
});

describe('measure-kmem summarize-slab', () => {
  it('splits reclaimable slab into what each unit adds and what the build holds, and gives unmovable memory per job', () => {
    const r = summarize([cold, ...[100, 200, 300, 400].map(compiling)]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.compilingSamples).toBe(4);
    expect(out.units).toBe(400);
    expect(out.meanJobs).toBe(2);
    expect(out.reclaimable.dentry).toEqual({ perUnit: 10, held: 1000, bytes: 100 });
    expect(out.reclaimable.ext4_inode_cache).toEqual({ perUnit: 2, held: 0, bytes: 1000 });
    // (10 * 100 + 2 * 1000) bytes per unit; 1,000 dentries of 100 bytes held.
    expect(out.slabKiBPerUnit).toBe(+(3000 / 1024).toFixed(2));
    expect(out.slabMiB).toBe(+(100_000 / 2 ** 20).toFixed(2));
    // Page tables 400 KiB + stacks 64 KiB at half the host's THREAD_SIZE + 4 tasks of 1 KiB, over 2 jobs.
    expect(out.jobKernelKiB).toBe((400 + 32 + 4) / 2);
  });

  it('leaves out samples with no compile job, so configuring and linking do not count', () => {
    const linking: Sample = { ...compiling(400), drivers: 0, dentry: 99_999, pageTables: 90_000 };
    const r = summarize([cold, ...[100, 200, 300, 400].map(compiling), linking]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.reclaimable.dentry.held).toBe(1000);
    expect(out.jobKernelKiB).toBe(218);
  });

  it('says so when too few samples have a compile job running', () => {
    const r = summarize([cold, compiling(100)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('only 1 samples have a compile job running');
  });
});

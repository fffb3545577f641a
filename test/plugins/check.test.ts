/*
 * `plugin check` behind the command: the manifest read here, the load and the
 * smoke runs in a validation worker, each failure with its step, place and
 * stack; loops and runaway allocation end in the worker, not here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPlugin, type CheckReport } from '../../src/main/plugins/check.ts';
import { discoverPlugins } from '../../src/main/plugins/discover.ts';
import { formatProblem } from '../../src/main/plugins/problems.ts';
import { fixture, FIXTURES, ROOT, tempDirs } from './helpers.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

const steps = (r: CheckReport): string[] => r.steps.map((s) => `${s.ok ? 'ok' : 'FAIL'} ${s.step}`);
const problems = (r: CheckReport): string[] => r.steps.flatMap((s) => s.problems.map((p) => formatProblem(p, ROOT)));

describe('checkPlugin', () => {
  it('a good plugin: manifest, load, smoke with defaults and each preset, deterministic', async () => {
    const r = await checkPlugin(fixture('good'));
    expect(r.ok).toBe(true);
    expect(steps(r)).toEqual(['ok manifest', 'ok load', 'ok smoke', 'ok smoke', 'ok smoke']);
    expect(r.steps[0]!.detail).toBe('fixture-good 1.0.0, sdk ^1.0.0, 2 parameters, 1 preset');
    expect(r.steps[1]!.detail).toMatch(/^class GoodPolicy, content hash [0-9a-f]{12}$/);
    expect(r.steps[2]!.detail).toMatch(/^defaults: 9 requests, \d ok.*, 4\.\d+ s virtual, invariants held, deterministic \(\d+ ms\)$/);
    expect(r.steps[3]!.detail).toMatch(/^defaults, zram swap: 9 requests/);
    expect(r.steps[4]!.detail).toMatch(/^preset fast: 9 requests/);
  });

  it('a releaseContig that gives nothing back fails the smoke step as a leak', async () => {
    const dir = tmp.copy('good');
    const file = join(dir, 'index.ts');
    const src = readFileSync(file, 'utf8');
    expect(src).toContain('this.contig.cmaRelease(startPfn, pages);');
    writeFileSync(file, src.replace('this.contig.cmaRelease(startPfn, pages);', 'void startPfn, void pages;'));
    const r = await checkPlugin(dir);
    expect(steps(r)).toEqual(['ok manifest', 'ok load', 'FAIL smoke', 'FAIL smoke', 'FAIL smoke']);
    expect(r.steps[2]!.problems[0]!.message).toMatch(/^leaks device pages: \d+ region pages were still allocated to the device when the run ended/);
  });

  it('runs the defaults on zram swap too, where compressed pages ask mayUseRegion with source zram', async () => {
    const dir = tmp.copy('good');
    const file = join(dir, 'index.ts');
    const src = readFileSync(file, 'utf8');
    const hook = `
  mayUseRegion(intent: { source: string; migratetype: number; longtermPin: boolean }): boolean {
    if (intent.source === 'zram') throw new Error('no zram here');
    return this.kernel.allowedBySwitches(intent as never);
  }

  allocContig(`;
    expect(src).toContain('\n  allocContig(');
    writeFileSync(file, src.replace('\n  allocContig(', hook));
    const r = await checkPlugin(dir);
    // Storage swap never asks for source zram; the preset runs on storage too.
    expect(steps(r)).toEqual(['ok manifest', 'ok load', 'ok smoke', 'FAIL smoke', 'ok smoke']);
    expect(r.steps[3]!.detail).toBe('defaults, zram swap');
    expect(r.steps[3]!.problems[0]!.message).toBe('threw: no zram here');
  });

  it('manifest problems are reported without starting a worker', async () => {
    const r = await checkPlugin(fixture('incompatible-sdk'));
    expect(steps(r)).toEqual(['FAIL manifest']);
    expect(problems(r)[0]).toMatch(/^test\/fixtures\/plugins\/incompatible-sdk\/manifest.json: sdk: "\^2.0.0" does not include/);
  });

  it('load problems name the file and line', async () => {
    const r = await checkPlugin(fixture('bad-import'));
    expect(steps(r)).toEqual(['ok manifest', 'FAIL load']);
    expect(problems(r).map((p) => p.split(': ')[0])).toEqual(['test/fixtures/plugins/bad-import/index.ts:3:27', 'test/fixtures/plugins/bad-import/index.ts:4:30']);
  });

  it('a runtime exception names the variant, the plugin line and keeps the stack', async () => {
    const r = await checkPlugin(fixture('throwing'));
    // Each variant reports its own failure (here the same one, on storage and on zram swap).
    expect(steps(r)).toEqual(['ok manifest', 'ok load', 'FAIL smoke', 'FAIL smoke']);
    expect(r.steps.slice(2).map((x) => x.detail)).toEqual(['defaults', 'defaults, zram swap']);
    expect(problems(r)).toEqual(Array(2).fill('test/fixtures/plugins/throwing/index.ts:17:11: threw: fixture: allocContig exploded on request 1'));
    expect(r.steps[2]!.problems[0]!.stack).toContain('ThrowingPolicy.allocContig');
  });

  it('an endless loop ends at the timeout, during the step it hung in', async () => {
    const r = await checkPlugin(fixture('looping'), { timeoutS: 2 });
    expect(steps(r)).toEqual(['ok manifest', 'ok load', 'FAIL smoke']);
    expect(problems(r)[0]).toMatch(/did not finish within 2 s \(during smoke defaults\): an endless loop\?/);
  });

  it('runaway allocation ends at the heap limit', async () => {
    const r = await checkPlugin(fixture('allocating'), { maxOldGenerationSizeMb: 128 });
    expect(steps(r)).toEqual(['ok manifest', 'ok load', 'FAIL smoke']);
    expect(problems(r)[0]).toMatch(/ran out of memory during smoke defaults: the validation worker exceeded its 128 MB heap limit/);
  });

  it('warns when an installed plugin already has the name', async () => {
    const installed = discoverPlugins([{ dir: FIXTURES, kind: 'cli' }]);
    const r = await checkPlugin(fixture('good-copy'), { installed, smoke: false });
    expect(r.warnings).toEqual([
      `the name "fixture-good" is also used by test/fixtures/plugins/good; loaded together, the later one is reported as a duplicate`,
    ]);
    expect(steps(r)).toEqual(['ok manifest', 'ok load']);
  });
});

/*
 * One rule for typed values on the command line, the same for a policy
 * parameter (--set, --sweep) and a scenario field (--scenario-set,
 * --scenario-sweep): a boolean is true or false, a number is written in
 * decimal notation. Anything else is one line naming the parameter or field,
 * its type and the accepted spellings, exit 2, before any run starts.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseBooleanWord, parseDecimal } from '../../src/engine/policy/manifest.ts';
import type { RunInput } from '../../src/engine/result.ts';
import { capture, fakeContext, fakeRunner, fakeRuns } from './helpers.ts';

async function cli(argv: string[], calls: RunInput[] = []) {
  const c = capture();
  const code = await main(argv, fakeContext(c, { openRuns: fakeRuns(fakeRunner(calls)) }));
  return { code, stdout: c.stdout, stderr: c.stderr };
}

const NUMBER = 'write a decimal number such as 32, 0.5 or 2e6';

describe('the typed-value rule', () => {
  it('booleans: true and false only', () => {
    expect([parseBooleanWord('true'), parseBooleanWord('false')]).toEqual([true, false]);
    for (const w of ['1', '0', 'yes', 'no', 'on', 'off', 'TRUE', '']) expect(parseBooleanWord(w), w).toBeUndefined();
  });

  it('numbers: decimal notation only', () => {
    for (const [w, v] of [['32', 32], ['-1.5', -1.5], ['.5', 0.5], ['2e6', 2e6], ['+3', 3], ['1.', 1], ['1E-3', 0.001]] as const) expect(parseDecimal(w), w).toBe(v);
    for (const w of ['0x20', '0b1', '0o7', '1_000', 'Infinity', 'NaN', '', ' ', '1e', '--1', '1e400']) expect(parseDecimal(w), w).toBeUndefined();
  });
});

describe('--set and --sweep', () => {
  it('refuse 1, yes and on for a boolean, naming the parameter, its type and the spellings', async () => {
    for (const v of ['1', 'yes', 'on', '0']) {
      const calls: RunInput[] = [];
      const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', `writeThrough=${v}`], calls);
      expect([r.code, r.stderr]).toEqual([2, [`cmawb: gcma: writeThrough is a boolean: write true or false, got "${v}"`]]);
      expect(calls).toEqual([]);
    }
  });

  it('refuse 0x20 and other non-decimal numbers', async () => {
    for (const v of ['0x20', '1_000', 'Infinity']) {
      const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--set', `gcma.batch=${v}`]);
      expect([r.code, r.stderr]).toEqual([2, [`cmawb: gcma: batch is an integer: ${NUMBER}, got "${v}"`]]);
    }
    const sweep = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--sweep', 'gcma.ratio=0,0x1']);
    expect([sweep.code, sweep.stderr]).toEqual([2, [`cmawb: gcma: ratio is a number: ${NUMBER}, got "0x1"`]]);
  });

  it('take true, false and decimal numbers', async () => {
    const calls: RunInput[] = [];
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--no-save', '--json', '--set', 'writeThrough=false', '--set', 'ratio=.25', '--set', 'batch=64'], calls);
    expect(r.code).toBe(0);
    expect(calls[0]!.params).toMatchObject({ writeThrough: false, ratio: 0.25, batch: 64 });
  });
});

describe('--scenario-set and --scenario-sweep agree with --set', () => {
  it('a boolean field takes true or false only', async () => {
    for (const v of ['1', 'yes']) {
      const r = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--scenario-set', `machine.fsMigrateCallback=${v}`]);
      expect([r.code, r.stderr]).toEqual([2, [`cmawb: --scenario-set machine.fsMigrateCallback: the field is a boolean: write true or false, got "${v}"`]]);
    }
  });

  it('a number field takes decimal notation only, .5 included (JSON would refuse it)', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--scenario-set', 'machine.memMiB=0x40']);
    expect([r.code, r.stderr]).toEqual([2, [`cmawb: --scenario-set machine.memMiB: the field is a number: ${NUMBER}, got "0x40"`]]);
    const sweep = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout', '--scenario-sweep', 'machine.memMiB=64,0x40']);
    expect([sweep.code, sweep.stderr]).toEqual([2, [`cmawb: --scenario-sweep machine.memMiB=0x40: the field is a number: ${NUMBER}, got "0x40"`]]);
    const calls: RunInput[] = [];
    const ok = await cli(['run', '--scenario', 'tiny', '--policy', 'carveout', '--no-save', '--json', '--scenario-set', 'durationS=.5e1', '--scenario-set', 'machine.fsMigrateCallback=false'], calls);
    expect(ok.code).toBe(0);
    expect(calls[0]!.scenario.durationS).toBe(5);
    expect(calls[0]!.scenario.machine.fsMigrateCallback).toBe(false);
  });
});

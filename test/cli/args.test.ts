import { describe, expect, it } from 'vitest';
import { closest, editDistance, parseArgs, parseSeed, parseSeedList } from '../../src/cli/args.ts';
import { UsageError } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { capture, fakeContext } from './helpers.ts';

async function cli(argv: string[]) {
  const c = capture();
  const code = await main(argv, fakeContext(c));
  return { code, stdout: c.stdout, stderr: c.stderr };
}

describe('parseArgs', () => {
  const specs = { policy: 'value', set: 'list', json: 'bool' } as const;

  it('reads values, repeated lists, bools and --flag=value', () => {
    const a = parseArgs(['--policy', 'gcma', '--set', 'a=1', '--set=b=2', '--json'], specs);
    expect(a.values.get('policy')).toBe('gcma');
    expect(a.lists.get('set')).toEqual(['a=1', 'b=2']);
    expect(a.bools.has('json')).toBe(true);
  });

  it('rejects unknown flags with a suggestion', () => {
    expect(() => parseArgs(['--polcy', 'x'], specs)).toThrow('unknown flag --polcy (did you mean --policy?)');
    expect(() => parseArgs(['--zzzzzz'], specs)).toThrow(/^unknown flag --zzzzzz$/);
  });

  it('rejects a missing value, a repeated value and a value on a bool', () => {
    expect(() => parseArgs(['--policy'], specs)).toThrow('--policy needs a value');
    expect(() => parseArgs(['--policy', '--json'], specs)).toThrow('--policy needs a value');
    expect(() => parseArgs(['--policy', 'a', '--policy', 'b'], specs)).toThrow('--policy given twice');
    expect(() => parseArgs(['--json=yes'], specs)).toThrow('--json takes no value');
  });

  it('treats -h as help and keeps positionals', () => {
    const a = parseArgs(['-h', 'x', '--', '--json'], { help: 'bool' });
    expect(a.bools.has('help')).toBe(true);
    expect(a.positionals).toEqual(['x', '--json']);
  });
});

describe('seeds', () => {
  it('parses single seeds', () => {
    expect(parseSeed('7')).toBe(7);
    expect(() => parseSeed('-1')).toThrow(UsageError);
    expect(() => parseSeed('1.5')).toThrow('--seed: expected a non-negative integer, got "1.5"');
    expect(() => parseSeed('4294967296')).toThrow(/larger/);
  });

  it('parses ranges and lists', () => {
    expect(parseSeedList('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeedList('1,2,7')).toEqual([1, 2, 7]);
    expect(parseSeedList('1-3,9')).toEqual([1, 2, 3, 9]);
    expect(() => parseSeedList('5-1')).toThrow('--seeds: range 5-1 runs backwards');
    expect(() => parseSeedList('1,,2')).toThrow(/empty entry/);
    expect(() => parseSeedList('1-3,2')).toThrow(/repeats/);
    expect(() => parseSeedList('a-b')).toThrow(/expected a non-negative integer/);
    expect(() => parseSeedList('1-100000')).toThrow(/more than/);
  });
});

describe('closest', () => {
  it('suggests near names only', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('polcy', ['policy', 'policies'])).toBe('policy');
    expect(closest('legacy', ['legacy-cma', 'gcma'])).toBe('legacy-cma');
    expect(closest('xyz', ['legacy-cma', 'gcma'])).toBeUndefined();
  });
});

describe('cmawb usage errors: one line on stderr, exit 2', () => {
  it('unknown flag', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--polcy', 'gcma']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: unknown flag --polcy (did you mean --policy?)']);
    expect(r.stdout).toEqual([]);
  });

  it('bad --seed', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--seed', 'x', '--no-save']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: --seed: expected a non-negative integer, got "x"']);
  });

  it('bad --set key names the policy and its parameters', async () => {
    const r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', 'ratoi=0.3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toBe(
      'cmawb: gcma: unknown parameter "ratoi" (did you mean ratio?); parameters: ratio, batch, writeThrough; presets (preset=NAME): android, rfc-v2',
    );
  });

  it('bad --set shape and value', async () => {
    let r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', 'ratio']);
    expect(r.stderr).toEqual(['cmawb: --set: expected key=value, got "ratio"']);
    r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', 'ratio=2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: gcma: ratio: 2 is above the maximum 1']);
    r = await cli(['run', '--scenario', 'tiny', '--policy', 'gcma', '--set', 'preset=ios']);
    expect(r.stderr[0]).toMatch(/unknown preset "ios" \(presets: android, rfc-v2\)/);
  });

  it('bad --seeds range', async () => {
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma', '--seeds', '5-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: --seeds: range 5-1 runs backwards']);
  });

  it('--set for a policy not in --policies', async () => {
    const r = await cli(['compare', '--scenario', 'tiny', '--policies', 'carveout', '--set', 'gcma.ratio=0.3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: --set gcma.ratio: policy "gcma" is not in --policies (carveout)']);
  });

  it('unknown scenario and policy list the known ones', async () => {
    let r = await cli(['run', '--scenario', 'tinny', '--policy', 'gcma']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: unknown scenario "tinny" (did you mean tiny?); known: tiny']);
    r = await cli(['run', '--scenario', 'tiny', '--policy', 'cma']);
    expect(r.stderr).toEqual(['cmawb: unknown policy "cma" (did you mean gcma?); known: carveout, gcma']);
    r = await cli(['compare', '--scenario', 'tiny', '--policies', 'gcma,nope']);
    expect(r.stderr[0]).toMatch(/^cmawb: unknown policy "nope".*known: carveout, gcma$/);
  });

  it('missing required flags and unknown commands', async () => {
    expect((await cli(['run', '--scenario', 'tiny'])).stderr).toEqual(['cmawb: missing --policy NAME; see `cmawb policies`']);
    expect((await cli(['run', '--policy', 'gcma'])).code).toBe(2);
    const r = await cli(['compar']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: unknown command "compar" (did you mean compare?); try `cmawb help`']);
  });

  it('serve checks its flags before starting anything (the server itself: test/api/server.test.ts)', async () => {
    const r = await cli(['serve', '--port', 'http']);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['cmawb: --port: expected 0..65535, got "http"']);
    expect((await cli(['serve', '--help'])).code).toBe(0);
  });

  it('serve on a --port already taken says so in one line, exit 2', async () => {
    const { createServer } = await import('node:net');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const port = (taken.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'cmawb-serve-'));
    try {
      const r = await cli(['serve', '--port', String(port), '--db', join(dir, 'w.db')]);
      expect([r.code, r.stderr]).toEqual([2, [`cmawb: --port ${port}: the port is in use; pick another or omit --port for a free one`]]);
    } finally {
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('help', () => {
  it('prints usage with exit 0', async () => {
    for (const argv of [[], ['help'], ['--help']]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout.join('\n')).toMatch(/usage: cmawb <command>/);
    }
  });

  it('prints one command\'s options', async () => {
    const r = await cli(['help', 'compare']);
    expect(r.code).toBe(0);
    expect(r.stdout.join('\n')).toMatch(/--sweep policy.key=v1,v2/);
    const r2 = await cli(['run', '--help']);
    expect(r2.stdout[0]).toMatch(/^usage: cmawb run/);
  });

  it('has help for every command it lists, the same text as COMMAND --help', async () => {
    for (const command of ['scenarios', 'policies', 'run', 'compare', 'runs', 'plugin', 'serve', 'help']) {
      const viaHelp = await cli(['help', command]);
      expect([viaHelp.code, viaHelp.stderr], command).toEqual([0, []]);
      expect(viaHelp.stdout.join('\n'), command).toMatch(/usage: cmawb/);
      if (command !== 'help') expect((await cli([command, '--help'])).stdout, command).toEqual(viaHelp.stdout);
    }
  });
});

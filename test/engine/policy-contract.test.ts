/*
 * A policy that breaks the SDK's contract is stopped at the call that broke
 * it, with what was wrong, instead of corrupting the free lists (which hung a
 * run until its watchdog) or virtual time.
 */
import { describe, expect, it } from 'vitest';
import { IContig, IMemory, IPolicyParams, inject, injectable, type ContigRecord, type ContigRequest, type Policy, type PolicyModule } from '@cmawb/sdk';
import { runSimulation } from '../../src/engine/run.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { CarveoutPolicy } from '../../plugins/carveout/index.ts';
import { tinyScenario } from './helpers.ts';

type Hooks = Partial<Pick<Policy, 'allocContig' | 'releaseContig'>>;

/** carveout with some hooks replaced; `make` gets the carveout instance to call its own hooks. */
function brokenCarveout(make: (self: CarveoutPolicy) => Hooks): PolicyModule {
  @injectable()
  class Broken extends CarveoutPolicy {
    constructor(@inject(IPolicyParams) params: IPolicyParams, @inject(IMemory) memory: IMemory, @inject(IContig) contig: IContig) {
      super(params, memory, contig);
      Object.assign(this, make(this));
    }
  }
  return { manifest: findPolicy('carveout')!.manifest, policy: Broken };
}

function run(mod: PolicyModule) {
  const scenario = tinyScenario({
    name: 'contract',
    machine: { platform: 'x86-vm', memMiB: 64, regionMiB: 16, pageblockOrder: 9, kernelReservedMiB: 0 },
    durationS: 3,
    sampleIntervalMs: 1000,
    workloads: [{ kind: 'contig', sizes: [8], count: 2, intervalMs: 100, holdMs: 50 }],
  });
  return runSimulation({ scenario, policy: 'carveout', params: {}, seed: 1, options: { baseline: false } }, mod);
}

describe('the policy contract, enforced', () => {
  it('a buffer released twice, or released at another pfn, names the call', () => {
    const twice = brokenCarveout((self) => {
      const release = self.releaseContig.bind(self);
      return { releaseContig: (pfn: number, pages: number) => (release(pfn, pages), release(pfn, pages)) };
    });
    expect(() => run(twice)).toThrow(/returnReserved\(\d+, 8\): pfn \d+ is not allocated to a device \(released twice/);
    const offset = brokenCarveout((self) => {
      const release = self.releaseContig.bind(self);
      return { releaseContig: (pfn: number, pages: number) => release(pfn + 1, pages) };
    });
    expect(() => run(offset)).toThrow(/is not allocated to a device/);
  });

  it('a request reported done must hold its pages', () => {
    const liar = brokenCarveout(() => ({
      // eslint-disable-next-line require-yield
      *allocContig(_req: ContigRequest, rec: ContigRecord) {
        rec.startPfn = 0;
        return true;
      },
    }));
    expect(() => run(liar)).toThrow('allocContig returned true for pfns 0-7, but pfn 0 is not allocated to the device');
  });

  it('steps are times in ns, sleepStep or atomicStep; allocContig is a generator returning a boolean', () => {
    const yielding = (step: unknown) =>
      brokenCarveout(() => ({
        *allocContig() {
          yield step as number;
          return false;
        },
      }));
    expect(() => run(yielding(-1e9))).toThrow('allocContig yielded number -1000000000: a step is CPU time in ns');
    expect(() => run(yielding(Number.NaN))).toThrow('allocContig yielded number NaN');
    expect(() => run(yielding('soon'))).toThrow('allocContig yielded "soon"');
    expect(() => run(yielding({ ns: 5 }))).toThrow('allocContig yielded an object {ns}');
    const plain = brokenCarveout(() => ({ allocContig: (() => false) as unknown as Policy['allocContig'] }));
    expect(() => run(plain)).toThrow('allocContig returned boolean false, not a generator: write it as function*');
    const numeric = brokenCarveout(() => ({
      *allocContig() {
        return 1 as unknown as boolean;
      },
    }));
    expect(() => run(numeric)).toThrow('allocContig returned number 1 at its end: return true');
  });

  it('the carve-out policy as written keeps the contract', () => {
    expect(run(findPolicy('carveout')!).requests.map((r) => r.ok)).toEqual([true, true]);
  });
});

import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run.ts';
import { findScenario } from '../../src/engine/scenario/library.ts';
import { findPolicy } from '../../src/main/plugins/builtin.ts';
import { windowMeans } from '../../src/engine/metrics/window.ts';

// rpi2-photo: blogbench fills the page cache of a 1 GiB board with a 64 MiB area.
function run(policy: string) {
  const scenario = findScenario('rpi2-photo')!;
  const r = runSimulation({ scenario, policy, params: {}, seed: 1, options: { baseline: false } }, findPolicy(policy)!);
  // The page cache is full from about 180 s until blogbench ends.
  const m = windowMeans(r.series, 200e9, 300e9);
  return { r, freeNormal: m['free_pages']! - m['free_cma_pages']!, borrowed: m['region_anon']! + m['region_file']!, area: r.map.regionPages };
}

describe('CMA placement under page-cache pressure', () => {
  it('pre-5.8: kswapd balances normal memory while the area stays almost free (Joonsoo Kim, 2015)', () => {
    // ZONE_CMA RFC cover letter (linux-mm 2015, mail.spinics.net/lists/linux-mm/msg84419.html):
    // with 1 GiB and 512 MiB of CMA, kswapd woke while about 512 MB was still free. Free CMA
    // does not count toward kswapd's watermark, and CMA is only a fallback once MOVABLE is empty.
    const { freeNormal, borrowed, area } = run('legacy-cma');
    expect(freeNormal).toBeLessThan(4096);
    expect(borrowed).toBeLessThan(area * 0.1);
  });

  it('v5.8 CMA-first fills the area with borrowed pages under the same load', () => {
    const legacy = run('legacy-cma');
    const mainline = run('mainline-cma');
    expect(mainline.borrowed).toBeGreaterThan(mainline.area * 0.25);
    expect(mainline.borrowed).toBeGreaterThan(legacy.borrowed * 5);
    // More borrowers means more to migrate per photo.
    const meanUs = (x: typeof legacy) => x.r.summary.requests.latencyUs.mean!;
    expect(meanUs(mainline)).toBeGreaterThan(meanUs(legacy));
  });
});

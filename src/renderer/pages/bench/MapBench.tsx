/*
 * Memory-map redraw benchmark (not in the navigation): #/bench/memmap
 * steps a synthetic 16 GiB machine (4,194,304 pages = 8,192 pageblocks of
 * 512, or 4,096 of 1,024 with ?order=10) through `steps` snapshots, one per
 * animation frame, and records per step
 *   draw: the canvas work (colour pass, putImageData, scaled drawImage, outlines)
 *   step: from the state change to the drawn frame's effect (React included)
 * in window.__cmawbBench, for scripts/bench-ui.ts and the browser test.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MemoryMapMeta } from '../../../shared/types.ts';
import { KINDS } from '../../lib/kinds.ts';
import { MemoryMap } from '../../components/map/MemoryMap.tsx';
import { MapLegend } from '../../components/map/MapLegend.tsx';
import { kindTotals } from '../../lib/memmap.ts';
import { useTheme } from '../../app/theme.ts';
import { formatPages } from '../../lib/format.ts';

export interface MapBenchResult {
  pages: number;
  pageblocks: number;
  steps: number;
  drawMs: { median: number; p95: number; max: number };
  stepMs: { median: number; p95: number; max: number };
}

declare global {
  interface Window {
    __cmawbBench?: MapBenchResult;
  }
}

function stats(xs: number[]): { median: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return { median: r(q(0.5)), p95: r(q(0.95)), max: r(s[s.length - 1] ?? NaN) };
}

/** Snapshots that drift like a real run: anon and file fill up, the device takes the region in bursts, pins scatter. */
function synth(pageblocks: number, pbPages: number, steps: number, region: [number, number]): Uint16Array[] {
  const K = KINDS.length;
  const out: Uint16Array[] = [];
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let t = 0; t < steps; t++) {
    const d = new Uint16Array(pageblocks * K);
    const fill = 0.3 + 0.6 * (t / steps);
    for (let pb = 0; pb < pageblocks; pb++) {
      const inRegion = pb >= region[0] && pb < region[1];
      let left = pbPages;
      const put = (k: number, n: number) => {
        const v = Math.max(0, Math.min(left, Math.round(n)));
        d[pb * K + k] = (d[pb * K + k] ?? 0) + v;
        left -= v;
      };
      if (inRegion && ((pb + t) % 7) < 3) put(10, pbPages);
      if (rnd() < 0.01) put(5, 1 + rnd() * 8);
      put(1, pbPages * fill * rnd());
      put(2, left * rnd() * 0.6);
      put(3, left * rnd() * 0.1);
      if (pb < pageblocks / 16) put(6, left * 0.8);
      put(0, left);
    }
    out.push(d);
  }
  return out;
}

export function MapBench({ query }: { query: URLSearchParams }) {
  const dark = useTheme() === 'dark';
  const order = query.get('order') === '10' ? 10 : 9;
  const pages = Number(query.get('pages') ?? 4_194_304);
  const steps = Math.max(10, Number(query.get('steps') ?? 120));
  const pbPages = 1 << order;
  const pageblocks = Math.ceil(pages / pbPages);
  const meta: MemoryMapMeta = useMemo(
    () => ({ pageblockPages: pbPages, pageblocks, regionStartPfn: Math.floor(pages * 0.75), regionPages: Math.floor(pages / 16), kinds: KINDS }),
    [pbPages, pageblocks, pages],
  );
  const snaps = useMemo(() => synth(pageblocks, pbPages, steps, [Math.floor(pageblocks * 0.75), Math.floor(pageblocks * 0.75 + pageblocks / 16)]), [pageblocks, pbPages, steps]);
  const [i, setI] = useState(0);
  const [done, setDone] = useState<MapBenchResult | null>(null);
  const setAt = useRef(0);
  const stepTimes = useRef<number[]>([]);
  const drawStart = useRef(0);

  useEffect(() => {
    // Passive effects run children first, so the map's draw effect has run: the step is on the canvas.
    if (setAt.current) stepTimes.current.push(performance.now() - setAt.current);
    if (done) return;
    if (i === 0) drawStart.current = (window.__cmawbMapDrawMs ?? []).length;
    if (i + 1 >= steps) {
      const draws = (window.__cmawbMapDrawMs ?? []).slice(drawStart.current + 1);
      const r: MapBenchResult = { pages, pageblocks, steps, drawMs: stats(draws), stepMs: stats(stepTimes.current) };
      window.__cmawbBench = r;
      setDone(r);
      return;
    }
    const id = requestAnimationFrame(() => {
      setAt.current = performance.now();
      setI(i + 1);
    });
    return () => cancelAnimationFrame(id);
  }, [i, steps, done, pages, pageblocks]);

  const totals = useMemo(() => kindTotals(snaps[i]!, KINDS.length), [snaps, i]);
  return (
    <div className="page">
      <header className="page-header">
        <div className="titles">
          <h1 tabIndex={-1}>Memory-map redraw benchmark</h1>
          <div className="sub">
            {formatPages(pages)} machine · {pageblocks.toLocaleString('en-US')} pageblocks of {pbPages} pages · step {i + 1}/{steps}
          </div>
        </div>
      </header>
      <div className="card card-body stack">
        <MemoryMap meta={meta} data={snaps[i]!} dark={dark} mode="dominant" focusKind={0} label="Synthetic memory map" />
        <MapLegend kinds={KINDS} totals={totals} dark={dark} focus={null} onFocus={() => {}} />
        {done && (
          <pre className="mono small" id="bench-result">
            {JSON.stringify(done, null, 2)}
          </pre>
        )}
      </div>
    </div>
  );
}

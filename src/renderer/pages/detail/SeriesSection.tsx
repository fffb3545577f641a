/*
 * Sampled time series of one run: free memory, the region's contents stacked
 * by kind, page cache (and reclaimable slab) and swap. Drag to zoom any chart and the others follow
 * (shared sync key); contiguous requests are ticked along the top of the
 * region chart (red when they failed).
 */
import { useMemo } from 'react';
import type { RequestRecord, SeriesSet } from '../../../shared/types.ts';
import { SeriesChart, type SeriesLine } from '../../components/charts/SeriesChart.tsx';
import { kindColour } from '../../lib/kinds.ts';
import { formatMiB, pagesToMiB } from '../../lib/format.ts';
import { memoryLines } from '../../lib/memory-lines.ts';

const toMiB = (v: number[] | undefined) => (v ?? []).map((p) => pagesToMiB(p));

export function SeriesSection({ runId, series, requests, dark }: { runId: number; series: SeriesSet; requests: RequestRecord[]; dark: boolean }) {
  const t = useMemo(() => series.t.map((ns) => ns / 1e9), [series]);
  const c = series.columns;
  const sync = `run-${runId}`;
  const events = useMemo(
    () => requests.map((r) => ({ t: r.startNs / 1e9, colour: r.ok ? (dark ? '#6ea3fa' : '#2563d9') : dark ? '#f08a5d' : '#c2410c', failed: !r.ok })),
    [requests, dark],
  );

  const charts = useMemo(() => {
    const line = (label: string, col: string, colour: string, extra: Partial<SeriesLine> = {}): SeriesLine => ({ label, values: toMiB(c[col]), colour, ...extra });
    return {
      ...memoryLines((col) => toMiB(c[col]), dark),
      cache: [
        line('file', 'file_pages', kindColour('file-clean', dark), { fill: true }),
        line('dirty', 'dirty_pages', dark ? '#eedd88' : '#c9a400'),
        line('writeback', 'writeback_pages', kindColour('file-writeback', dark)),
        // Dentries and inodes: reclaimable like the cache, by shrinkers (runs before engine 0.8.0 lack it).
        ...(c['slab_reclaimable_pages'] ? [line('reclaimable slab', 'slab_reclaimable_pages', kindColour('kernel', dark))] : []),
      ],
      swap: [
        line('anon', 'anon_pages', kindColour('anon', dark)),
        line('swap used', 'swap_used_pages', kindColour('frontswap', dark)),
        line('zram pool', 'zram_pool_pages', kindColour('zram', dark)),
      ],
    };
  }, [c, dark]);

  const fmt = (v: number) => formatMiB(v);
  return (
    <div className="grid-2">
      <ChartCard title="Free memory" hint="buddy + per-CPU lists">
        <SeriesChart t={t} lines={charts.free} formatValue={fmt} yLabel="" dark={dark} syncKey={sync} label="Free memory over time" height={190} />
      </ChartCard>
      <ChartCard title="Region contents" hint="stacked by kind · ticks: contiguous requests">
        <SeriesChart t={t} lines={charts.region} stacked formatValue={fmt} yLabel="" dark={dark} syncKey={sync} label="Region contents by kind over time" events={events} height={190} />
      </ChartCard>
      <ChartCard title="Page cache" hint="file pages, dirty, under writeback; reclaimable slab">
        <SeriesChart t={t} lines={charts.cache} formatValue={fmt} yLabel="" dark={dark} syncKey={sync} label="Page cache over time" height={190} />
      </ChartCard>
      <ChartCard title="Anon and swap" hint="anon pages, swap device, zram pool">
        <SeriesChart t={t} lines={charts.swap} formatValue={fmt} yLabel="" dark={dark} syncKey={sync} label="Anon memory and swap over time" height={190} />
      </ChartCard>
    </div>
  );
}

function ChartCard({ title, hint, children }: { title: string; hint: string; children: React.ReactNode }) {
  return (
    <section className="card">
      <div className="card-head">
        <h2>{title}</h2>
        <span className="hint">{hint}</span>
      </div>
      <div className="card-body" style={{ paddingTop: 8 }}>
        {children}
      </div>
    </section>
  );
}

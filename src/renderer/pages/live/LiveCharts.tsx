/*
 * A run's live charts, drawn from what `runs:live` has streamed so far: free
 * memory (and free CMA), the region's contents stacked by kind, and every
 * contiguous request as it completes (latency over virtual time, failures as
 * crosses). Same colours as the run detail's charts. Redraws follow the
 * LiveDataStore's per-frame version, never each event.
 */
import { memo, useEffect, useMemo } from 'react';
import { SeriesChart } from '../../components/charts/SeriesChart.tsx';
import { LatencyScatter, scatterColours } from '../../components/charts/LatencyScatter.tsx';
import { useStores } from '../../state/context.tsx';
import { useStore } from '../../state/store.ts';
import { formatCount, formatMiB } from '../../lib/format.ts';
import { latencyScatter, liveColumns } from '../../lib/live.ts';
import { MEMORY_COLUMNS, memoryLines } from '../../lib/memory-lines.ts';

const HEIGHT = 150;

export const LiveCharts = memo(function LiveCharts({ runId, dark, waiting }: { runId: number; dark: boolean; waiting?: string }) {
  const { liveData } = useStores();
  const version = useStore(liveData, (s) => s.versions[runId] ?? 0);
  useEffect(() => liveData.watch(runId), [liveData, runId]);

  const view = useMemo(() => {
    const buf = liveData.get(runId);
    if (!buf) return null;
    const cols = liveColumns(buf.rows(), MEMORY_COLUMNS);
    return {
      t: cols.t,
      ...memoryLines((col) => cols.mib[col]!, dark),
      scatter: latencyScatter(buf.requests()),
      requests: buf.requestCount,
    };
    // The buffer is mutable: `version` is what says it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [liveData, runId, version, dark]);

  if (!view || view.t.length === 0) {
    return <div className="live-charts-empty">{waiting ?? 'Waiting for the first samples…'}</div>;
  }
  const fmt = (v: number) => formatMiB(v);
  const s = view.scatter;
  const sc = scatterColours(dark);
  return (
    <div className="live-charts" aria-label={`Live charts of run ${runId}`}>
      <figure className="live-chart">
        <figcaption className="chart-title">
          <h3>Free memory</h3>
          <span className="hint">buddy + per-CPU lists</span>
        </figcaption>
        <SeriesChart t={view.t} lines={view.free} formatValue={fmt} yLabel="" dark={dark} height={HEIGHT} legend={false} label={`Free memory of run ${runId}, live`} />
        <Key items={view.free.map((l) => ({ label: l.label, colour: l.colour, shape: 'line', value: fmt(l.values.at(-1) ?? 0) }))} />
      </figure>
      <figure className="live-chart">
        <figcaption className="chart-title">
          <h3>Region contents</h3>
          <span className="hint">stacked by kind</span>
        </figcaption>
        <SeriesChart t={view.t} lines={view.region} stacked formatValue={fmt} yLabel="" dark={dark} height={HEIGHT} legend={false} label={`Region contents of run ${runId} by kind, live`} />
        <Key items={view.region.map((l) => ({ label: l.label, colour: l.colour, shape: 'band', value: fmt(l.values.at(-1) ?? 0) }))} />
      </figure>
      <figure className="live-chart">
        <figcaption className="chart-title">
          <h3>Requests</h3>
          <span className="hint">
            {view.requests === 0
              ? 'none completed yet'
              : 'latency (log) at the time each completed'}
          </span>
        </figcaption>
        {view.requests === 0 ? (
          <div className="live-chart-empty" style={{ height: HEIGHT }}>
            No contiguous request has completed yet.
          </div>
        ) : (
          <LatencyScatter data={s} xMax={view.t.at(-1)} dark={dark} height={HEIGHT} label={`Latency of each contiguous request of run ${runId} as it completed, live`} />
        )}
        <Key
          items={[
            { label: 'ok', colour: sc.ok, shape: 'dot', value: formatCount(view.requests - s.failedCount) },
            { label: 'failed', colour: sc.failed, shape: 'cross', value: formatCount(s.failedCount) },
          ]}
        />
      </figure>
    </div>
  );
});

interface KeyItem {
  label: string;
  colour: string;
  shape: 'line' | 'band' | 'dot' | 'cross';
  /** The newest value (or a count). */
  value: string;
}

/** The charts' key with the newest values, in place of uPlot's legend (which needs a cursor to say anything). */
function Key({ items }: { items: KeyItem[] }) {
  return (
    <div className="live-key">
      {items.map((i) => (
        <span key={i.label} className="item">
          {i.shape === 'cross' ? (
            <span className="sw cross" style={{ color: i.colour }} aria-hidden>
              ×
            </span>
          ) : (
            <span className={`sw ${i.shape}`} style={{ background: i.colour }} aria-hidden />
          )}
          {i.label} <span className="n">{i.value}</span>
        </span>
      ))}
    </div>
  );
}

/*
 * Memory maps of up to four runs side by side at the same virtual time: one
 * scrubber over the union of their snapshot times, each map showing its
 * snapshot at or before that time (runs sample on the same interval, so
 * they usually line up exactly).
 */
import { useEffect, useMemo, useState } from 'react';
import type { RunInfo } from '../../../shared/types.ts';
import { useStores } from '../../state/context.tsx';
import { remoteValue, shallowEqual, useStore } from '../../state/store.ts';
import { gridShape, snapshotAt, type MapMode } from '../../lib/memmap.ts';
import { formatSeconds } from '../../lib/format.ts';
import { MapView, ModeSwitch } from '../../components/map/MapView.tsx';
import { ModeLegend } from '../../components/map/MigratetypeLegend.tsx';
import { KINDS } from '../../lib/kinds.ts';

const MAX_MAPS = 4;
/**
 * Widest map grid that still reads at half the page width. Big machines (an
 * 8 GiB phone: 4,096 pageblocks, 128 columns) get 3 px cells there, a thin
 * strip; they go one map per row so their cells stay several pixels tall.
 */
const SIDE_BY_SIDE_COLS = 64;

/** How many maps share a row: two unless a shown map is too wide for half the page. */
export function mapsPerRow(shown: number, pageblocks: readonly number[]): 1 | 2 {
  if (shown < 2) return 1;
  return pageblocks.some((n) => gridShape(n).cols > SIDE_BY_SIDE_COLS) ? 1 : 2;
}

export function CompareMaps({ runs, labels, dark }: { runs: RunInfo[]; labels: Map<number, string>; dark: boolean }) {
  const { detail } = useStores();
  const completed = runs.filter((r) => r.status === 'completed');
  const [shown, setShown] = useState<number[]>(() => completed.slice(0, 2).map((r) => r.id));
  const [mode, setMode] = useState<MapMode>('dominant');
  const [focus, setFocus] = useState<number | null>(null);
  const details = useStore(detail, (s) => shown.map((id) => s.runs[id]), shallowEqual);
  useEffect(() => {
    for (const id of shown) void detail.load(id);
  }, [shown, detail]);

  const loaded = shown.map((id, i) => ({ id, d: details[i] ? remoteValue(details[i]!) : undefined }));
  const times = useMemo(() => {
    const set = new Set<number>();
    for (const { d } of loaded) for (const s of d?.snapshots ?? []) set.add(s.tNs);
    return [...set].sort((a, b) => a - b);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [details]);
  // -1: not chosen yet, show the middle of the run (t = 0 is an empty machine).
  const [ti, setTi] = useState(-1);
  const cur = ti < 0 ? Math.floor(times.length / 2) : Math.min(ti, times.length - 1);
  const t = times[cur] ?? 0;

  const toggle = (id: number) => setShown(shown.includes(id) ? shown.filter((x) => x !== id) : [...shown, id].slice(-MAX_MAPS));

  return (
    <div className="stack" style={{ gap: 12 }}>
      <div className="row wrap" style={{ gap: 6 }}>
        <span className="faint small">Show (up to {MAX_MAPS}):</span>
        {completed.map((r) => (
          <label key={r.id} className={`chip toggle${shown.includes(r.id) ? ' on' : ''}`}>
            <input type="checkbox" checked={shown.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`Show the memory map of ${labels.get(r.id)}`} />
            {labels.get(r.id)}
          </label>
        ))}
        <span className="spacer" />
        <ModeSwitch mode={mode} migratetypes={loaded.some(({ d }) => Boolean(d?.map?.migratetypes))} onChange={(m) => { setMode(m); setFocus(null); }} />
      </div>
      <div className={`map-grid n${mapsPerRow(shown.length, loaded.flatMap(({ d }) => (d?.map ? [d.map.pageblocks] : [])))}`}>
        {loaded.map(({ id, d }) => (
          <div key={id} className="map-cell">
            <div className="map-title">{labels.get(id)}</div>
            {d?.map ? (
              <MapView
                runId={id}
                meta={d.map}
                index={snapshotAt(d.snapshots.map((s) => s.tNs), t)}
                count={d.snapshots.length}
                dark={dark}
                mode={mode}
                focus={focus}
                onFocus={setFocus}
                maxCell={32}
                showLegend={false}
                label={`Memory map of ${labels.get(id)} at ${formatSeconds(t / 1e9)}`}
              />
            ) : (
              <div className="skeleton" style={{ height: 200 }} />
            )}
          </div>
        ))}
      </div>
      <ModeLegend
        mode={mode}
        migratetypes={loaded.find((l) => l.d?.map?.migratetypes)?.d?.map?.migratetypes}
        typeTotals={null}
        kinds={loaded.find((l) => l.d?.map)?.d?.map?.kinds ?? KINDS}
        totals={null}
        dark={dark}
        focus={focus}
        onFocus={setFocus}
      />
      {times.length > 0 && (
        <div className="scrubber">
          <input type="range" min={0} max={times.length - 1} value={cur} aria-label="Virtual time shared by the maps" aria-valuetext={`t = ${formatSeconds(t / 1e9)}`} onChange={(e) => setTi(Number(e.target.value))} />
          <span className="time">t = {formatSeconds(t / 1e9)}</span>
        </div>
      )}
    </div>
  );
}

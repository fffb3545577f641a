/*
 * One run's memory map at one snapshot, with its legend (page totals at that
 * time) and mode controls: used by the run detail page and, several side by
 * side, by the compare page.
 */
import { useMemo } from 'react';
import type { MemoryMapMeta } from '../../../shared/types.ts';
import { kindTotals, migratetypeTotals, type MapMode } from '../../lib/memmap.ts';
import { MemoryMap, type MapHighlight } from './MemoryMap.tsx';
import { ModeLegend } from './MigratetypeLegend.tsx';
import { useSnapshot } from './useSnapshot.ts';

export interface MapViewProps {
  runId: number;
  meta: MemoryMapMeta;
  index: number;
  count: number;
  dark: boolean;
  mode: MapMode;
  focus: number | null;
  onFocus: (k: number | null) => void;
  highlights?: MapHighlight[];
  maxCell?: number;
  showLegend?: boolean;
  label: string;
}

export function MapView({ runId, meta, index, count, dark, mode, focus, onFocus, highlights, maxCell, showLegend = true, label }: MapViewProps) {
  const { data, error } = useSnapshot(runId, index, count);
  const totals = useMemo(() => (data ? kindTotals(data, meta.kinds.length, 0, meta.pageblocks) : null), [data, meta.kinds.length, meta.pageblocks]);
  const types = meta.migratetypes;
  const typeTotals = useMemo(
    () => (data && types ? migratetypeTotals(data, meta.kinds.length, meta.pageblocks, types.length) : null),
    [data, types, meta.kinds.length, meta.pageblocks],
  );
  // A run recorded before engine 0.12.0 has no migratetypes: it keeps the content colours and says so.
  const noTypes = mode === 'migratetype' && !types;
  const shownMode: MapMode = focus !== null ? 'heat' : noTypes ? 'dominant' : mode;
  return (
    <div className="stack" style={{ gap: 10 }}>
      {error && <div className="notice error">Could not load the snapshot: {error}</div>}
      {noTypes && <div className="faint small">This run’s snapshots carry no migratetypes (recorded from engine 0.12.0 on): coloured by dominant kind.</div>}
      <MemoryMap
        meta={meta}
        data={data}
        dark={dark}
        mode={shownMode}
        focusKind={focus ?? 0}
        highlights={highlights}
        maxCell={maxCell}
        label={label}
      />
      {showLegend && <ModeLegend mode={mode} migratetypes={types} typeTotals={typeTotals} kinds={meta.kinds} totals={totals} dark={dark} focus={focus} onFocus={onFocus} />}
    </div>
  );
}

/**
 * The map's colouring. `migratetypes` is false when the runs' snapshots carry none (engines
 * before 0.12.0): the Migratetype button is then disabled and says why.
 */
export function ModeSwitch({ mode, onChange, migratetypes = true }: { mode: MapMode; onChange: (m: MapMode) => void; migratetypes?: boolean }) {
  return (
    <div className="segmented" role="group" aria-label="Map colouring">
      {(
        [
          ['dominant', 'Dominant kind', 'Each pageblock in the colour of its most common kind'],
          ['blend', 'Blend', 'Each pageblock in the page-weighted mix of its kinds'],
          [
            'migratetype',
            'Migratetype',
            migratetypes
              ? 'Each pageblock in the colour of its migratetype: shows MOVABLE blocks stolen for kernel allocations and blocks isolated during a request'
              : 'These snapshots carry no migratetypes (recorded from engine 0.12.0 on); re-run to see them',
          ],
        ] as const
      ).map(([m, label, title]) => (
        <button key={m} type="button" aria-pressed={mode === m} title={title} disabled={m === 'migratetype' && !migratetypes} onClick={() => onChange(m)}>
          {label}
        </button>
      ))}
    </div>
  );
}

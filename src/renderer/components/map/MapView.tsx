/*
 * One run's memory map at one snapshot, with its legend (page totals at that
 * time) and mode controls: used by the run detail page and, several side by
 * side, by the compare page.
 */
import { useMemo } from 'react';
import type { MemoryMapMeta } from '../../../shared/types.ts';
import { kindTotals, type MapMode } from '../../lib/memmap.ts';
import { MemoryMap, type MapHighlight } from './MemoryMap.tsx';
import { MapLegend } from './MapLegend.tsx';
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
  return (
    <div className="stack" style={{ gap: 10 }}>
      {error && <div className="notice error">Could not load the snapshot: {error}</div>}
      <MemoryMap
        meta={meta}
        data={data}
        dark={dark}
        mode={focus !== null ? 'heat' : mode}
        focusKind={focus ?? 0}
        highlights={highlights}
        maxCell={maxCell}
        label={label}
      />
      {showLegend && <MapLegend kinds={meta.kinds} totals={totals} dark={dark} focus={focus} onFocus={onFocus} />}
    </div>
  );
}

export function ModeSwitch({ mode, onChange }: { mode: MapMode; onChange: (m: MapMode) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Map colouring">
      {(
        [
          ['dominant', 'Dominant kind', 'Each pageblock in the colour of its most common kind'],
          ['blend', 'Blend', 'Each pageblock in the page-weighted mix of its kinds'],
        ] as const
      ).map(([m, label, title]) => (
        <button key={m} type="button" aria-pressed={mode === m} title={title} onClick={() => onChange(m)}>
          {label}
        </button>
      ))}
    </div>
  );
}

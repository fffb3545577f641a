/*
 * Legend of the map's Migratetype mode: each migratetype with the number of
 * pageblocks that have it at the current time step (totals null: no counts,
 * as under the address x time view).
 */
import { migratetypeColour, migratetypeHelp, migratetypeLabel } from '../../lib/migratetypes.ts';
import type { MapMode } from '../../lib/memmap.ts';
import { MapLegend, type MapLegendProps } from './MapLegend.tsx';

export interface MigratetypeLegendProps {
  names: readonly string[];
  totals: number[] | null;
}

export function MigratetypeLegend({ names, totals }: MigratetypeLegendProps) {
  return (
    <div className="legend" role="list" aria-label="Pageblock migratetypes">
      {names.map((name, i) => {
        const n = totals?.[i] ?? 0;
        return (
          <span key={name} role="listitem" className="item" title={migratetypeHelp(name)} style={{ cursor: 'default', opacity: totals && n === 0 ? 0.45 : 1 }}>
            <span className="swatch" style={{ background: migratetypeColour(name) }} />
            <span className="mono">{migratetypeLabel(name)}</span>
            {totals && (
              <span className="n">
                {n.toLocaleString('en-US')} {n === 1 ? 'pageblock' : 'pageblocks'}
              </span>
            )}
          </span>
        );
      })}
    </div>
  );
}

/**
 * The legend of the map's current colouring: migratetypes in Migratetype mode (when the run
 * recorded them and no kind is in focus), else the page kinds, whose buttons focus one kind.
 */
export function ModeLegend({
  mode,
  migratetypes,
  typeTotals,
  ...kindProps
}: MapLegendProps & { mode: MapMode; migratetypes: readonly string[] | undefined; typeTotals: number[] | null }) {
  if (mode === 'migratetype' && migratetypes && kindProps.focus === null) return <MigratetypeLegend names={migratetypes} totals={typeTotals} />;
  return <MapLegend {...kindProps} />;
}

/*
 * Legend of the 13 page kinds with the machine-wide page count of each at the
 * current time step. Clicking a kind switches the map to a heat view of that
 * kind (and back), which is how one finds the stray pinned page that makes a
 * whole pageblock unusable for CMA.
 */
import { KIND_INFO, kindColour } from '../../lib/kinds.ts';
import { formatPages } from '../../lib/format.ts';

export interface MapLegendProps {
  kinds: readonly string[];
  totals: number[] | null;
  dark: boolean;
  focus: number | null;
  onFocus: (k: number | null) => void;
}

export function MapLegend({ kinds, totals, dark, focus, onFocus }: MapLegendProps) {
  return (
    <div className="legend" role="group" aria-label="Page kinds (click one to show only it)">
      {kinds.map((k, i) => {
        const info = KIND_INFO.find((x) => x.kind === k);
        const n = totals?.[i] ?? 0;
        return (
          <button
            key={k}
            type="button"
            aria-pressed={focus === i}
            title={info?.help ?? k}
            onClick={() => onFocus(focus === i ? null : i)}
            style={{ opacity: totals && n === 0 && focus !== i ? 0.45 : 1 }}
          >
            <span className="swatch" style={{ background: kindColour(k, dark) }} />
            {info?.label ?? k}
            {totals && <span className="n">{formatPages(n)}</span>}
          </button>
        );
      })}
    </div>
  );
}

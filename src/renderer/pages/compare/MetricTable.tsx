/*
 * Runs as rows, metrics as columns, the pinned baseline first: each cell is
 * the value and its delta to the baseline (% and absolute), coloured by
 * whether the metric wants to go up or down, with an arrow so the colour is
 * never the only signal.
 */
import type { RunInfo } from '../../../shared/types.ts';
import { compareColumns, delta, formatRel, type MetricDef } from '../../lib/metrics.ts';
import { IconPin } from '../../components/common/icons.tsx';
import type { RunStyle } from '../../components/charts/palette.ts';


export interface MetricTableProps {
  runs: RunInfo[];
  labels: Map<number, string>;
  styles: Map<number, RunStyle>;
  baseline: number;
  onBaseline: (id: number) => void;
}

export function MetricTable({ runs, labels, styles, baseline, onBaseline }: MetricTableProps) {
  const base = runs.find((r) => r.id === baseline) ?? runs[0]!;
  const metrics = compareColumns(runs);
  return (
    <div className="table-wrap compare-table">
      <table className="table">
        <thead>
          <tr>
            <th className="sticky-col">Run</th>
            {metrics.map((m) => (
              <th key={m.id} className="num" title={m.help ?? (m.direction === 'lower' ? 'lower is better' : m.direction === 'higher' ? 'higher is better' : undefined)}>
                {m.label}
                <span className="dir" aria-hidden="true">
                  {m.direction === 'lower' ? ' ↓' : m.direction === 'higher' ? ' ↑' : ''}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const isBase = r.id === base.id;
            const st = styles.get(r.id);
            return (
              <tr key={r.id} className={isBase ? 'baseline' : undefined}>
                <td className="sticky-col">
                  <div className="run-cell">
                    <button
                      type="button"
                      className={`btn ghost sm icon pin${isBase ? ' on' : ''}`}
                      aria-pressed={isBase}
                      aria-label={isBase ? `Run ${r.id} is the baseline` : `Make run ${r.id} the baseline`}
                      title={isBase ? 'Baseline' : 'Pin as baseline'}
                      onClick={() => onBaseline(r.id)}
                    >
                      <IconPin />
                    </button>
                    <span className="line-swatch" style={{ background: st?.colour, ...(st?.dash ? { backgroundImage: 'linear-gradient(90deg, transparent 50%, var(--panel) 50%)', backgroundSize: '6px 3px' } : {}) }} />
                    <a href={`#/runs/${r.id}`}>{labels.get(r.id)}</a>
                    {isBase && <span className="badge plain base-badge">baseline</span>}
                  </div>
                </td>
                {metrics.map((m) => (
                  <Cell key={m.id} m={m} run={r} base={base} isBase={isBase} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ m, run, base, isBase }: { m: MetricDef; run: RunInfo; base: RunInfo; isBase: boolean }) {
  const v = run.summary ? m.get(run.summary) : null;
  if (v === null) return <td className="num faint">–</td>;
  if (isBase) return <td className="num strong">{m.format(v)}</td>;
  const b = base.summary ? m.get(base.summary) : null;
  const d = delta(v, b, m.direction);
  return (
    <td className="num">
      <div>{m.format(v)}</div>
      {d && d.abs !== 0 && (
        <div className={`delta ${d.verdict}`}>
          {d.verdict === 'better' ? '▲ ' : d.verdict === 'worse' ? '▼ ' : ''}
          {m.absoluteOnly || d.rel === null ? (
            m.formatDelta(d.abs)
          ) : (
            <>
              {formatRel(d.rel)}
              <span className="abs"> {m.formatDelta(d.abs)}</span>
            </>
          )}
        </div>
      )}
      {d && d.abs === 0 && <div className="delta same">=</div>}
    </td>
  );
}

/*
 * Runs as rows, metrics as columns, the pinned baseline first: each cell is
 * the value and its delta to the baseline (% and absolute), coloured by
 * whether the metric wants to go up or down, with an arrow so the colour is
 * never the only signal.
 */
import type { RunInfo } from '../../../shared/types.ts';
import { cellView, compareColumns, type MetricDef } from '../../lib/metrics.ts';
import { IconPin } from '../../components/common/icons.tsx';
import { CaveatMark, CaveatNote } from './CaveatMark.tsx';
import { formatCount } from '../../lib/format.ts';
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
  const note = caveatNote(runs, metrics, labels);
  return (
    <>
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
      <CaveatNote note={note} />
    </>
  );
}

function Cell({ m, run, base, isBase }: { m: MetricDef; run: RunInfo; base: RunInfo; isBase: boolean }) {
  const c = cellView(m, run.summary, base.summary, isBase);
  if (!c) return <td className="num faint">–</td>;
  // A value that flatters the run (OOM-killed work) is marked and never ranked.
  const value = (
    <>
      {c.value}
      <CaveatMark caveat={c.caveat} />
    </>
  );
  if (isBase) return <td className="num strong">{value}</td>;
  return (
    <td className="num">
      <div>{value}</div>
      {c.abs !== null && (
        <div className={`delta ${c.verdict}`}>
          {c.verdict === 'better' ? '▲ ' : c.verdict === 'worse' ? '▼ ' : ''}
          {c.rel === null ? (
            c.abs
          ) : (
            <>
              {c.rel}
              <span className="abs"> {c.abs}</span>
            </>
          )}
        </div>
      )}
    </td>
  );
}

/** Under the table: what the ⚠ marker means, for the runs that carry one. */
export function caveatNote(runs: readonly RunInfo[], metrics: readonly MetricDef[], labels: Map<number, string>): string | null {
  const flagged = runs.filter((r) => r.summary && metrics.some((m) => m.caveat?.(r.summary!)));
  if (!flagged.length) return null;
  const names = flagged.map((r) => `${labels.get(r.id) ?? `#${r.id}`} (${formatCount(r.summary!.vmstat['oom_kill'] ?? 0)} OOM kills)`);
  return `⚠ ${names.join(', ')}: tasks were OOM-killed and their work skipped, so the background finished early and the slowdown flatters the run. These values are not ranked against the baseline.`;
}

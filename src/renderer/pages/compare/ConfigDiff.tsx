/*
 * Only the configuration fields that differ between the compared runs:
 * fields as rows (a cross-policy comparison differs in many parameters),
 * runs as columns in the page's order, cells that differ from the baseline
 * (first column) highlighted, "–" where a run's policy has no such field,
 * "default" where it has one but the run leaves it unset (config-cells.ts).
 */
import type { ConfigDiffRow, RunInfo } from '../../../shared/types.ts';
import { diffCellView, visibleDiffRows } from './config-cells.ts';

/** `runs` in display order (baseline first); `order` the run ids in the order of diff values. */
export function ConfigDiff({ runs, order, diff, labels }: { runs: RunInfo[]; order: number[]; diff: ConfigDiffRow[]; labels: Map<number, string> }) {
  const rows = visibleDiffRows(diff);
  if (rows.length === 0) return <div className="card-body muted">The runs have identical configurations.</div>;
  const col = runs.map((r) => order.indexOf(r.id));
  // diffCellView wants the runs in the order of the diff's values.
  const byOrder = order.map((id) => runs.find((r) => r.id === id)!);
  return (
    <div className="table-wrap" style={{ maxHeight: 480 }}>
      <table className="table diff-table">
        <thead>
          <tr>
            <th className="sticky-col">Field</th>
            {runs.map((r, i) => (
              <th key={r.id} title={labels.get(r.id)}>
                #{r.id} <span className="faint">{r.policy.name}</span>
                {i === 0 && <span className="faint"> (baseline)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => {
            const base = diffCellView(d, byOrder, col[0]!);
            return (
              <tr key={d.path}>
                <td className="sticky-col mono">{d.path}</td>
                {runs.map((r, i) => {
                  const c = diffCellView(d, byOrder, col[i]!);
                  return (
                    <td key={r.id} className={`mono${c.absent ? ' faint' : ''}${i > 0 && !c.absent && c.text !== base.text ? ' diff-cell' : ''}`}>
                      {c.text}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

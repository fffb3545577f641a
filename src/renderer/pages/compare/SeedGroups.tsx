/*
 * Runs that differ only by seed, grouped: mean and 95 % interval (Student's
 * t) per metric, computed in main exactly as `cmawb compare` prints them.
 */
import type { SeedGroup } from '../../../shared/types.ts';
import { groupMetric } from '../../lib/metrics.ts';

const SHOWN = ['successRate', 'latencyP50Us', 'latencyP99Us', 'latencyMaxUs', 'boundMaxUs', 'slowdown', 'regionUtilisation', 'swapIo'];

export function SeedGroups({ groups }: { groups: SeedGroup[] }) {
  const metrics = SHOWN.filter((m) => groups.some((g) => g.stats[m] && g.stats[m]!.mean !== null));
  const failures = [...new Set(groups.flatMap((g) => Object.keys(g.stats).filter((k) => k.startsWith('failures.'))))];
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>Configuration</th>
            <th className="num">seeds</th>
            {[...metrics, ...failures].map((m) => (
              <th key={m} className="num" title={m}>
                {groupMetric(m).label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.label}>
              <td>
                <strong>{g.label}</strong>
              </td>
              <td className="num">
                {g.seeds.length} <span className="faint small">({g.seeds.join(', ')})</span>
              </td>
              {[...metrics, ...failures].map((m) => {
                const st = g.stats[m];
                const def = groupMetric(m);
                if (!st || st.mean === null) return <td key={m} className="num faint">–</td>;
                return (
                  <td key={m} className="num">
                    {def.format(st.mean)}
                    {st.ci95 !== null && <span className="ci"> ± {(def.formatCi ?? def.format)(st.ci95)}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/*
 * Runs that differ only by seed, grouped: mean and 95 % interval (Student's
 * t) per metric, computed in main exactly as `cmawb compare` prints them.
 */
import type { SeedGroup } from '../../../shared/types.ts';
import { formatGroupStat, groupMetric } from '../../lib/metrics.ts';

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
                if (!st || st.mean === null) return <td key={m} className="num faint">–</td>;
                const f = formatGroupStat(m, st.mean, st.ci95);
                return (
                  <td key={m} className="num">
                    {f.mean}
                    {f.ci !== null && <span className="ci"> ± {f.ci}</span>}
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

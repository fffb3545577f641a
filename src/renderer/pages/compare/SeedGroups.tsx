/*
 * Runs that differ only by seed, grouped: mean and 95 % interval (Student's
 * t) per metric, computed in main exactly as `cmawb compare` prints them.
 * A background mean that a run's OOM kills went into is marked as in the
 * metrics table: it flatters the group, so it is not comparable.
 */
import type { RunInfo, SeedGroup } from '../../../shared/types.ts';
import { formatGroupStat, groupCaveat, groupMetric, groupOom, seedsText, type GroupOom } from '../../lib/metrics.ts';
import { formatCount } from '../../lib/format.ts';
import { CaveatMark, CaveatNote } from './CaveatMark.tsx';

const SHOWN = ['successRate', 'latencyP50Us', 'latencyP99Us', 'latencyMaxUs', 'boundMaxUs', 'slowdown', 'regionUtilisation', 'swapIo'];

/** runs: the compared runs, whose summaries say which of a group's seeds had OOM kills. */
export function SeedGroups({ groups, runs }: { groups: SeedGroup[]; runs: RunInfo[] }) {
  const metrics = SHOWN.filter((m) => groups.some((g) => g.stats[m] && g.stats[m]!.mean !== null));
  const failures = [...new Set(groups.flatMap((g) => Object.keys(g.stats).filter((k) => k.startsWith('failures.'))))];
  const columns = [...metrics, ...failures];
  const oom = new Map(groups.map((g) => [g, groupOom(g, runs)] as const));
  const note = groupCaveatNote(groups, columns, oom);
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Configuration</th>
              <th className="num">seeds</th>
              {columns.map((m) => (
                <th key={m} className="num" title={groupMetric(m).help ?? m}>
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
                <td className="num">{seedsText(g.seeds)}</td>
                {columns.map((m) => {
                  const st = g.stats[m];
                  if (!st || st.mean === null) return <td key={m} className="num faint">–</td>;
                  const f = formatGroupStat(m, st.mean, st.ci95);
                  return (
                    <td key={m} className="num">
                      {f.mean}
                      {f.ci !== null && <span className="ci"> ± {f.ci}</span>}
                      <CaveatMark caveat={groupCaveat(m, oom.get(g)!)} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CaveatNote note={note} />
    </>
  );
}

/** Under the table: what the ⚠ marker means, for the groups that carry one (as the metrics table's note). */
export function groupCaveatNote(groups: readonly SeedGroup[], columns: readonly string[], oom: ReadonlyMap<SeedGroup, GroupOom>): string | null {
  const flagged = groups.filter((g) => columns.some((m) => g.stats[m]?.mean != null && groupCaveat(m, oom.get(g)!) !== null));
  if (!flagged.length) return null;
  const names = flagged.map((g) => {
    const o = oom.get(g)!;
    return `${g.label} (seed${o.seeds.length === 1 ? '' : 's'} ${o.seeds.join(', ')}: ${formatCount(o.kills)} OOM kill${o.kills === 1 ? '' : 's'})`;
  });
  return `⚠ ${names.join(', ')}: tasks were OOM-killed and their work skipped, so the background finished early and the mean slowdown flatters the group. These means are not comparable with the other groups'.`;
}

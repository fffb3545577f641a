/*
 * What the configuration-difference table prints. main flattens each run's
 * configuration, so a run with no parameters contributes a row "params" with
 * the marker "{}" while runs with parameters contribute "params.<key>" rows:
 * the same fact (this run uses defaults) would read as "{}" in one row and
 * "–" in the others. Here the marker rows go, and a parameter a run leaves
 * unset reads "default" when its policy has that parameter (another run of the
 * same policy sets it), "–" when it is not a field of that run at all.
 */
import type { ConfigDiffRow, RunInfo } from '../../../shared/types.ts';
import { diffCell } from '../../lib/compare.ts';

export interface DiffCell {
  text: string;
  /** Not set or not applicable: drawn faint, never highlighted as a difference. */
  absent: boolean;
}

/** Rows worth a line: not the empty-object markers main emits for "no parameters". */
export function visibleDiffRows(diff: readonly ConfigDiffRow[]): ConfigDiffRow[] {
  const marker = (v: unknown) => v === '{}' || v === '[]';
  return diff.filter((d) => !(d.values.some(marker) && d.values.every((v) => v === undefined || v === null || marker(v))));
}

/** The cell of run `runs[i]` (values in the same order as `runs`). */
export function diffCellView(row: ConfigDiffRow, runs: readonly Pick<RunInfo, 'policy' | 'params'>[], i: number): DiffCell {
  const v = row.values[i];
  if (v !== undefined && v !== null) return { text: diffCell(v), absent: false };
  const run = runs[i]!;
  if (row.path.startsWith('params.')) {
    // Another run of the same policy sets it, so it is a field of this run too, left at its default (or its preset's value).
    const samePolicySets = row.values.some((o, j) => j !== i && o !== undefined && o !== null && runs[j]!.policy.name === run.policy.name);
    if (samePolicySets) {
      if (row.path === 'params.preset') return { text: 'none', absent: true };
      const preset = run.params['preset'];
      return { text: typeof preset === 'string' ? `preset ${preset}` : 'default', absent: true };
    }
  }
  return { text: '–', absent: true };
}

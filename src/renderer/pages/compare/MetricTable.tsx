/*
 * Runs as rows, metrics as columns, the pinned baseline first: each cell is
 * the value and its delta to the baseline (% and absolute), coloured by
 * whether the metric wants to go up or down, with an arrow so the colour is
 * never the only signal. Runs that replay one CMA trace get a last row, what
 * the traced device measured for the same requests: a reference, in italics,
 * never ranked and never a baseline.
 */
import type { CSSProperties } from 'react';
import type { RunInfo, SeedGroup } from '../../../shared/types.ts';
import { cellView, compareColumns, groupsSeparate, noisyNote, type MetricDef } from '../../lib/metrics.ts';
import { IconPin } from '../../components/common/icons.tsx';
import { CaveatMark, CaveatNote } from './CaveatMark.tsx';
import { formatCount } from '../../lib/format.ts';
import type { RunStyle } from '../../components/charts/palette.ts';
import { observedMetric, type Observed } from '../../lib/compare.ts';

export interface MetricTableProps {
  runs: RunInfo[];
  labels: Map<number, string>;
  styles: Map<number, RunStyle>;
  baseline: number;
  onBaseline: (id: number) => void;
  /** The device's timings when every run replays the same trace (the reference row), with its line's style in the CDF. */
  reference?: { observed: Observed; style: RunStyle | null } | null;
  /** One line under the table instead of the reference row (runs that replay different traces, or only some that do). */
  traceNote?: string | null;
  /** Runs that ran another scenario than the baseline: a ⚠ by the run's name with the reason (scenarioCaveats). */
  scenarioCaveats?: ReadonlyMap<number, string>;
  /** The line under the table that explains those ⚠ (scenarioCaveatNote). */
  scenarioNote?: string | null;
  /** The seed groups: a noisy metric (slowdown) is ranked only where the two runs' groups separate. */
  groups?: readonly SeedGroup[];
}

export function MetricTable({ runs, labels, styles, baseline, onBaseline, reference = null, traceNote = null, scenarioCaveats, scenarioNote = null, groups = [] }: MetricTableProps) {
  const base = runs.find((r) => r.id === baseline) ?? runs[0]!;
  const metrics = compareColumns(runs);
  const note = caveatNote(runs, metrics, labels);
  const groupOf = (id: number) => groups.find((g) => g.runIds.includes(id));
  const resolved = (m: MetricDef, r: RunInfo) => m.noisy !== undefined && groupsSeparate(groupOf(r.id), groupOf(base.id), m.noisy);
  // Noisy metrics some run's delta was left unranked for: the note says why.
  const unresolved = metrics.filter((m) => runs.some((r) => r.id !== base.id && cellView(m, r.summary, base.summary, false, resolved(m, r))?.unresolved));
  const noiseNote = noisyNote(
    unresolved.map((m) => m.label),
    groups.some((g) => g.runIds.length > 1),
  );
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
                      <span className="line-swatch" style={swatchStyle(st)} />
                      <a href={`#/runs/${r.id}`}>{labels.get(r.id)}</a>
                      {!isBase && <CaveatMark caveat={scenarioCaveats?.get(r.id) ?? null} />}
                      {isBase && <span className="badge plain base-badge">baseline</span>}
                    </div>
                  </td>
                  {metrics.map((m) => (
                    <Cell key={m.id} m={m} run={r} base={base} isBase={isBase} resolved={resolved(m, r)} />
                  ))}
                </tr>
              );
            })}
            {reference && <ReferenceRow observed={reference.observed} style={reference.style} metrics={metrics} />}
          </tbody>
        </table>
      </div>
      <CaveatNote note={scenarioNote} />
      <CaveatNote note={traceNote} />
      <CaveatNote note={note} />
      <CaveatNote note={noiseNote} />
    </>
  );
}

/**
 * A run's line in the CDF as a short swatch; a dashed line gets a dashed one. The colour as backgroundColor, not the
 * background shorthand: when the colour changes (the device's line follows the theme), React would set the shorthand
 * alone and so reset the dashes to a solid bar.
 */
function swatchStyle(st: RunStyle | null | undefined): CSSProperties {
  return { backgroundColor: st?.colour, ...(st?.dash ? { backgroundImage: 'linear-gradient(90deg, transparent 50%, var(--panel) 50%)', backgroundSize: '6px 3px' } : {}) };
}

/** The device's own numbers for the request and latency columns, "–" for the rest: no deltas, no arrows, no pin. */
function ReferenceRow({ observed, style, metrics }: { observed: Observed; style: RunStyle | null; metrics: readonly MetricDef[] }) {
  return (
    <tr className="reference" style={{ fontStyle: 'italic' }}>
      <td className="sticky-col" style={{ borderTop: '1px dashed var(--border-strong)' }}>
        <div className="run-cell muted" title="What the traced kernel measured for the requests it timed (cma_alloc_start to cma_alloc_finish), failed ones included; the same trace in every run, so one row. A reference, not ranked.">
          {/* Where the pin button sits in the runs' rows, so the swatches line up. */}
          <span className="btn ghost sm icon" aria-hidden="true" style={{ visibility: 'hidden' }} />
          {style ? <span className="line-swatch" style={swatchStyle(style)} /> : null}
          <span>Traced on the device</span>
          <span className="faint small">({formatCount(observed.count)} timed)</span>
        </div>
      </td>
      {metrics.map((m) => {
        const v = observedMetric(m.id, observed);
        return (
          <td key={m.id} className="num muted" style={{ borderTop: '1px dashed var(--border-strong)' }}>
            {v === null ? <span className="faint">–</span> : m.format(v)}
          </td>
        );
      })}
    </tr>
  );
}

function Cell({ m, run, base, isBase, resolved }: { m: MetricDef; run: RunInfo; base: RunInfo; isBase: boolean; resolved: boolean }) {
  const c = cellView(m, run.summary, base.summary, isBase, resolved);
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
        <div className={`delta ${c.verdict}`} title={c.unresolved ? 'Within seed-to-seed variation: not ranked (see the note under the table)' : undefined}>
          {c.verdict === 'better' ? '▲ ' : c.verdict === 'worse' ? '▼ ' : c.unresolved ? '≈ ' : ''}
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

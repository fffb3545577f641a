/*
 * Every contiguous request of the run. Selecting a row outlines its pfn range
 * on the memory map and moves the scrubber to the request's time; expanding
 * it lists the pfns that blocked it and why, in hex. For policies with a
 * latency bound (GCMA) the bound sits beside the actual latency, and a bar on
 * a log scale shared by every row shows the latency with the bound ticked.
 */
import { Fragment, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RequestRecord } from '../../../shared/types.ts';
import { formatCount, formatNs, formatPages, formatSeconds, pfnRange } from '../../lib/format.ts';
import { formatBlockingRange, groupBlocking } from '../../lib/blocking.ts';
import { latencyScale, logPosition, noBlockerText, rowPaging, workText } from './request-text.ts';
import { tracedCell, tracedText, type TracedMatch } from '../../lib/trace.ts';

const PAGE = 200;

type Filter = 'all' | 'failed' | 'blocked';
type Sort = 'time' | 'latency';

export interface RequestTableProps {
  requests: RequestRecord[];
  selected: number | null;
  onSelect: (id: number | null) => void;
  /** Requests replaying a trace: record id -> the traced request (lib/trace.ts pairTraced). */
  traced?: ReadonlyMap<number, TracedMatch>;
}

export function RequestTable({ requests, selected, onSelect, traced }: RequestTableProps) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState<Filter>('all');
  const [sort, setSort] = useState<Sort>('time');
  const [limit, setLimit] = useState(PAGE);
  // Roving tabindex: the table is one tab stop (this row); arrow keys move between rows.
  const [focusId, setFocusId] = useState<number | null>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const hasBound = requests.some((r) => r.boundNs !== null);
  // One log scale for every bar, so bar length compares requests (a bar per row relative to its own bound is always full for GCMA).
  const scale = useMemo<Scale | null>(() => latencyScale(requests), [requests]);

  const rows = useMemo(() => {
    let r = requests;
    if (filter === 'failed') r = r.filter((x) => !x.ok);
    if (filter === 'blocked') r = r.filter((x) => x.blocking.length > 0);
    if (sort === 'latency') r = [...r].sort((a, b) => b.latencyNs - a.latencyNs);
    return r;
  }, [requests, filter, sort]);

  const setOpenState = (id: number, on: boolean) => {
    const s = new Set(open);
    if (on) s.add(id);
    else s.delete(id);
    setOpen(s);
  };
  const toggle = (id: number) => setOpenState(id, !open.has(id));
  const failed = requests.filter((r) => !r.ok).length;
  const blocked = requests.filter((r) => r.blocking.length > 0).length;
  const hasTraced = !!traced && traced.size > 0;
  const cols = 10 + (hasBound ? 1 : 0) + (hasTraced ? 1 : 0);
  const paging = rowPaging(rows.length, limit, PAGE * 5);
  const shownRows = rows.slice(0, paging.shown);
  const tabId = shownRows.some((r) => r.id === focusId) ? focusId : shownRows.some((r) => r.id === selected) ? selected : (shownRows[0]?.id ?? null);

  const focusRow = (id: number) => {
    setFocusId(id);
    bodyRef.current?.querySelector<HTMLElement>(`tr[data-req="${id}"]`)?.focus();
  };
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, r: RequestRecord, index: number) => {
    if (e.target !== e.currentTarget) return;
    const last = shownRows.length - 1;
    // Row moves, clamped to the list: one step, a page of 10, the ends.
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + 10, PageUp: index - 10, Home: 0, End: last };
    let to: number | null = null;
    if (e.key in moves) to = Math.max(0, Math.min(last, moves[e.key]!));
    else if (e.key === 'Enter' || e.key === ' ') onSelect(selected === r.id ? null : r.id);
    else if (e.key === 'ArrowRight') {
      setOpenState(r.id, true);
      onSelect(r.id);
    } else if (e.key === 'ArrowLeft') setOpenState(r.id, false);
    else return;
    e.preventDefault();
    if (to !== null) focusRow(shownRows[to]!.id);
  };

  return (
    <div>
      <div className="table-tools">
        <div className="segmented" role="group" aria-label="Show requests">
          {(
            [
              ['all', `All ${requests.length}`],
              ['failed', `Failed ${failed}`],
              ['blocked', `Blocked ${blocked}`],
            ] as const
          ).map(([f, label]) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Sort requests">
          {(
            [
              ['time', 'By time'],
              ['latency', 'Slowest first'],
            ] as const
          ).map(([s, label]) => (
            <button key={s} type="button" aria-pressed={sort === s} onClick={() => setSort(s)}>
              {label}
            </button>
          ))}
        </div>
        <span className="faint small" id="req-table-help">
          Click a row (or Enter) to outline its range on the map; ▸ (or →) lists the pfns that blocked it. ↑ ↓ move between rows.
        </span>
      </div>
      <div className="table-wrap" style={{ maxHeight: 520 }}>
        <table className="table req-table">
          <thead>
            <tr>
              <th className="sticky-col req-exp" aria-label="Expand" />
              <th className="num sticky-col req-id">#</th>
              <th>client</th>
              <th className="num">size</th>
              <th className="num">at</th>
              <th className="num" title={hasBound ? 'Bar: the latency on a log scale shared by all rows; the tick marks the bound' : undefined}>
                latency
              </th>
              {hasBound && <th className="num">bound</th>}
              <th>result</th>
              {hasTraced && (
                <th className="num" title="What the traced kernel took for this request, and its outcome there">
                  traced on device
                </th>
              )}
              <th>pfn range</th>
              <th className="num" title="pages migrated / dropped / written back">mig / drop / wb</th>
              <th className="num">retries</th>
            </tr>
          </thead>
          <tbody ref={bodyRef}>
            {shownRows.map((r, index) => {
              const isOpen = open.has(r.id);
              return (
                <Fragment key={r.id}>
                  <tr
                    className={`clickable${selected === r.id ? ' selected' : ''}${isOpen ? ' expanded' : ''}`}
                    data-req={r.id}
                    tabIndex={tabId === r.id ? 0 : -1}
                    aria-label={`Request ${r.id}, ${r.client}, ${formatCount(r.pages)} pages, ${formatNs(r.latencyNs)}, ${r.ok ? 'ok' : (r.reason ?? 'failed')}`}
                    aria-describedby="req-table-help"
                    onFocus={(e) => {
                      if (e.target === e.currentTarget) setFocusId(r.id);
                    }}
                    onKeyDown={(e) => onRowKey(e, r, index)}
                    onClick={() => {
                      setFocusId(r.id);
                      onSelect(selected === r.id ? null : r.id);
                    }}
                    aria-selected={selected === r.id}
                  >
                    <td className="sticky-col req-exp" onClick={(e) => e.stopPropagation()}>
                      {/* Out of the tab order (the row's → opens it); a click both opens the details and outlines the range. */}
                      <button
                        type="button"
                        tabIndex={-1}
                        className="btn ghost sm icon expander"
                        aria-expanded={isOpen}
                        aria-label={`Why request ${r.id} took ${formatNs(r.latencyNs)}`}
                        onClick={() => {
                          if (!isOpen) onSelect(r.id);
                          setFocusId(r.id);
                          toggle(r.id);
                        }}
                      >
                        <span style={{ display: 'inline-block', transform: isOpen ? 'rotate(90deg)' : 'none', transition: 'transform .1s' }}>▸</span>
                      </button>
                    </td>
                    <td className="num faint sticky-col req-id">{r.id}</td>
                    <td>{r.client}</td>
                    <td className="num">
                      {formatCount(r.pages)} <span className="faint">({formatPages(r.pages)})</span>
                    </td>
                    <td className="num">{formatSeconds(r.startNs / 1e9)}</td>
                    <td className="num">
                      <LatencyCell r={r} scale={scale} />
                    </td>
                    {hasBound && <td className="num faint">{r.boundNs === null ? '–' : formatNs(r.boundNs)}</td>}
                    <td>
                      {r.ok ? (
                        <span className="ok-text">ok{r.deadlineMissed ? <span className="bad-text"> · deadline missed</span> : ''}</span>
                      ) : (
                        <span className="bad-text mono">{r.reason ?? 'failed'}</span>
                      )}
                    </td>
                    {hasTraced && <TracedCell m={traced!.get(r.id)} />}
                    <td className="mono">{r.ok || r.startPfn >= 0 ? pfnRange(r.startPfn, r.pages) : '–'}</td>
                    <td className="num">
                      {formatCount(r.migrated)} / {formatCount(r.dropped)} / {formatCount(r.written)}
                    </td>
                    <td className="num">{r.retries}</td>
                  </tr>
                  {isOpen && (
                    <tr className="drill">
                      <td colSpan={cols}>
                        <Drill r={r} traced={traced?.get(r.id)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
            {/* At the end of the scrolled list, where a reader runs out of rows: the count is of rows not in the list at all. */}
            {paging.more && (
              <tr>
                <td colSpan={cols} style={{ padding: 10 }}>
                  <span className="faint small">
                    {paging.shown} of {rows.length} listed ·{' '}
                  </span>
                  <button type="button" className="btn sm" onClick={() => setLimit(limit + PAGE * 5)}>
                    {paging.more}
                  </button>
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

interface Scale {
  lo: number;
  hi: number;
}

function LatencyCell({ r, scale }: { r: RequestRecord; scale: Scale | null }) {
  if (r.boundNs === null || r.boundNs <= 0 || !scale) return <>{formatNs(r.latencyNs)}</>;
  const over = r.latencyNs > r.boundNs;
  const at = r.latencyNs === r.boundNs;
  return (
    <span className="lat-bound" title={`${formatNs(r.latencyNs)} ${at ? 'exactly at' : over ? 'over' : 'within'} its ${formatNs(r.boundNs)} bound (bar: log scale shared by all rows; tick: the bound)`}>
      <span className="lat-bar" aria-hidden="true" style={{ width: 72, position: 'relative' }}>
        <span style={{ width: `${logPosition(r.latencyNs, scale.lo, scale.hi) * 100}%`, background: over ? 'var(--bad)' : 'var(--good)' }} />
        <span style={{ position: 'absolute', top: 0, left: `calc(${logPosition(r.boundNs, scale.lo, scale.hi) * 100}% - 1px)`, width: 2, background: 'var(--text)' }} />
      </span>
      {/* A fixed width keeps the bars of all rows aligned, so their lengths compare. */}
      <span style={{ minWidth: 58, display: 'inline-block', textAlign: 'right' }}>{formatNs(r.latencyNs)}</span>
    </span>
  );
}

function TracedCell({ m }: { m: TracedMatch | undefined }) {
  if (!m) return <td className="num faint">–</td>;
  return <td className={`num${m.traced.observedOk === false ? ' bad-text' : ''}`}>{tracedCell(m.traced)}</td>;
}

function Drill({ r, traced }: { r: RequestRecord; traced?: TracedMatch | undefined }) {
  const groups = groupBlocking(r.blocking);
  return (
    <div className="drill-body">
      <dl className="kv">
        <dt>range</dt>
        <dd className="mono">{r.startPfn >= 0 ? `${pfnRange(r.startPfn, r.pages)} · ${formatCount(r.pages)} pages` : 'no range was found'}</dd>
        <dt>timing</dt>
        <dd>
          started {formatSeconds(r.startNs / 1e9)}, took {formatNs(r.latencyNs)}
          {r.boundNs !== null && <> (bound {formatNs(r.boundNs)}{r.latencyNs > r.boundNs ? ', exceeded' : ''})</>}
        </dd>
        {traced && (
          <>
            <dt>traced</dt>
            <dd>{tracedText(traced, r)}</dd>
          </>
        )}
        <dt>work</dt>
        <dd>{workText(r)}</dd>
        <dt>{r.ok ? 'delayed by' : 'blocked by'}</dt>
        <dd>
          {groups.length === 0 ? (
            <span className="muted">{noBlockerText(r)}</span>
          ) : (
            <div className="blocking">
              {groups.map((g) => (
                <div key={g.cause} className="blocking-group">
                  <div className="blocking-cause">
                    {g.cause} <span className="faint">· {g.count} pfn{g.count > 1 ? 's' : ''}</span>
                  </div>
                  <ul className="mono">
                    {g.ranges.slice(0, 40).map((rg) => (
                      <li key={rg[0]}>{formatBlockingRange(rg, g.cause)}</li>
                    ))}
                    {g.ranges.length > 40 && <li className="faint">… {g.ranges.length - 40} more ranges</li>}
                  </ul>
                </div>
              ))}
            </div>
          )}
        </dd>
      </dl>
    </div>
  );
}


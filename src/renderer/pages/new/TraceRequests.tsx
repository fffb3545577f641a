/*
 * A traced task's requests, read-only: they are what the device did, so the
 * form shows them (when, how big, how long held, what the traced kernel
 * took) rather than offering them as JSON to edit. The first rows, then all
 * on request; a trace can hold 100,000s, so past a thousand they come a
 * thousand at a time (every row at once would stall the page).
 */
import { useState } from 'react';
import { formatCount, formatPages, formatSeconds } from '../../lib/format.ts';
import { holdText, tracedCell, type TracedRequest } from '../../lib/trace.ts';
import { rowPaging } from '../detail/request-text.ts';

const FIRST = 8;
const STEP = 1000;

export function TraceRequests({ requests, startAtS, label }: { requests: readonly TracedRequest[]; startAtS: number; label: string }) {
  const [limit, setLimit] = useState(FIRST);
  const all = limit > FIRST;
  const shown = requests.slice(0, limit);
  // Up to STEP: one button lists them all. Beyond: a thousand more per click.
  const more =
    requests.length <= STEP
      ? all
        ? null
        : `Show all ${formatCount(requests.length)} requests`
      : all
        ? rowPaging(requests.length, limit, STEP).more
        : `Show the first ${formatCount(STEP)} of ${formatCount(requests.length)} requests`;
  const offsetS = Number.isFinite(startAtS) ? startAtS : 0;
  return (
    <div className="trace-requests">
      <div className="table-wrap" style={{ maxHeight: all ? 360 : undefined }}>
        <table className="table compact" aria-label={label}>
          <thead>
            <tr>
              <th className="num">#</th>
              <th className="num" title="When the task asked, in the run (the trace's first request falls at Starts at)">at</th>
              <th className="num">pages</th>
              <th className="num" title="cma_alloc's align argument, an order">align</th>
              <th className="num" title="From the allocation to its cma_release in the trace">held</th>
              <th className="num" title="cma_alloc_start to cma_alloc_finish on the traced kernel">traced</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={i}>
                <td className="num faint">{i + 1}</td>
                <td className="num">{formatSeconds(offsetS + r.atMs / 1e3)}</td>
                <td className="num">
                  {formatCount(r.pages)} <span className="faint">({formatPages(r.pages)})</span>
                </td>
                <td className="num">{r.alignOrder}</td>
                <td className={`num${r.observedOk === false ? ' faint' : ''}`} title={r.observedOk === false ? 'Failed on the device: it held nothing (a policy that gets it here frees it at once)' : undefined}>
                  {holdText(r)}
                </td>
                <td className={`num${r.observedOk === false ? ' bad-text' : ''}`}>{tracedCell(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {requests.length > FIRST && (
        <div className="row-buttons">
          {more && (
            <button type="button" className="btn ghost sm" onClick={() => setLimit(requests.length <= STEP ? requests.length : all ? limit + STEP : STEP)}>
              {more}
            </button>
          )}
          {all && (
            <button type="button" className="btn ghost sm" onClick={() => setLimit(FIRST)}>
              Show the first {FIRST}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

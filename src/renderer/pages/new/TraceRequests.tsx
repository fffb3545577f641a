/*
 * A traced task's requests, read-only: they are what the device did, so the
 * form shows them (when, how big, how long held, what the traced kernel
 * took) rather than offering them as JSON to edit. The first rows, then all
 * on request: a trace can hold thousands.
 */
import { useState } from 'react';
import { formatCount, formatPages, formatSeconds } from '../../lib/format.ts';
import { holdText, tracedCell, type TracedRequest } from '../../lib/trace.ts';

const FIRST = 8;

export function TraceRequests({ requests, startAtS, label }: { requests: readonly TracedRequest[]; startAtS: number; label: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? requests : requests.slice(0, FIRST);
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
                <td className="num">{holdText(r.holdMs)}</td>
                <td className={`num${r.observedOk === false ? ' bad-text' : ''}`}>{tracedCell(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {requests.length > FIRST && (
        <button type="button" className="btn ghost sm" onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST}` : `Show all ${formatCount(requests.length)} requests`}
        </button>
      )}
    </div>
  );
}

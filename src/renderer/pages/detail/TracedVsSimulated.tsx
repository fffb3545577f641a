/*
 * A run that replays a CMA trace: what the traced kernel took for the
 * requests (cma_alloc_start to cma_alloc_finish on the device) beside what
 * the simulated policy took for the same requests, in the same statistics,
 * with the ratio under them so "how far is the model from the device" reads
 * at a glance. Like with like: both rows hold the requests the trace timed,
 * failed ones included, each as the time until the call returned (the
 * engine's summary.requests.observed on one side; on the other, the
 * simulated requests replaying those, paired by lib/trace.ts pairTraced).
 */
import { useMemo } from 'react';
import type { RequestRecord, RunSummary } from '../../../shared/types.ts';
import { formatCount, formatUs } from '../../lib/format.ts';
import { comparedRecords, latencyRow, ratioText, type LatencyRow, type TracedMatch } from '../../lib/trace.ts';

const STATS = ['mean', 'p50', 'p90', 'p99', 'max'] as const;

export function TracedVsSimulated({ summary, policy, requests, traced }: { summary: RunSummary; policy: string; requests: readonly RequestRecord[]; traced: ReadonlyMap<number, TracedMatch> }) {
  const device = summary.requests.observed;
  const compared = useMemo(() => comparedRecords(traced, requests), [traced, requests]);
  if (!device) return null;
  // No records to pair (none loaded): the run's summary, which covers every simulated request.
  const sim: LatencyRow = compared.length ? latencyRow(compared) : summary.requests;
  const untimed = traced.size - compared.length;
  return (
    <section className="card" aria-labelledby="traced-h">
      <div className="card-head">
        <h2 id="traced-h">Traced on the device vs simulated</h2>
        <span className="hint">
          the trace’s timed requests, failed ones included, each as the time until cma_alloc returned: on the device and as {policy} took them here
        </span>
      </div>
      <div className="card-body flush">
        <table className="table traced-table">
          <thead>
            <tr>
              <th />
              <th className="num">requests</th>
              <th className="num">failed</th>
              {STATS.map((k) => (
                <th key={k} className="num">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <Row label="Traced on the device" note="cma_alloc_start to cma_alloc_finish" row={device} />
            <Row label="Simulated" note={policy} row={sim} />
            <tr className="ratio">
              <th scope="row" className="faint">
                simulated ÷ traced
              </th>
              <td />
              <td />
              {STATS.map((k) => (
                <td key={k} className="num faint">
                  {ratioText(sim.latencyUs[k], device.latencyUs[k])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
        {(untimed > 0 || compared.length === 0) && (
          <div className="faint small traced-foot">
            {compared.length === 0
              ? 'The simulated row is the run’s summary, its successful requests only: this run’s requests are not loaded to pair them with the traced ones.'
              : `${formatCount(untimed)} traced request${untimed === 1 ? ' has' : 's have'} no start event (no latency on the device) and ${untimed === 1 ? 'is' : 'are'} left out of both rows.`}
          </div>
        )}
      </div>
    </section>
  );
}

function Row({ label, note, row }: { label: string; note: string; row: LatencyRow }) {
  return (
    <tr>
      <th scope="row">
        {label} <span className="faint small">({note})</span>
      </th>
      <td className="num">{formatCount(row.count)}</td>
      <td className={`num ${row.failed ? 'bad-text' : 'faint'}`}>{formatCount(row.failed)}</td>
      {STATS.map((k) => (
        <td key={k} className="num">
          {formatUs(row.latencyUs[k])}
        </td>
      ))}
    </tr>
  );
}

/*
 * A run that replays a CMA trace: what the traced kernel took for the
 * requests (cma_alloc_start to cma_alloc_finish on the device) beside what
 * the simulated policy took for the same requests, in the same statistics,
 * with the ratio under them so "how far is the model from the device" reads
 * at a glance.
 */
import type { RunSummary } from '../../../shared/types.ts';
import { formatCount, formatUs } from '../../lib/format.ts';
import { ratioText } from '../../lib/trace.ts';

const STATS = ['mean', 'p50', 'p90', 'p99', 'max'] as const;

export function TracedVsSimulated({ summary, policy }: { summary: RunSummary; policy: string }) {
  const traced = summary.requests.observed;
  if (!traced) return null;
  const sim = summary.requests;
  return (
    <section className="card" aria-labelledby="traced-h">
      <div className="card-head">
        <h2 id="traced-h">Traced on the device vs simulated</h2>
        <span className="hint">the replayed trace’s requests: as the traced kernel took them (cma_alloc_start to cma_alloc_finish) and as {policy} took them here</span>
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
            <tr>
              <th scope="row">
                Traced on the device <span className="faint small">(timed requests)</span>
              </th>
              <td className="num">{formatCount(traced.count)}</td>
              <td className={`num ${traced.failed ? 'bad-text' : 'faint'}`}>{formatCount(traced.failed)}</td>
              {STATS.map((k) => (
                <td key={k} className="num">
                  {formatUs(traced.latencyUs[k])}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">
                Simulated <span className="faint small">({policy})</span>
              </th>
              <td className="num">{formatCount(sim.count)}</td>
              <td className={`num ${sim.failed ? 'bad-text' : 'faint'}`}>{formatCount(sim.failed)}</td>
              {STATS.map((k) => (
                <td key={k} className="num">
                  {formatUs(sim.latencyUs[k])}
                </td>
              ))}
            </tr>
            <tr className="ratio">
              <th scope="row" className="faint">
                simulated ÷ traced
              </th>
              <td />
              <td />
              {STATS.map((k) => (
                <td key={k} className="num faint">
                  {ratioText(sim.latencyUs[k], traced.latencyUs[k])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

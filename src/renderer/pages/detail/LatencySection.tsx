/*
 * Latency: the CDF (log x) with the GCMA bound and any deadline marked, the
 * per-size table (the GCMA RFC v2 table's rows) and why requests failed.
 */
import { useMemo } from 'react';
import type { RequestRecord, RunSummary, Scenario } from '../../../shared/types.ts';
import { cdfsBySize, latencyCdf } from '../../lib/cdf.ts';
import { comparedRecords, extent, tracedSamples, type TracedMatch } from '../../lib/trace.ts';
import { formatPages, formatUs, formatCount } from '../../lib/format.ts';
import { CdfChart, type CdfLine, type CdfMarker } from '../../components/charts/CdfChart.tsx';
import { runStyle, tracedGrey, tracedStyle } from '../../components/charts/palette.ts';

export function LatencySection({ summary, requests, scenario, traced: pairs, dark }: { summary: RunSummary; requests: RequestRecord[]; scenario?: Scenario; traced?: ReadonlyMap<number, TracedMatch>; dark: boolean }) {
  // One line per request size (they differ by orders of magnitude); one overall line, with a note, past MAX_SIZE_LINES.
  const bySizeCdf = useMemo(() => cdfsBySize(requests), [requests]);
  const traced = useMemo(() => (scenario ? tracedSamples(scenario) : []), [scenario]);
  // The simulated requests replaying the timed traced ones: the same requests as the device's line (and the table above).
  const compared = useMemo(() => (pairs && traced.length ? comparedRecords(pairs, requests) : []), [pairs, traced, requests]);
  const lines = useMemo(() => {
    const out = bySizeCdf.lines.map((l, i) => ({ label: l.pages === null ? 'all requests' : formatPages(l.pages), cdf: l.cdf, style: runStyle(i) }));
    if (traced.length === 0) return out;
    // A replayed trace: the device's own CDF, dashed, against the simulated one over the same requests in the same grey;
    // listed first so the per-size lines draw over them. Both keep the CDF's rule: a failed request never completes.
    const grey = tracedGrey(dark);
    const pair: CdfLine[] = [{ label: 'traced on the device', cdf: latencyCdf(traced), style: tracedStyle(dark) }];
    const same = compared.length === 0 || compared.length === requests.length;
    if (!same) pair.push({ label: 'simulated, same requests', cdf: latencyCdf(compared), style: { colour: grey, dash: undefined } });
    else if (out.length > 1) pair.push({ label: 'simulated, all sizes', cdf: latencyCdf(requests), style: { colour: grey, dash: undefined } });
    return [...pair, ...out];
  }, [bySizeCdf, traced, compared, requests, dark]);
  // The x axis spans every latency of both sides, failed requests included, so neither line is cut at the other's end
  // (a line runs flat past its last completion: the share it never reaches is its failures).
  const domainUs = useMemo(() => {
    if (traced.length === 0) return undefined;
    const e = extent([...traced, ...requests].flatMap((r) => (r.latencyNs > 0 ? [r.latencyNs / 1e3] : [])));
    return e ?? undefined;
  }, [traced, requests]);
  const markers = useMemo<CdfMarker[]>(() => {
    const m: CdfMarker[] = [];
    const b = summary.requests.boundUs;
    if (b && b.max > 0) m.push({ xUs: b.max, label: `bound ${formatUs(b.max)}`, colour: dark ? '#e0b44c' : '#a16207' });
    return m;
  }, [summary, dark]);
  const failures = Object.entries(summary.failures).sort((a, b) => b[1] - a[1]);
  const bySize = Object.entries(summary.requests.bySize).sort((a, b) => Number(a[0]) - Number(b[0]));

  return (
    <div className="latency-grid">
      <section className="card" aria-labelledby="cdf-h">
        <div className="card-head">
          <h2 id="cdf-h">Latency CDF</h2>
          <span className="hint">
            {bySizeCdf.lines.length > 1 ? 'one line per request size: share of its requests done within x' : 'share of requests done within x'}; failures keep a curve below 100 %
          </span>
        </div>
        <div className="card-body">
          <CdfChart lines={lines} dark={dark} markers={markers} domainUs={domainUs} height={270} label="Latency CDF of contiguous requests" />
          {bySizeCdf.merged && <div className="faint small" style={{ marginTop: 6 }}>{bySizeCdf.merged}.</div>}
        </div>
      </section>
      <div className="stack">
        <section className="card" aria-labelledby="size-h">
          <div className="card-head">
            <h2 id="size-h">By request size</h2>
            <span className="hint">latency min / mean / max of successful requests only</span>
          </div>
          <div className="card-body flush">
            <table className="table">
              <thead>
                <tr>
                  <th className="num">pages</th>
                  <th className="num">size</th>
                  <th className="num">count</th>
                  <th className="num">failed</th>
                  <th className="num" title="Latency of the successful requests of this size (failed ones have no latency to show)">min</th>
                  <th className="num" title="Latency of the successful requests of this size (failed ones have no latency to show)">mean</th>
                  <th className="num" title="Latency of the successful requests of this size (failed ones have no latency to show)">max</th>
                </tr>
              </thead>
              <tbody>
                {bySize.map(([pages, v]) => (
                  <tr key={pages}>
                    <td className="num">{formatCount(Number(pages))}</td>
                    <td className="num">{formatPages(Number(pages))}</td>
                    <td className="num">{v.count}</td>
                    <td className={`num ${v.failed ? 'bad-text' : 'faint'}`}>{v.failed}</td>
                    {/* Runs archived before engine 0.5.0 have no minimum; a size that never succeeded has no latency (0 before engine 0.10.0). */}
                    <td className="num">{v.minUs == null || v.failed === v.count ? '–' : formatUs(v.minUs)}</td>
                    <td className="num">{v.meanUs === null || v.failed === v.count ? '–' : formatUs(v.meanUs)}</td>
                    <td className="num">{v.maxUs === null || v.failed === v.count ? '–' : formatUs(v.maxUs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="fail-h">
          <div className="card-head">
            <h2 id="fail-h">Failure reasons</h2>
          </div>
          <div className="card-body">
            {failures.length === 0 ? (
              <span className="muted">No request failed.</span>
            ) : (
              <ul className="bars">
                {failures.map(([reason, n]) => (
                  <li key={reason}>
                    <span className="bar-label mono">{reason}</span>
                    <span className="bar-track">
                      <span className="bar-fill" style={{ width: `${(n / failures[0]![1]) * 100}%` }} />
                    </span>
                    <span className="num">{n}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}

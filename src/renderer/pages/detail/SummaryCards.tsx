/* The headline numbers of one run, each with the context that makes it readable. */
import type { RunSummary } from '../../../shared/types.ts';
import { formatPages, formatPercent, formatSeconds, formatSlowdown, formatUs } from '../../lib/format.ts';
import { slowdownNote } from '../../lib/metrics.ts';

export function SummaryCards({ s }: { s: RunSummary }) {
  const r = s.requests;
  const success = r.count ? r.succeeded / r.count : null;
  const slow = s.background.slowdown;
  const util = s.region.meanUtilisation;
  const oomKills = s.vmstat['oom_kill'] ?? 0;
  // One seed against one run without the device: say so, and what a negative value is.
  const slowNote = s.background.completionS !== null ? slowdownNote(slow) : null;
  return (
    <>
      <div className="stats" aria-label="Summary">
        <div className={`card stat ${success === 1 ? 'good' : success !== null && success < 0.95 ? 'bad' : ''}`}>
          <div className="label">Success rate</div>
          <div className="value">{formatPercent(success)}</div>
          <div className="foot">
            {r.succeeded} of {r.count} requests{r.failed ? ` · ${r.failed} failed` : ''}
          </div>
        </div>
        <div className="card stat">
          <div className="label">Latency p50</div>
          <div className="value">{formatUs(r.latencyUs.p50)}</div>
          <div className="foot">mean {formatUs(r.latencyUs.mean)}</div>
        </div>
        <div className="card stat">
          <div className="label">Latency p99</div>
          <div className="value">{formatUs(r.latencyUs.p99)}</div>
          <div className="foot">p90 {formatUs(r.latencyUs.p90)}</div>
        </div>
        <div className="card stat">
          <div className="label">Latency max</div>
          <div className="value">{formatUs(r.latencyUs.max)}</div>
          <div className="foot">{r.boundUs ? `bound max ${formatUs(r.boundUs.max)} · ${r.boundUs.violations} over` : 'worst successful request'}</div>
        </div>
        <div className={`card stat ${(slow !== null && slow > 1.05) || oomKills > 0 ? 'bad' : ''}`}>
          <div className="label">Background slowdown</div>
          <div className="value">{formatSlowdown(slow)}</div>
          <div className="foot">
            {s.background.completionS !== null ? `${formatSeconds(s.background.completionS)} vs ${formatSeconds(s.background.baselineS)} without the device, one seed` : 'no finite background workload'}
            {oomKills > 0 && ` · ${oomKills} OOM kill${oomKills === 1 ? '' : 's'}: their work was skipped`}
          </div>

        </div>
        <div className="card stat">
          <div className="label">Region utilisation</div>
          <div className="value">{formatPercent(util)}</div>
          <div className="meter" aria-hidden="true">
            <span style={{ width: `${Math.min(100, util * 100)}%` }} />
          </div>
          <div className="foot">mean of {formatPages(s.region.pages)} holding useful data</div>
        </div>
      </div>
      {/* Under the cards, one line: a card is too narrow for it, and it must not read as a result. */}
      {slowNote && (
        <div className="small muted" style={{ marginTop: -6 }}>
          Background slowdown {formatSlowdown(slow)}: {slowNote}
        </div>
      )}
    </>
  );
}

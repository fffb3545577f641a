/*
 * Runs of this session (the server's, see state/live.ts): for each running
 * one a progress bar with ETA and events/s (the sparkline shows when reclaim
 * or migration storms slow the simulation down) and live charts of what it
 * streams (free memory, region contents, requests as they complete); queued
 * ones waiting for a worker; finished ones linking to their detail, the
 * newest with its charts kept open so a run that just ended does not take
 * its charts with it. While the server cannot be reached the page says so:
 * what it shows is the last known state, and what needs the server waits.
 */
import { Fragment, useState } from 'react';
import { useStores } from '../../state/context.tsx';
import { useStore } from '../../state/store.ts';
import { isOffline } from '../../state/connection.ts';
import type { LiveRun } from '../../state/live.ts';
import { cancelAllText, hasCharts, liveSections } from './sections.ts';
import { ConfirmDialog } from '../../components/common/ConfirmDialog.tsx';
import type { RunSummary } from '../../../shared/types.ts';
import { href } from '../../app/router.ts';
import { useTheme } from '../../app/theme.ts';
import { StatusBadge } from '../../components/common/StatusBadge.tsx';
import { Sparkline } from '../../components/common/Sparkline.tsx';
import { Empty } from '../../components/common/Empty.tsx';
import { IconStop, IconX } from '../../components/common/icons.tsx';
import { formatEta, formatRate, formatSeconds, formatPercent, formatUs } from '../../lib/format.ts';
import { LiveCharts } from './LiveCharts.tsx';

export function LiveRunsPage() {
  const { live, liveData, connection, toasts } = useStores();
  const state = useStore(live, (s) => s);
  const versions = useStore(liveData, (s) => s.versions);
  const offline = useStore(connection, isOffline);
  const dark = useTheme() === 'dark';
  const [open, setOpen] = useState<Record<number, boolean>>({});
  const hasData = (id: number) => versions[id] !== undefined;
  const { running, queued, done, chartsOpen } = liveSections(state, hasData);
  const active = [...running, ...queued];
  const total = running.reduce((n, r) => n + (r.progress?.eventsPerS ?? 0), 0);
  const isOpen = (r: LiveRun) => hasCharts(r, hasData) && (open[r.id] ?? r.id === chartsOpen);

  return (
    <div className="page">
      <header className="page-header">
        <div className="titles">
          <h1 tabIndex={-1}>Live runs</h1>
          <div className="sub">
            {active.length > 0 && offline ? (
              `Last known: ${running.length} running, ${queued.length} queued`
            ) : active.length ? (
              <>
                {running.length} running, {queued.length} queued · {formatRate(total)} events/s across workers
              </>
            ) : (
              'Nothing running right now.'
            )}
          </div>
        </div>
        <div className="actions">
          {active.length > 1 && <CancelAll runs={active} offline={offline} />}
          {done.length > 0 && (
            <button
              type="button"
              className="btn"
              {...needsServer(offline)}
              onClick={() => {
                live.dismissFinished().catch((e) => toasts.error(e, 'Clear finished'));
                liveData.keepOnly(active.map((r) => r.id));
              }}
            >
              Clear finished
            </button>
          )}
          <a className="btn primary" href={href.new()}>
            New experiment
          </a>
        </div>
      </header>
      {offline && <OfflineNotice />}
      {running.length + queued.length + done.length === 0 ? (
        <div className="card">
          <Empty title="No runs in this session">
            Start one from <a href={href.new()}>New experiment</a>; past runs are in <a href={href.runs()}>Runs</a>.
          </Empty>
        </div>
      ) : (
        <div className="stack" style={{ gap: 10 }}>
          {running.map((r) => (
            <LiveRow key={r.id} run={r} dark={dark} offline={offline} />
          ))}
          {queued.length > 0 && (
            <section className="card" aria-labelledby="queue-h">
              <div className="card-head">
                <h2 id="queue-h">Queue</h2>
                <span className="hint">{queued.length} waiting for a free worker, in order</span>
              </div>
              <div className="card-body flush">
                <table className="table">
                  <tbody>
                    {queued.map((r, i) => (
                      <QueueRow key={r.id} run={r} position={i + 1} offline={offline} />
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {done.length > 0 && (
            <section className="card" aria-labelledby="done-h">
              <div className="card-head">
                <h2 id="done-h">Finished in this session</h2>
                <div className="right">
                  {done.filter((r) => r.status === 'completed').length >= 2 && (
                    <a className="btn sm" href={href.compare(done.filter((r) => r.status === 'completed').slice(0, 20).map((r) => r.id))}>
                      Compare these
                    </a>
                  )}
                </div>
              </div>
              <div className="card-body flush">
                <table className="table">
                  <tbody>
                    {done.map((r) => (
                      <Fragment key={r.id}>
                        <DoneRow
                          run={r}
                          charts={hasCharts(r, hasData) ? isOpen(r) : null}
                          offline={offline}
                          onToggle={() => setOpen((o) => ({ ...o, [r.id]: !isOpen(r) }))}
                        />
                        {isOpen(r) && (
                          <tr className="live-charts-row">
                            <td colSpan={4}>
                              {/* No data at hand: a run that ended before this page listened, drawn from the archive. */}
                              <LiveCharts runId={r.id} dark={dark} waiting={hasData(r.id) ? undefined : 'Loading the stored series…'} />
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </div>
      )}
    </div>
  );
}

/** The server is unreachable: say so on the page, not only in the navigation's corner. */
function OfflineNotice() {
  return (
    <div className="notice warn" role="status" style={{ marginBottom: 16 }}>
      <strong>The workbench server cannot be reached.</strong> The runs below are shown as they were last known: they may have ended since (a server that
      stops interrupts its running runs and cancels its queue). Cancelling and dismissing wait for the connection; the page reconnects by itself and then shows
      every run as it really is. If the server was restarted, open the URL it printed: it carries a new access token.
    </div>
  );
}

const NEEDS_SERVER = 'Needs the connection to the workbench server';

/** A control that acts on the server: disabled, saying why, while the server cannot be reached. */
const needsServer = (offline: boolean) => ({ disabled: offline, title: offline ? NEEDS_SERVER : undefined });

/** × on a finished run: off the session's list (it stays in Runs). */
function DismissButton({ id, offline }: { id: number; offline: boolean }) {
  const { live, toasts } = useStores();
  return (
    <button
      type="button"
      className="btn ghost sm icon"
      aria-label={`Dismiss run ${id}`}
      {...needsServer(offline)}
      onClick={() => live.dismiss([id]).catch((e) => toasts.error(e, 'Dismiss'))}
    >
      <IconX />
    </button>
  );
}

function QueueRow({ run, position, offline }: { run: LiveRun; position: number; offline: boolean }) {
  const { live, toasts } = useStores();
  return (
    <tr>
      <td className="num faint" style={{ width: 40 }}>
        {position}
      </td>
      <td>
        <a href={href.run(run.id)} className="live-name">
          {run.info?.name ?? `run ${run.id}`}
        </a>{' '}
        <span className="faint small">#{run.id}</span>
      </td>
      <td>{run.info && <span className="chip">{run.info.policy.name}</span>}</td>
      <td className="num">{run.info ? `seed ${run.info.seed}` : ''}</td>
      <td style={{ width: 90, textAlign: 'right' }}>
        <button
          type="button"
          className="btn ghost sm danger"
          aria-label={`Cancel run ${run.id}`}
          {...needsServer(offline)}
          onClick={() => live.cancel(run.id).catch((e) => toasts.error(e, 'Cancel'))}
        >
          Cancel
        </button>
      </td>
    </tr>
  );
}

/** A finished run's outcome in three numbers: success rate, p99 and worst latency. */
function OutcomeStats({ s }: { s: RunSummary }) {
  return (
    <>
      <span>
        success <strong>{formatPercent(s.requests.count ? s.requests.succeeded / s.requests.count : null)}</strong>
      </span>
      <span>
        p99 <strong>{formatUs(s.requests.latencyUs.p99)}</strong>
      </span>
      <span>
        max <strong>{formatUs(s.requests.latencyUs.max)}</strong>
      </span>
    </>
  );
}

/** charts: null when the run has no charts to show (no live data, not completed), else whether they are shown. */
function DoneRow({ run, charts, offline, onToggle }: { run: LiveRun; charts: boolean | null; offline: boolean; onToggle: () => void }) {
  const s = run.info?.summary;
  return (
    <tr>
      <td style={{ width: 110 }}>
        <StatusBadge status={run.status} />
      </td>
      <td>
        <a href={href.run(run.id)} className="live-name">
          {run.info?.name ?? `run ${run.id}`}
        </a>{' '}
        <span className="faint small">#{run.id}</span>
      </td>
      <td>
        <div className="live-stats">
        {s ? (
          <OutcomeStats s={s} />
        ) : run.error ? (
          <span style={{ color: 'var(--danger)' }}>{run.error}</span>
        ) : null}
        </div>
      </td>
      <td style={{ width: 190, textAlign: 'right', whiteSpace: 'nowrap' }}>
        {charts !== null && (
          <>
            <button type="button" className="btn ghost sm" aria-expanded={charts} aria-label={`Live charts of run ${run.id}`} onClick={onToggle}>
              {charts ? '▾' : '▸'} Charts
            </button>{' '}
          </>
        )}
        <a className="btn sm" href={href.run(run.id)}>
          Open
        </a>{' '}
        <DismissButton id={run.id} offline={offline} />
      </td>
    </tr>
  );
}

function CancelAll({ runs, offline }: { runs: LiveRun[]; offline: boolean }) {
  const { live, toasts } = useStores();
  const [asking, setAsking] = useState(false);
  const text = cancelAllText(runs);
  return (
    <>
      <button type="button" className="btn danger" {...needsServer(offline)} onClick={() => setAsking(true)}>
        <IconStop /> Cancel all
      </button>
      <ConfirmDialog
        open={asking}
        title={text.title}
        confirmText={`Cancel ${runs.length} run${runs.length === 1 ? '' : 's'}`}
        cancelText="Keep running"
        danger
        onConfirm={() => {
          setAsking(false);
          for (const r of runs) live.cancel(r.id).catch((e) => toasts.error(e, `Cancel run ${r.id}`));
        }}
        onCancel={() => setAsking(false)}
      >
        {text.body}
      </ConfirmDialog>
    </>
  );
}

function LiveRow({ run, dark, offline }: { run: LiveRun; dark: boolean; offline: boolean }) {
  const { live, toasts } = useStores();
  const [cancelling, setCancelling] = useState(false);
  const p = run.progress;
  const fraction = run.status === 'completed' ? 1 : (p?.fraction ?? 0);
  const name = run.info?.name ?? `run ${run.id}`;
  const active = run.status === 'running' || run.status === 'queued';
  const s = run.info?.summary;
  const barClass = run.status === 'completed' ? 'done' : run.status === 'failed' ? 'failed' : run.status === 'queued' ? 'indeterminate' : '';

  return (
    <div className="card live-row" aria-label={`Run ${run.id}: ${name}`}>
      <div className="live-top">
        <div className="live-main">
          <div className="row" style={{ gap: 10 }}>
            <StatusBadge status={run.status} />
            <a href={href.run(run.id)} className="live-name">
              {name}
            </a>
            <span className="faint small">#{run.id}</span>
            {run.info && (
              <span className="chips">
                <span className="chip">{run.info.policy.name}</span>
                <span className="chip">seed {run.info.seed}</span>
              </span>
            )}
          </div>
          <div
            className={`progress ${barClass}`}
            role="progressbar"
            aria-label={`Progress of run ${run.id}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
          >
            <span style={{ width: `${(run.status === 'queued' ? 0.3 : fraction) * 100}%` }} />
          </div>
          <div className="live-stats">
            {run.status === 'running' && p ? (
              <>
                <span>
                  <strong>{formatPercent(fraction, 0)}</strong>
                </span>
                <span>
                  phase <strong>{p.phase === 'baseline' ? 'baseline (no device)' : 'main'}</strong>
                </span>
                <span>
                  virtual <strong>{formatSeconds(p.virtualNs / 1e9)}</strong>
                </span>
                <span>
                  <strong>{formatRate(p.eventsPerS)}</strong> events/s
                </span>
                <span>
                  elapsed <strong>{formatEta(p.elapsedS)}</strong>
                </span>
                <span>
                  ETA <strong>{formatEta(p.etaS)}</strong>
                </span>
              </>
            ) : run.status === 'running' ? (
              <span className="muted">Starting the worker and building the machine…</span>
            ) : run.status === 'queued' ? (
              <span className="muted">Waiting for a free worker…</span>
            ) : run.status === 'completed' && s ? (
              <>
                <OutcomeStats s={s} />
                <a href={href.run(run.id)}>Open detail →</a>
              </>
            ) : run.error ? (
              <span style={{ color: 'var(--danger)' }}>{run.error}</span>
            ) : (
              <a href={href.run(run.id)}>Open detail →</a>
            )}
          </div>
        </div>
        <div className="live-side">
          {run.rate.length > 1 && <Sparkline values={run.rate} width={140} height={34} label={`Events per second of run ${run.id}`} caption={`events/s · now ${formatRate(run.rate[run.rate.length - 1]!)}`} />}
          {active ? (
            <button
              type="button"
              className="btn danger sm"
              {...needsServer(offline)}
              disabled={cancelling || offline}
              aria-label={`Cancel run ${run.id}`}
              onClick={() => {
                setCancelling(true);
                live.cancel(run.id).catch((e) => {
                  setCancelling(false);
                  toasts.error(e, 'Cancel');
                });
              }}
            >
              <IconStop /> {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <DismissButton id={run.id} offline={offline} />
          )}
        </div>
      </div>
      {run.status === 'running' && (
        <LiveCharts
          runId={run.id}
          dark={dark}
          waiting={p?.phase === 'baseline' ? 'Charts start with the main phase: first the same machine runs without the device (the baseline for background slowdown).' : undefined}
        />
      )}
    </div>
  );
}

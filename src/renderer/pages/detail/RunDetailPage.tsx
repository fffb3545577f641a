/*
 * One run: what it was (scenario, policy, parameters, seed, engine), how it
 * did (summary cards, latency CDF, failure reasons), and what memory looked
 * like (the map with its scrubber, time series, every request with why it
 * was slow). A run still going shows its progress; a failed one its error.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunDetail } from '../../../shared/types.ts';
import { counterOrigin, counterText, type CounterOrigin } from '../../../shared/vmstat.ts';
import { useStores } from '../../state/context.tsx';
import { remoteValue, useStore } from '../../state/store.ts';
import { useTheme } from '../../app/theme.ts';
import { href, navigate } from '../../app/router.ts';
import { StatusBadge } from '../../components/common/StatusBadge.tsx';
import { TagEditor } from '../../components/common/TagEditor.tsx';
import { InlineText } from '../../components/common/InlineText.tsx';
import { Empty } from '../../components/common/Empty.tsx';
import { IconCompare, IconDownload, IconRefresh } from '../../components/common/icons.tsx';
import { formatDate, formatEta, formatMiB, formatPercent, formatRate } from '../../lib/format.ts';
import { snapshotAt, type MapMode } from '../../lib/memmap.ts';
import type { MapHighlight } from '../../components/map/MemoryMap.tsx';
import { MapView, ModeSwitch } from '../../components/map/MapView.tsx';
import { Scrubber } from '../../components/map/Scrubber.tsx';
import { MapTimeline } from '../../components/map/MapTimeline.tsx';
import { ModeLegend } from '../../components/map/MigratetypeLegend.tsx';
import { SummaryCards } from './SummaryCards.tsx';
import { LatencySection } from './LatencySection.tsx';
import { SeriesSection } from './SeriesSection.tsx';
import { RequestTable } from './RequestTable.tsx';
import { TracedVsSimulated } from './TracedVsSimulated.tsx';
import { pairTraced } from '../../lib/trace.ts';
import { counterDisplayName } from '../../lib/counters.ts';
import { compareHint } from '../../lib/compare.ts';
import { exportArchive, exportCsv } from '../runs/actions.ts';

export function RunDetailPage({ id }: { id: number }) {
  const stores = useStores();
  const { detail } = stores;
  const remote = useStore(detail, (s) => s.runs[id]);
  useEffect(() => {
    void detail.load(id);
  }, [detail, id]);
  const d = remote ? remoteValue(remote) : undefined;

  if (!d) {
    return (
      <div className="page">
        {remote?.state === 'error' ? (
          <div className="card">
            <Empty title={`Run ${id} could not be loaded`}>
              {remote.message} · <a href={href.runs()}>Back to runs</a>
            </Empty>
          </div>
        ) : (
          <div className="stack">
            <div className="skeleton" style={{ height: 40, width: 360 }} />
            <div className="skeleton" style={{ height: 90 }} />
            <div className="skeleton" style={{ height: 300 }} />
          </div>
        )}
      </div>
    );
  }
  return <Detail d={d} />;
}

function Detail({ d }: { d: RunDetail }) {
  const stores = useStores();
  const { runs, detail, toasts, api, live } = stores;
  const run = d.run;
  const dark = useTheme() === 'dark';
  const knownTags = useStore(runs, (s) => s.knownTags);
  const liveRun = useStore(live, (s) => s.runs[run.id]);
  const [selectedReq, setSelectedReq] = useState<number | null>(null);
  const [mode, setMode] = useState<MapMode>('dominant');
  const [view, setView] = useState<'map' | 'timeline'>('map');
  const [focus, setFocus] = useState<number | null>(null);
  const times = useMemo(() => d.snapshots.map((s) => s.tNs), [d.snapshots]);
  // Open on memory as it was mid-way through the contiguous requests: that is what the page is about.
  const [snap, setSnap] = useState(() => {
    const mid = d.requests[Math.floor(d.requests.length / 2)];
    return mid ? snapshotAt(times, mid.startNs) : Math.max(0, times.length - 1);
  });
  const onScrub = useCallback((i: number) => setSnap(i), []);

  const req = d.requests.find((r) => r.id === selectedReq) ?? null;
  const traced = useMemo(() => pairTraced(run.scenario, d.requests), [run.scenario, d.requests]);
  const highlights = useMemo<MapHighlight[]>(() => (req && req.startPfn >= 0 ? [{ startPfn: req.startPfn, pages: req.pages, label: `request #${req.id}`, ok: req.ok }] : []), [req]);

  const selectRequest = (rid: number | null) => {
    setSelectedReq(rid);
    const r = d.requests.find((x) => x.id === rid);
    // Show memory as it was when the request ran: the snapshot at or before its end.
    if (r && times.length) setSnap(snapshotAt(times, r.endNs));
  };

  const setTags = async (tags: string[]) => {
    try {
      const add = tags.filter((t) => !run.tags.includes(t));
      const rm = run.tags.filter((t) => !tags.includes(t));
      if (add.length) await api.call('runs:tag', { ids: [run.id], tags: add });
      if (rm.length) await api.call('runs:untag', { ids: [run.id], tags: rm });
      detail.patch(run.id, (x) => ({ ...x, run: { ...x.run, tags } }));
      runs.refreshSoon(0);
    } catch (e) {
      toasts.error(e, 'Tags');
    }
  };
  const setNotes = async (notes: string) => {
    try {
      await api.call('runs:note', { id: run.id, notes });
      detail.patch(run.id, (x) => ({ ...x, run: { ...x.run, notes } }));
      runs.refreshSoon(0);
    } catch (e) {
      toasts.error(e, 'Notes');
    }
  };
  const rerun = async () => {
    try {
      const r = await api.call('runs:rerun', { id: run.id });
      live.track([r.id]);
      toasts.push({ kind: 'info', text: `Queued run ${r.id} with the same inputs.`, href: href.run(r.id), linkText: 'Open' });
    } catch (e) {
      toasts.error(e, 'Re-run');
    }
  };

  const s = run.summary;
  const params = Object.entries(run.params);
  const progress = liveRun?.progress ?? d.progress;

  return (
    <div className="page page-detail">
      <div className="crumbs">
        <a href={href.runs()}>Runs</a> / #{run.id}
      </div>
      <header className="page-header">
        <div className="titles">
          <div className="row" style={{ gap: 10 }}>
            <h1 tabIndex={-1}>{run.name}</h1>
            <StatusBadge status={run.status} />
          </div>
          <div className="sub run-meta">
            <span>
              <strong>{run.policy.name}</strong> v{run.policy.version}
            </span>
            <span>
              on <strong>{run.scenarioName}</strong> · {formatMiB(run.scenario.machine.memMiB)} RAM, {formatMiB(run.scenario.machine.regionMiB)} region
            </span>
            <span>seed {run.seed}</span>
            <span>engine {run.engineVersion ?? '–'}</span>
            <span>{formatDate(run.createdAt)}</span>
          </div>
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={() => void rerun()}>
            <IconRefresh /> Re-run
          </button>
          <a className="btn" href={href.new(run.id)}>
            Edit &amp; run
          </a>
          <button type="button" className="btn" disabled={run.status !== 'completed'} onClick={() => void exportCsv(stores, run.id)}>
            <IconDownload /> CSV
          </button>
          <button type="button" className="btn" disabled={run.status === 'running' || run.status === 'queued'} onClick={() => void exportArchive(stores, [run.id])}>
            <IconDownload /> Archive
          </button>
          <button
            type="button"
            className="btn primary"
            title={`Select this run and list the runs of ${run.scenarioName}, to pick the ones to compare it with`}
            onClick={() => {
              // This run, and only it: a selection left over from an earlier comparison would not be "compare with this run".
              runs.select([run.id]);
              // Like for like: the runs of the same scenario (the filter bar shows it, and clears it).
              runs.clearFilter();
              runs.setFilter({ scenario: run.scenarioName });
              navigate(href.runs());
              toasts.push({ kind: 'info', text: compareHint(run.id, run.scenarioName) }, 12000);
            }}
          >
            <IconCompare /> Compare with…
          </button>
        </div>
      </header>

      <div className="detail-meta card">
        <div className="meta-block">
          <div className="section-title">Parameters</div>
          <div className="chips">
            {params.length ? (
              params.map(([k, v]) => (
                <span key={k} className="chip mono">
                  {k}={String(v)}
                </span>
              ))
            ) : (
              <span className="faint">defaults</span>
            )}
          </div>
        </div>
        <div className="meta-block">
          <div className="section-title">Tags</div>
          <TagEditor tags={run.tags} label={`run ${run.id}`} suggestions={knownTags} onChange={setTags} />
        </div>
        <div className="meta-block grow">
          <div className="section-title">Notes</div>
          <InlineText value={run.notes} placeholder="Add a note: what this run was for, what you saw" label={`notes of run ${run.id}`} onSave={setNotes} multiline />
        </div>
      </div>

      {(run.status === 'running' || run.status === 'queued') && (
        <div className="card card-body" style={{ marginTop: 16 }}>
          <div className="row" style={{ marginBottom: 8 }}>
            <strong>{run.status === 'queued' ? 'Waiting for a worker' : `Running: ${formatPercent(progress?.fraction ?? 0, 0)}`}</strong>
            {progress && (
              <span className="muted">
                · {formatRate(progress.eventsPerS)} events/s · ETA {formatEta(progress.etaS)}
              </span>
            )}
          </div>
          <div className={`progress ${run.status === 'queued' ? 'indeterminate' : ''}`} role="progressbar" aria-label="Run progress" aria-valuenow={Math.round((progress?.fraction ?? 0) * 100)}>
            <span style={{ width: `${(progress?.fraction ?? 0.3) * 100}%` }} />
          </div>
        </div>
      )}
      {run.error && (
        <div className="notice error" style={{ marginTop: 16 }}>
          <strong>{run.status === 'failed' ? 'The run failed: ' : ''}</strong>
          {run.error.message}
          {run.error.stack && (
            <details>
              <summary>stack</summary>
              <pre className="mono small">{run.error.stack}</pre>
            </details>
          )}
        </div>
      )}

      {s && (
        <div className="stack" style={{ marginTop: 16 }}>
          <SummaryCards s={s} />
          <TracedVsSimulated summary={s} policy={run.policy.name} requests={d.requests} traced={traced} />
          <LatencySection summary={s} requests={d.requests} scenario={run.scenario} traced={traced} dark={dark} />
          {d.map && (
            <section className="card" aria-labelledby="map-h">
              <div className="card-head">
                <h2 id="map-h">Memory map</h2>
                <span className="hint">
                  {d.map.pageblocks.toLocaleString('en-US')} pageblocks of {d.map.pageblockPages} pages · dashed: the region
                  {req ? (req.startPfn >= 0 ? ` · outlined: request #${req.id}` : ` · request #${req.id} found no range to outline`) : ''}
                </span>
                <div className="right">
                  {req && (
                    <button type="button" className="btn ghost sm" onClick={() => setSelectedReq(null)}>
                      Clear outline
                    </button>
                  )}
                  <div className="segmented" role="group" aria-label="Map view">
                    <button type="button" aria-pressed={view === 'map'} onClick={() => setView('map')} title="The machine at one time step">
                      Map
                    </button>
                    <button type="button" aria-pressed={view === 'timeline'} onClick={() => setView('timeline')} title="Every time step: address down, time across">
                      Address × time
                    </button>
                  </div>
                  <ModeSwitch mode={mode} migratetypes={Boolean(d.map.migratetypes)} onChange={(m) => { setMode(m); setFocus(null); }} />
                </div>
              </div>
              <div className="card-body">
                {times.length ? (
                  <>
                    {view === 'map' ? (
                      <MapView runId={run.id} meta={d.map} index={snap} count={times.length} dark={dark} mode={mode} focus={focus} onFocus={setFocus} highlights={highlights} maxCell={44} label={`Memory map of run ${run.id}`} />
                    ) : (
                      <div className="stack" style={{ gap: 10 }}>
                        <MapTimeline runId={run.id} meta={d.map} times={times} index={snap} onIndex={onScrub} dark={dark} mode={mode} focus={focus} />
                        <ModeLegend mode={mode} migratetypes={d.map.migratetypes} typeTotals={null} kinds={d.map.kinds} totals={null} dark={dark} focus={focus} onFocus={setFocus} />
                      </div>
                    )}
                    <Scrubber times={times} index={snap} onChange={onScrub} />
                  </>
                ) : (
                  <span className="muted">This run stored no snapshots.</span>
                )}
              </div>
            </section>
          )}
          {d.series && d.series.t.length > 1 && <SeriesSection runId={run.id} series={d.series} requests={d.requests} dark={dark} />}
          <section className="card" aria-labelledby="req-h">
            <div className="card-head">
              <h2 id="req-h">Contiguous requests</h2>
              <span className="hint">
                {d.requests.length} requests
                {s.requests.boundUs ? ' · bound: the policy’s worst case, computed before acting' : ''}
                {/* Why every GCMA row reads latency = bound: it is not a measurement coincidence. */}
                {s.requests.boundUs && run.policy.name === 'gcma' ? '; GCMA charges the costs it bounds with, so latency = bound unless evacuation writes finish early' : ''}
                {' · mig / drop / wb: pages migrated / dropped (clean cache) / written back, to empty the range'}
              </span>
            </div>
            <div className="card-body flush">
              <RequestTable requests={d.requests} selected={selectedReq} onSelect={selectRequest} traced={traced} />
            </div>
          </section>
          <VmstatCard vmstat={s.vmstat} />
        </div>
      )}
    </div>
  );
}

/** Where a device shows each group of counters; the workbench's own have no place on a device. */
const ORIGIN_TITLES: [CounterOrigin, string][] = [
  ['vmstat', '/proc/vmstat'],
  ['cma-sysfs', '/sys/kernel/mm/cma/<area>/'],
  ['debugfs', 'debugfs: cleancache and frontswap'],
  ['workbench', "the workbench's own (not kernel counters)"],
];

function VmstatCard({ vmstat }: { vmstat: Record<string, number> }) {
  const [all, setAll] = useState(false);
  const entries = Object.entries(vmstat).filter(([, v]) => all || v !== 0);
  const groups = ORIGIN_TITLES.map(([origin, title]) => ({ origin, title, entries: entries.filter(([k]) => counterOrigin(k) === origin) })).filter((g) => g.entries.length > 0);
  return (
    <section className="card" aria-labelledby="vm-h">
      <div className="card-head">
        <h2 id="vm-h">vmstat</h2>
        <span className="hint">counters at the end of the run, grouped by where a device shows them; hover one for what it counts</span>
        <div className="right">
          <button type="button" className="btn ghost sm" onClick={() => setAll(!all)}>
            {all ? 'Hide zeros' : 'Show zeros'}
          </button>
        </div>
      </div>
      <div className="card-body">
        {groups.map((g) => (
          <div key={g.origin} className="vm-group" data-origin={g.origin}>
            <h3 className="vm-origin">{g.title}</h3>
            <div className="vmstat">
              {g.entries.map(([k, v]) => (
                // The file's name where the device has one (alloc_pages_success under cma/<area>/); the archive's key in the tooltip.
                <div key={k} className="vm" title={counterDisplayName(k, g.origin) === k ? counterText(k) : `${counterText(k)} · archive key ${k}`}>
                  <span className="mono">{counterDisplayName(k, g.origin)}</span>
                  <span className="num">{v.toLocaleString('en-US')}</span>
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

/*
 * Compare 2..20 runs: overlaid latency CDFs, the metric table against a
 * pinned baseline, seed groups with 95 % intervals, the configuration fields
 * that differ, and memory maps side by side at one virtual time. Runs that
 * replay the same CMA trace also get the device's own timings: a reference
 * row in the table and, once one run's inputs are loaded (the per-request
 * traced times are in its scenario), the device's CDF, dashed.
 *
 * Render time after the data arrives is recorded in
 * window.__cmawbCompareRenderMs (the performance test reads it).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CompareResult } from '../../../shared/types.ts';
import { useStores } from '../../state/context.tsx';
import { useTheme } from '../../app/theme.ts';
import { href } from '../../app/router.ts';
import { runStyle, tracedStyle, type RunStyle } from '../../components/charts/palette.ts';
import { CDF_LEGEND_MAX, CdfChart } from '../../components/charts/CdfChart.tsx';
import { Empty } from '../../components/common/Empty.tsx';
import { baselineFirst, defaultBaseline, policyStyles, runLabels, scenarioCaveatNote, scenarioCaveats, traceReference, traceReferenceNote } from '../../lib/compare.ts';
import { latencyCdf, type Cdf } from '../../lib/cdf.ts';
import { tracedSamples } from '../../lib/trace.ts';
import { remoteValue, useStore } from '../../state/store.ts';
import type { CdfLine } from '../../components/charts/CdfChart.tsx';
import { MetricTable } from './MetricTable.tsx';
import { SeedGroups } from './SeedGroups.tsx';
import { ConfigDiff } from './ConfigDiff.tsx';
import { CompareMaps } from './CompareMaps.tsx';

declare global {
  interface Window {
    __cmawbCompareRenderMs?: number[];
  }
}

export function ComparePage({ ids }: { ids: number[] }) {
  const { api, runs } = useStores();
  const [data, setData] = useState<CompareResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const arrived = useRef(0);

  useEffect(() => {
    if (ids.length < 2) return;
    let live = true;
    api.call('runs:compare', { ids }).then(
      (r) => {
        if (!live) return;
        arrived.current = performance.now();
        setData(r);
        // Keep the history selection in step, so Runs shows what is being compared.
        runs.select(ids);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [ids, api, runs]);

  if (ids.length < 2) {
    return (
      <div className="page">
        <header className="page-header">
          <div className="titles">
            <h1 tabIndex={-1}>Compare</h1>
          </div>
        </header>
        <div className="card">
          <Empty title="Pick runs to compare">
            Select 2 to 20 runs in <a href={href.runs()}>Runs</a> and press Compare.
          </Empty>
        </div>
      </div>
    );
  }
  if (error) {
    return (
      <div className="page">
        <div className="notice error">Could not compare runs {ids.join(', ')}: {error}</div>
      </div>
    );
  }
  if (!data) {
    return (
      <div className="page">
        <div className="stack">
          <div className="skeleton" style={{ height: 40, width: 300 }} />
          <div className="skeleton" style={{ height: 280 }} />
          <div className="skeleton" style={{ height: 200 }} />
        </div>
      </div>
    );
  }
  return <Comparison data={data} arrived={arrived.current} />;
}

function Comparison({ data, arrived }: { data: CompareResult; arrived: number }) {
  const dark = useTheme() === 'dark';
  const { detail, catalog } = useStores();
  const [baseline, setBaseline] = useState(() => defaultBaseline(data.runs));
  // The manifests (defaults, presets) let a label name the values a run ran with that its preset or the default would not give.
  const manifests = useStore(catalog, (s) => remoteValue(s.policies));
  const labels = useMemo(() => {
    const l = runLabels(data.runs, data.configDiff, manifests ?? []);
    return new Map(data.runs.map((r, i) => [r.id, l[i]!] as const));
  }, [data, manifests]);
  // One hue per policy, its runs (seeds, parameters) in shades of it: the CDF reads by policy.
  const styles = useMemo(() => policyStyles<RunStyle>(data.runs, runStyle, dark), [data, dark]);
  const ordered = useMemo(() => baselineFirst(data.runs, baseline), [data, baseline]);
  // Runs of another scenario than the baseline: their deltas compare machines, not only policies.
  const otherScenario = useMemo(() => scenarioCaveats(data.runs, data.configDiff, baseline), [data, baseline]);
  const scenarioNote = useMemo(() => scenarioCaveatNote(otherScenario, labels, baseline), [otherScenario, labels, baseline]);

  // One trace shared by every run: its device timings once, as a reference. Its per-request times are in a run's
  // scenario (runs:get, which the memory maps below load anyway: the first run is among them unless unticked).
  const trace = useMemo(() => traceReference(data.runs), [data]);
  const traceNote = useMemo(() => traceReferenceNote(trace, labels), [trace, labels]);
  const tracedRun = trace.kind === 'shared' ? trace.runIds[0]! : null;
  const tracedDetail = useStore(detail, (s) => (tracedRun === null ? undefined : s.runs[tracedRun]));
  useEffect(() => {
    if (tracedRun !== null) void detail.load(tracedRun);
  }, [tracedRun, detail]);
  const tracedScenario = tracedDetail ? remoteValue(tracedDetail)?.run.scenario : undefined;
  const traced = useMemo(() => (tracedScenario ? tracedSamples(tracedScenario) : []), [tracedScenario]);

  // main's CDF is of successful requests; scale by the success share so failures show as a lower plateau.
  const lines = useMemo(() => {
    const out: CdfLine[] = data.cdf.map((c) => {
      const total = c.succeeded + c.failed;
      const scale = total ? c.succeeded / total : 1;
      const cdf: Cdf = { x: c.x, y: c.y.map((y) => y * scale), total, failed: c.failed };
      return { label: labels.get(c.runId) ?? `#${c.runId}`, cdf, style: styles.get(c.runId)! };
    });
    // First, so the runs' lines draw over it; it keeps the CDF's rule (a request the device failed never completes).
    if (traced.length) out.unshift({ label: 'traced on the device', cdf: latencyCdf(traced), style: tracedStyle(dark) });
    return out;
  }, [data, labels, styles, traced, dark]);
  // The axis reaches the device's failed requests too, so its line runs flat to them (as on the run page).
  const domainUs = useMemo(() => (traced.length ? traced.map((t) => t.latencyNs / 1e3) : undefined), [traced]);

  const multiSeed = data.groups.some((g) => g.runIds.length > 1);
  const incomplete = data.runs.filter((r) => r.status !== 'completed');

  useLayoutEffect(() => {
    // After the DOM commit and the next frame (charts draw on creation): the user-visible render time.
    requestAnimationFrame(() => {
      const ms = performance.now() - arrived;
      (window.__cmawbCompareRenderMs ??= []).push(ms);
    });
  }, [arrived]);

  return (
    <div className="page page-compare">
      <header className="page-header">
        <div className="titles">
          <h1 tabIndex={-1}>Compare {data.runs.length} runs</h1>
          <div className="sub">
            Deltas are against the pinned baseline: <strong>{labels.get(baseline)}</strong>. ▲ better, ▼ worse, by each metric’s direction; ≈ within seed-to-seed variation, not ranked.
          </div>
        </div>
        <div className="actions">
          <label className="row small">
            <span className="muted">Baseline</span>
            <select aria-label="Baseline run" value={baseline} onChange={(e) => setBaseline(Number(e.target.value))}>
              {data.runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {labels.get(r.id)}
                </option>
              ))}
            </select>
          </label>
          <a className="btn" href={href.runs()}>
            Change selection
          </a>
        </div>
      </header>
      {incomplete.length > 0 && (
        <div className="notice warn" style={{ marginBottom: 16 }}>
          {incomplete.length} of these runs did not complete ({incomplete.map((r) => `#${r.id} ${r.status}`).join(', ')}); they have no results to compare.
        </div>
      )}
      <div className="stack">
        <section className="card" aria-labelledby="ccdf-h">
          <div className="card-head">
            <h2 id="ccdf-h">Latency CDF</h2>
            <span className="hint">
              all runs overlaid, one hue per policy (shades: its seeds) · log x · a curve that stops below 100 % failed the rest
              {traced.length > 0 && ' · dashed grey: the traced device, over the requests it timed'}
            </span>
          </div>
          <div className="card-body compare-cdf">
            <CdfChart lines={lines} dark={dark} height={300} domainUs={domainUs} label="Overlaid latency CDFs of the compared runs" />
            {lines.length > CDF_LEGEND_MAX && (
              <div className="legend" style={{ marginTop: 8 }}>
                {lines.map((l) => (
                  <span key={l.label} className="item">
                    <span className="swatch" style={l.style.dash ? { background: `repeating-linear-gradient(90deg, ${l.style.colour} 0 3px, transparent 3px 5px)` } : { background: l.style.colour }} />
                    {l.label}
                  </span>
                ))}
              </div>
            )}
          </div>
        </section>
        <section className="card" aria-labelledby="cmet-h">
          <div className="card-head">
            <h2 id="cmet-h">Metrics</h2>
            <span className="hint">pin a row to make it the baseline</span>
          </div>
          <div className="card-body flush">
            <MetricTable
              runs={ordered}
              labels={labels}
              styles={styles}
              baseline={baseline}
              onBaseline={setBaseline}
              reference={trace.kind === 'shared' ? { observed: trace.observed, style: traced.length ? tracedStyle(dark) : null } : null}
              traceNote={traceNote}
              scenarioCaveats={otherScenario}
              scenarioNote={scenarioNote}
              groups={data.groups}
            />
          </div>
        </section>
        {multiSeed && (
          <section className="card" aria-labelledby="cseed-h">
            <div className="card-head">
              <h2 id="cseed-h">Grouped by seed</h2>
              <span className="hint">mean ± 95 % interval (Student’s t) over runs that differ only by seed</span>
            </div>
            <div className="card-body flush">
              <SeedGroups groups={data.groups} runs={data.runs} />
            </div>
          </section>
        )}
        <section className="card" aria-labelledby="cdiff-h">
          <div className="card-head">
            <h2 id="cdiff-h">Configuration differences</h2>
            <span className="hint">only the fields that are not the same in every run; highlighted where a run differs from the baseline</span>
          </div>
          <div className="card-body flush">
            <ConfigDiff runs={ordered} order={data.runs.map((r) => r.id)} diff={data.configDiff} labels={labels} />
          </div>
        </section>
        <section className="card" aria-labelledby="cmap-h">
          <div className="card-head">
            <h2 id="cmap-h">Memory maps at the same virtual time</h2>
          </div>
          <div className="card-body">
            <CompareMaps runs={ordered} labels={labels} dark={dark} />
          </div>
        </section>
      </div>
    </div>
  );
}

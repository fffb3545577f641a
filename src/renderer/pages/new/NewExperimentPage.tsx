/*
 * New experiment: scenario, machine and workload edits, policies with their
 * parameters, seeds and an optional sweep. Every change is validated by main
 * (`config:validate`, debounced) and errors appear beside their fields; the
 * footer shows exactly which runs Start would queue.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../../shared/api.ts';
import { fieldErrorMap } from '../../../shared/client.ts';
import type { PlannedRun, Scenario } from '../../../shared/types.ts';
import { useStores } from '../../state/context.tsx';
import { remoteValue, useStore } from '../../state/store.ts';
import { navigate, href } from '../../app/router.ts';
import { ScenarioList } from './ScenarioList.tsx';
import { ScenarioForm } from './ScenarioForm.tsx';
import { PolicyPicker } from './PolicyPicker.tsx';
import { RunPlan } from './RunPlan.tsx';
import { TraceReplay } from './TraceReplay.tsx';
import { buildConfig, draftFromRun, emptyDraft, setOverride, type ExperimentDraft } from './draft.ts';
import { IconPlay } from '../../components/common/icons.tsx';
import { focusProblem, problems } from './problems.ts';

// Survives navigation within the session: coming back to the form finds it as it was left.
let kept: ExperimentDraft | null = null;

export function NewExperimentPage({ from }: { from?: number | undefined }) {
  const { catalog, api, live, toasts } = useStores();
  const scenarios = useStore(catalog, (s) => remoteValue(s.scenarios));
  const policies = useStore(catalog, (s) => remoteValue(s.policies));
  const brokenPlugins = useStore(catalog, (s) => remoteValue(s.plugins))?.filter((p) => p.status === 'error');
  const loadError = useStore(catalog, (s) => (s.scenarios.state === 'error' ? s.scenarios.message : s.policies.state === 'error' ? s.policies.message : null));
  const [draft, setDraftState] = useState<ExperimentDraft>(() => kept ?? emptyDraft());
  const setDraft = (d: ExperimentDraft) => {
    kept = d;
    setDraftState(d);
  };
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [plan, setPlan] = useState<PlannedRun[]>([]);
  const [checking, setChecking] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  // Default selection once the catalog arrives: the first scenario and the first policy.
  useEffect(() => {
    if (!scenarios || !policies || from) return;
    if (draft.scenario === null && scenarios.length) {
      setDraft({ ...draft, scenario: scenarios[0]!.name, policies: draft.policies.length ? draft.policies : policies.slice(0, 1).map((p) => ({ name: p.name, preset: null, values: {} })) });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenarios, policies]);

  // Re-run with edits: ?from=<run id> loads that run's stored inputs.
  useEffect(() => {
    if (!from || !policies) return;
    let live = true;
    api
      .call('runs:get', { id: from })
      .then((d) => {
        if (live) setDraft(draftFromRun(d.run, policies.find((p) => p.name === d.run.policy.name)));
      })
      .catch((e) => toasts.error(e, `Could not load run ${from}`));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [from, policies]);

  const base: Scenario | null = useMemo(() => {
    if (draft.scenario === null) return null;
    if (typeof draft.scenario === 'object') return draft.scenario;
    return scenarios?.find((s) => s.name === draft.scenario) ?? null;
  }, [draft.scenario, scenarios]);

  const built = useMemo(() => buildConfig(draft, policies ?? []), [draft, policies]);
  const errors = useMemo(() => ({ ...serverErrors, ...built.localErrors }), [serverErrors, built.localErrors]);

  // Validate in main as the user edits; a sequence number drops answers to stale drafts.
  const seq = useRef(0);
  useEffect(() => {
    if (!base || !policies) return;
    const n = ++seq.current;
    setChecking(true);
    const t = setTimeout(async () => {
      const r = await api.result('config:validate', { config: built.config });
      if (n !== seq.current) return;
      setChecking(false);
      if (r.ok) {
        setServerErrors(fieldErrorMap(r.value.errors));
        setPlan(r.value.runs);
      } else {
        setServerErrors(fieldErrorMap(r.error.fieldErrors));
        setPlan([]);
        setStartError(r.error.message);
      }
    }, 250);
    return () => clearTimeout(t);
  }, [built.config, base, policies, api]);

  const errorCount = Object.keys(errors).length;
  const canStart = !!base && draft.policies.length > 0 && errorCount === 0 && plan.length > 0 && !checking && !starting;

  const start = async () => {
    setStarting(true);
    setStartError(null);
    const r = await api.result('runs:start', { config: built.config, ...(built.tags.length ? { tags: built.tags } : {}) });
    setStarting(false);
    if (!r.ok) {
      setStartError(r.error.message);
      setServerErrors(fieldErrorMap((r.error as ApiError).fieldErrors));
      return;
    }
    live.track(r.value.runIds);
    toasts.push({ kind: 'info', text: `Queued ${r.value.runIds.length} run${r.value.runIds.length > 1 ? 's' : ''}.` });
    navigate(href.live());
  };

  if (loadError) {
    return (
      <div className="page">
        <div className="notice error">Could not load scenarios and policies: {loadError}</div>
      </div>
    );
  }

  // Named by the form's labels; errors that no field shows also carry their message here, so none is invisible.
  const problemList = problems(errors, draft, base);
  const rows = new Set(plan.map((p) => p.label)).size;
  const seeds = new Set(plan.map((p) => p.seed)).size;

  return (
    <div className="page page-new">
      <header className="page-header">
        <div className="titles">
          <h1 tabIndex={-1}>New experiment</h1>
          <div className="sub">Pick a scenario, the policies to compare and the seeds; every combination runs in its own worker.</div>
        </div>
      </header>
      <div className="new-layout">
        <aside aria-label="Scenarios">
          <div className="section-title">Scenario</div>
          {scenarios ? (
            <ScenarioList
              scenarios={scenarios}
              // A replayed trace keeps the scenario it was replayed on marked; picking any scenario drops the trace.
              selected={typeof draft.scenario === 'string' ? draft.scenario : typeof draft.trace?.before.scenario === 'string' ? draft.trace.before.scenario : null}
              onSelect={(name) => setDraft({ ...draft, scenario: name, overrides: {}, trace: null })}
            />
          ) : (
            <div className="stack">
              {[0, 1, 2].map((i) => (
                <div key={i} className="skeleton" style={{ height: 110 }} />
              ))}
            </div>
          )}
          {typeof draft.scenario === 'object' && draft.scenario && !draft.trace && (
            <div className="notice" style={{ marginTop: 10 }}>
              Re-running the stored scenario <code>{draft.scenario.name}</code> of run {from}.
            </div>
          )}
        </aside>
        <div className="stack">
          {base && (
            <ScenarioForm
              key={typeof draft.scenario === 'string' ? draft.scenario : draft.trace ? `trace:${draft.trace.fileName}:${draft.trace.area ?? ''}` : 'object'}
              base={base}
              overrides={draft.overrides}
              errors={errors}
              onChange={(path, v) => setDraft(setOverride(draft, base, path, v))}
              onReset={() => setDraft({ ...draft, overrides: {} })}
              workloadTools={<TraceReplay draft={draft} base={base} scenarios={scenarios ?? []} onChange={setDraft} />}
            />
          )}
          <section className="card" aria-labelledby="pol-h">
            <div className="card-head">
              <h2 id="pol-h">Policies</h2>
              <span className="hint">{draft.policies.length ? `${draft.policies.length} selected` : 'Pick one or more'}</span>
            </div>
            <div className="card-body flush">
              {policies ? (
                <PolicyPicker
                  policies={policies}
                  broken={brokenPlugins}
                  chosen={draft.policies}
                  errors={errors}
                  sweptKey={draft.sweep.enabled ? { policy: draft.sweep.policy, key: draft.sweep.key } : null}
                  onChange={(p) => setDraft({ ...draft, policies: p })}
                />
              ) : (
                <div className="card-body">
                  <div className="skeleton" style={{ height: 80 }} />
                </div>
              )}
              {errors['config.policies'] && <div className="err" style={{ padding: '8px 14px', color: 'var(--danger)' }}>{errors['config.policies']}</div>}
            </div>
          </section>
          <section className="card" aria-labelledby="plan-h">
            <div className="card-head">
              <h2 id="plan-h">Seeds &amp; sweep</h2>
            </div>
            <div className="card-body">
              <RunPlan draft={draft} policies={policies ?? []} errors={errors} onChange={setDraft} />
            </div>
          </section>
        </div>
      </div>
      <div className="start-bar" role="region" aria-label="Start">
        <div className="plan-summary" aria-live="polite">
          {errorCount > 0 ? (
            <span id="start-problems" style={{ color: 'var(--danger)' }}>
              {problemList.length} problem{problemList.length > 1 ? 's' : ''} to fix before starting:{' '}
              {problemList.map((p, i) => (
                <span key={p.label}>
                  {i > 0 && ', '}
                  <button
                    type="button"
                    className="btn ghost sm"
                    style={{ color: 'inherit', textDecoration: 'underline', padding: '0 2px', height: 'auto', font: 'inherit' }}
                    title={`${p.message} (go to the field)`}
                    onClick={() => focusProblem(document, p.message)}
                  >
                    {p.label}
                  </button>
                  {!isPlaced(p.path, draft) && `: ${p.message}`}
                </span>
              ))}
            </span>
          ) : checking ? (
            <span className="muted">Checking…</span>
          ) : plan.length ? (
            <>
              <strong>
                {plan.length} run{plan.length > 1 ? 's' : ''}
              </strong>
              <span className="muted">
                {' '}
                = {rows} configuration{rows > 1 ? 's' : ''} × {seeds} seed{seeds > 1 ? 's' : ''}
              </span>
              <span className="plan-labels">
                {[...new Set(plan.map((p) => p.label))].slice(0, 8).map((l) => (
                  <span key={l} className="chip">
                    {l}
                  </span>
                ))}
              </span>
            </>
          ) : (
            <span className="muted">Pick a scenario and at least one policy.</span>
          )}
          {startError && errorCount === 0 && <div style={{ color: 'var(--danger)' }}>{startError}</div>}
        </div>
        {/* While something is wrong the plan is stale: no run count on a button that cannot start them. */}
        <button type="button" className="btn primary lg" disabled={!canStart} aria-describedby={errorCount > 0 ? 'start-problems' : undefined} onClick={() => void start()}>
          <IconPlay /> {starting ? 'Starting…' : errorCount > 0 ? `Start (fix ${problemList.length === 1 ? 'the problem' : `${problemList.length} problems`} first)` : `Start${plan.length ? ` ${plan.length} run${plan.length > 1 ? 's' : ''}` : ''}`}
        </button>
      </div>
    </div>
  );
}

/** Errors shown beside a field; the rest are listed in the footer so none is invisible. */
function isPlaced(path: string, draft: ExperimentDraft): boolean {
  if (path.startsWith('config.overrides.') || path.startsWith('config.seeds')) return true;
  if (path.startsWith('config.sweep')) return draft.sweep.enabled && path !== 'config.sweep';
  if (/^config\.policies\.\d+(\.name|\.params\..+)?$/.test(path)) return true;
  if (path === 'config.policies') return true;
  return false;
}

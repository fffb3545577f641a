/*
 * Run history: filter, sort, select. Tags and notes are edited in the table;
 * the selection drives Compare (2..20), archive export, delete (with a
 * confirmation) and per-run CSV. Import reads an archive file.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunInfo } from '../../../shared/types.ts';
import { useStores } from '../../state/context.tsx';
import { remoteValue, useStore } from '../../state/store.ts';
import { href, navigate } from '../../app/router.ts';
import { RunsFilter } from './RunsFilter.tsx';
import { StatusBadge } from '../../components/common/StatusBadge.tsx';
import { normalizeTag, TagEditor } from '../../components/common/TagEditor.tsx';
import { InlineText } from '../../components/common/InlineText.tsx';
import { ConfirmDialog } from '../../components/common/ConfirmDialog.tsx';
import { Empty } from '../../components/common/Empty.tsx';
import { IconCompare, IconDownload, IconTrash, IconUpload } from '../../components/common/icons.tsx';
import { formatDate, formatPercent, formatUs, signed } from '../../lib/format.ts';
import { runsToCsv } from '../../lib/table-csv.ts';
import { downloadText } from '../../lib/download.ts';
import { exportArchive, exportCsv } from './actions.ts';
import { engineText, showEngineColumn } from '../../lib/engine-version.ts';

type SortKey = 'id' | 'name' | 'status' | 'scenario' | 'policy' | 'engine' | 'seed' | 'success' | 'p99' | 'max' | 'slowdown' | 'created';

const SORTS: Record<SortKey, (r: RunInfo) => number | string | null> = {
  id: (r) => r.id,
  name: (r) => r.name,
  status: (r) => r.status,
  scenario: (r) => r.scenarioName,
  policy: (r) => r.policy.name,
  engine: (r) => r.engineVersion,
  seed: (r) => r.seed,
  success: (r) => (r.summary?.requests.count ? r.summary.requests.succeeded / r.summary.requests.count : null),
  p99: (r) => r.summary?.requests.latencyUs.p99 ?? null,
  max: (r) => r.summary?.requests.latencyUs.max ?? null,
  slowdown: (r) => r.summary?.background.slowdown ?? null,
  created: (r) => r.createdAt,
};

const FINAL = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

export function RunsPage() {
  const stores = useStores();
  const { runs, toasts } = stores;
  const list = useStore(runs, (s) => s.list);
  const selected = useStore(runs, (s) => s.selected);
  const knownTags = useStore(runs, (s) => s.knownTags);
  const currentEngine = useStore(stores.catalog, (s) => s.app?.engineVersion ?? null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'created', dir: -1 });
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [bulkTag, setBulkTag] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void runs.refresh();
  }, [runs]);

  const value = remoteValue(list);
  const rows = useMemo(() => {
    const r = value?.runs ?? [];
    const get = SORTS[sort.key];
    return [...r].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === y) return b.id - a.id;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sort.dir;
    });
  }, [value, sort]);

  // Only when the listed runs ran on more than one engine (or not on this app's): otherwise every row would say the same.
  const engineCol = showEngineColumn(rows, currentEngine);
  const selSet = new Set(selected);
  const selRuns = rows.filter((r) => selSet.has(r.id));
  const allOn = rows.length > 0 && rows.every((r) => selSet.has(r.id));
  const finishedSel = selected.filter((id) => {
    const r = rows.find((x) => x.id === id);
    return !r || FINAL.has(r.status);
  });

  const th = (key: SortKey, label: string, num = false) => (
    <th className={num ? 'num' : undefined} aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort({ key, dir: sort.key === key ? (sort.dir === 1 ? -1 : 1) : num || key === 'created' ? -1 : 1 })}>
        {label}
        {sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );

  const doDelete = async () => {
    setBusy(true);
    try {
      // RunsStore.remove tells the live store, which drops their live charts too.
      const deleted = await runs.remove(finishedSel);
      toasts.push({ kind: 'success', text: `Deleted ${deleted.length} run${deleted.length === 1 ? '' : 's'}.` });
    } catch (e) {
      toasts.error(e, 'Delete');
    }
    setBusy(false);
    setConfirm(false);
  };

  const doImport = async (file: File) => {
    try {
      const r = await runs.importArchive(file);
      toasts.push({
        kind: 'success',
        text: `Imported ${r.imported.length} run${r.imported.length === 1 ? '' : 's'}${r.skipped.length ? `, skipped ${r.skipped.length} already present` : ''}.`,
      });
    } catch (e) {
      toasts.error(e, `Import ${file.name}`);
    }
  };

  return (
    <div className="page page-runs">
      <header className="page-header">
        <div className="titles">
          <h1 tabIndex={-1}>Runs</h1>
          <div className="sub">
            {value ? `${value.total} run${value.total === 1 ? '' : 's'}${Object.keys(runs.getState().filter).length ? ' match the filters' : ' in the archive'}` : 'Loading…'}
          </div>
        </div>
        <div className="actions">
          <input ref={fileInput} type="file" accept=".cmawb,application/octet-stream" hidden aria-label="Archive file to import" onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void doImport(f);
            e.target.value = '';
          }} />
          <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
            <IconUpload /> Import archive
          </button>
          <button type="button" className="btn" disabled={!rows.length} onClick={() => downloadText('runs.csv', runsToCsv(selRuns.length ? selRuns : rows), 'text/csv')}>
            <IconDownload /> Table CSV
          </button>
          <a className="btn primary" href={href.new()}>
            New experiment
          </a>
        </div>
      </header>
      <RunsFilter />
      <div className={`selection-bar${selected.length ? ' on' : ''}`} aria-live="polite">
        {selected.length ? (
          <>
            <strong>{selected.length} selected</strong>
            <button
              type="button"
              className="btn primary sm"
              disabled={selected.length < 2 || selected.length > 20}
              title={selected.length > 20 ? 'Compare at most 20 runs' : undefined}
              onClick={() => navigate(href.compare(selected))}
            >
              <IconCompare /> Compare {selected.length}
            </button>
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                const t = normalizeTag(bulkTag);
                if (!t) return;
                runs.tagMany(selected, t).then(
                  () => toasts.push({ kind: 'success', text: `Tagged ${selected.length} run${selected.length > 1 ? 's' : ''} "${t}".` }),
                  (err) => toasts.error(err, 'Tag'),
                );
                setBulkTag('');
              }}
            >
              <input type="text" aria-label="Tag for the selected runs" placeholder="tag" value={bulkTag} onChange={(e) => setBulkTag(e.target.value)} style={{ height: 26, width: 110 }} />
              <button type="submit" className="btn sm" disabled={!bulkTag.trim()}>
                Tag
              </button>
            </form>
            <button type="button" className="btn sm" disabled={!finishedSel.length} onClick={() => void exportArchive(stores, finishedSel)}>
              <IconDownload /> Export archive
            </button>
            <button type="button" className="btn sm" disabled={selected.length !== 1} title="CSV files of one run" onClick={() => void exportCsv(stores, selected[0]!)}>
              Run CSV
            </button>
            <button type="button" className="btn sm danger" disabled={!finishedSel.length} onClick={() => setConfirm(true)}>
              <IconTrash /> Delete
            </button>
            <span className="spacer" />
            <button type="button" className="btn ghost sm" onClick={() => runs.select([])}>
              Clear selection
            </button>
          </>
        ) : (
          <span className="faint">Select runs to compare (2 to 20), tag, export or delete them.</span>
        )}
      </div>
      <div className="card">
        {list.state === 'error' && <div className="notice error">Could not list runs: {list.message}</div>}
        {value && rows.length === 0 ? (
          <Empty title={Object.keys(runs.getState().filter).length ? 'No run matches these filters' : 'No runs yet'}>
            {Object.keys(runs.getState().filter).length ? (
              <button type="button" className="btn sm" onClick={() => runs.clearFilter()}>
                Clear filters
              </button>
            ) : (
              <>
                <a href={href.new()}>Start an experiment</a> or import an archive.
              </>
            )}
          </Empty>
        ) : (
          <div className="table-wrap runs-table">
            <table className="table">
              <thead>
                <tr>
                  <th className="check">
                    <input type="checkbox" aria-label="Select all listed runs" checked={allOn} onChange={(e) => runs.select(e.target.checked ? [...new Set([...selected, ...rows.map((r) => r.id)])] : selected.filter((id) => !rows.some((r) => r.id === id)))} />
                  </th>
                  {th('id', '#', true)}
                  {th('name', 'Run')}
                  {th('status', 'Status')}
                  {th('policy', 'Policy')}
                  {engineCol && th('engine', 'Engine')}
                  {th('seed', 'Seed', true)}
                  {th('success', 'Success', true)}
                  {th('p99', 'p99', true)}
                  {th('max', 'Max', true)}
                  {th('slowdown', 'Slowdown', true)}
                  <th>Tags</th>
                  <th style={{ minWidth: 160 }}>Notes</th>
                  {th('created', 'Created')}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <RunRow key={r.id} run={r} selected={selSet.has(r.id)} knownTags={knownTags} engine={engineCol ? currentEngine : undefined} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {value && value.total > value.runs.length && (
          <div className="card-body faint small" style={{ borderTop: '1px solid var(--border)' }}>
            Showing the newest {value.runs.length} of {value.total} matching runs; narrow the search or the filters to see older ones.
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirm}
        title={`Delete ${finishedSel.length} run${finishedSel.length === 1 ? '' : 's'}?`}
        confirmText="Delete"
        danger
        busy={busy}
        onConfirm={() => void doDelete()}
        onCancel={() => setConfirm(false)}
      >
        {finishedSel.length === 1 ? 'Its' : 'Their'} results, request records, series and memory-map snapshots are removed from the archive. This cannot be undone; export {finishedSel.length === 1 ? 'it' : 'them'} first to keep a copy.
        {selected.length > finishedSel.length && <p>Queued or running runs are not deleted; cancel them first.</p>}
      </ConfirmDialog>
    </div>
  );
}

/** `engine`: this app's engine version (null while unknown) when the Engine column is shown, undefined when it is not. */
function RunRow({ run, selected, knownTags, engine }: { run: RunInfo; selected: boolean; knownTags: string[]; engine?: string | null }) {
  const { runs, toasts } = useStores();
  const s = run.summary;
  const success = s?.requests.count ? s.requests.succeeded / s.requests.count : null;
  const slow = s?.background.slowdown;
  const preset = typeof run.params['preset'] === 'string' ? run.params['preset'] : null;
  return (
    <tr className={`clickable${selected ? ' selected' : ''}`} onClick={() => navigate(href.run(run.id))}>
      <td className="check" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" aria-label={`Select run ${run.id}`} checked={selected} onChange={(e) => runs.toggle(run.id, e.target.checked)} />
      </td>
      <td className="num faint">{run.id}</td>
      <td className="run-name">
        <a href={href.run(run.id)} onClick={(e) => e.stopPropagation()}>
          {run.name}
        </a>
        {!run.name.startsWith(run.scenarioName) && <div className="sub">{run.scenarioName}</div>}
      </td>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>
        <span className="policy-cell">{run.policy.name}</span>
        {preset && <div className="sub">{preset}</div>}
      </td>
      {engine !== undefined && (
        <td
          className={`mono small nowrap${engine !== null && run.engineVersion === engine ? ' faint' : ''}`}
          title={engine !== null && run.engineVersion !== engine ? `ran on engine ${engineText(run.engineVersion)}; this app's engine is ${engine}` : `engine ${engineText(run.engineVersion)}`}
        >
          {engineText(run.engineVersion)}
        </td>
      )}
      <td className="num">{run.seed}</td>
      <td className={`num ${success !== null && success < 1 ? 'bad-text' : ''}`}>{formatPercent(success)}</td>
      <td className="num">{formatUs(s?.requests.latencyUs.p99)}</td>
      <td className="num">{formatUs(s?.requests.latencyUs.max)}</td>
      <td className="num">{slow === null || slow === undefined ? '–' : signed(formatPercent(Math.abs(slow - 1)), slow - 1)}</td>
      <td onClick={(e) => e.stopPropagation()}>
        <TagEditor tags={run.tags} label={`run ${run.id}`} suggestions={knownTags} onChange={(t) => runs.setTags(run, t).catch((e) => toasts.error(e, 'Tags'))} />
      </td>
      <td onClick={(e) => e.stopPropagation()} className="notes-cell">
        <InlineText value={run.notes} placeholder="add a note" label={`notes of run ${run.id}`} onSave={(v) => runs.setNotes(run.id, v).catch((e) => toasts.error(e, 'Notes'))} />
      </td>
      <td className="nowrap faint">{formatDate(run.createdAt)}</td>
    </tr>
  );
}

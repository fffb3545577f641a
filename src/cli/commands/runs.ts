/*
 * cmawb runs: the run archive from the command line: list, show, tag, note,
 * delete, rerun, export (archive file or CSV) and import. Every subcommand
 * takes --db FILE (default: CMAWB_DB, then the user's data folder).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type FlagSpecs, type ParsedArgs } from '../args.ts';
import { resolveDbPath } from '../../main/store/paths.ts';
import { UsageError, type Out, type ProgressSink } from '../context.ts';
import { engineProgress } from '../execute.ts';
import { createProgressBoard } from '../progress.ts';
import { renderPairs, renderTable } from '../table.ts';
import { formatLatencyStats, formatObserved } from '../format.ts';
import type { RunManagerOptions } from '../../main/runs/run-manager.ts';
import type { RunListItem, RunRecord, RunStatus, WorkbenchStore } from '../../main/store/index.ts';

export const RUNS_USAGE = [
  'usage: cmawb runs <subcommand> [--db FILE]',
  '',
  '  list [--tag T] [--policy P] [--scenario S] [--status S] [--search TEXT] [--limit N] [--json]',
  '                               stored runs, newest first',
  '  show ID [--json]             one run: inputs, status, summary, stored detail',
  '  tag ID TAG...                add tags        untag ID TAG...   remove tags',
  '  note ID TEXT...              set the notes (an empty TEXT clears them)',
  '  delete ID...                 delete runs and all their data',
  '  rerun ID                     run again with the stored inputs; reports whether the result hash matches',
  '                               (exit 1 when it differs; a run that never finished has no hash to match)',
  '  export ID... --out FILE [--force]',
  '                               write a self-contained archive file (.cmawb); an existing FILE is',
  '                               refused unless --force (then it is replaced)',
  '  export ID... --csv DIR       write requests.csv, series.csv, summary.json (DIR/run-ID/ for several runs)',
  '  import FILE                  add the runs of an archive file (runs already present are skipped)',
  '',
  '  --db FILE                    archive database (default: $CMAWB_DB, else the user data folder)',
];

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'];

const FLAGS: Record<string, FlagSpecs> = {
  list: { tag: 'value', policy: 'value', scenario: 'value', status: 'value', search: 'value', limit: 'value', json: 'bool' },
  show: { json: 'bool' },
  tag: {},
  untag: {},
  note: {},
  delete: {},
  rerun: { json: 'bool' },
  export: { out: 'value', csv: 'value', force: 'bool' },
  import: {},
};

/** Test seams; the real CLI passes none. */
export interface RunsCommandDeps {
  /** Options for the run manager `rerun` uses (e.g. a fake runner module in tests). */
  manager?: Partial<Omit<RunManagerOptions, 'store'>>;
  /** Where `rerun` shows progress (default stderr; null: none). */
  progress?: ProgressSink | null;
  /** Wall clock in ms for progress rates and ETA (default performance.now). */
  clock?: () => number;
}

export async function runsCommand(args: string[], out: Out, deps: RunsCommandDeps = {}): Promise<number> {
  try {
    const [sub, ...rest] = args;
    if (sub === undefined) throw new UsageError('missing subcommand; try `cmawb runs --help`');
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      RUNS_USAGE.forEach((l) => out.log(l));
      return 0;
    }
    const specs = Object.hasOwn(FLAGS, sub) ? FLAGS[sub] : undefined;
    if (!specs) throw new UsageError(`unknown subcommand "${sub}"; try \`cmawb runs --help\``);
    const parsed = parseArgs(rest, { ...specs, db: 'value', help: 'bool' });
    if (parsed.bools.has('help')) {
      RUNS_USAGE.forEach((l) => out.log(l));
      return 0;
    }
    checkArgs(sub, parsed);
    const { openStore } = await import('../../main/store/index.ts');
    const store = openStore(resolveDbPath({ flag: parsed.values.get('db') }));
    try {
      return await dispatch(sub, parsed, store, out, deps);
    } finally {
      store.close();
    }
  } catch (e) {
    // "cmawb runs tag: empty tag": the subcommand is named once, in the prefix.
    const prefix = args[0] !== undefined && Object.hasOwn(FLAGS, args[0]) ? `cmawb runs ${args[0]}` : 'cmawb runs';
    if (e instanceof UsageError) {
      out.error(`${prefix}: ${e.message}`);
      return 2;
    }
    out.error(`${prefix}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** Everything about the arguments is checked before the database is opened. */
function checkArgs(sub: string, a: ParsedArgs): void {
  const pos = a.positionals;
  const need = (n: number, what: string) => {
    if (pos.length < n) throw new UsageError(`missing ${what}`);
  };
  switch (sub) {
    case 'list':
      if (pos.length) throw new UsageError(`unexpected argument "${pos[0]}"`);
      if (a.values.has('status') && !STATUSES.includes(a.values.get('status') as RunStatus)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
      }
      if (a.values.has('limit') && !/^\d+$/.test(a.values.get('limit')!)) throw new UsageError('--limit needs a whole number');
      return;
    case 'show':
    case 'rerun':
      need(1, 'run ID');
      if (pos.length > 1) throw new UsageError('one run ID only');
      parseId(pos[0]!);
      return;
    case 'tag':
    case 'untag':
      need(1, 'run ID and at least one TAG');
      need(2, 'at least one TAG after the run ID');
      parseId(pos[0]!);
      for (const t of pos.slice(1)) if (!t.trim()) throw new UsageError('empty tag');
      return;
    case 'note':
      need(1, 'run ID');
      parseId(pos[0]!);
      return;
    case 'delete':
      need(1, 'run ID');
      pos.forEach(parseId);
      return;
    case 'export': {
      need(1, 'run ID');
      pos.forEach(parseId);
      const file = a.values.get('out');
      const csv = a.values.get('csv');
      if ((file === undefined) === (csv === undefined)) throw new UsageError('give exactly one of --out FILE or --csv DIR');
      if (csv !== undefined && a.bools.has('force')) throw new UsageError('--force is for --out FILE');
      if (file !== undefined && existsSync(file)) {
        if (statSync(file).isDirectory()) throw new UsageError(`--out ${file} is a folder; give a file name (e.g. ${join(file, 'runs.cmawb')})`);
        if (!a.bools.has('force')) throw new UsageError(`--out ${file} already exists; pass --force to overwrite it`);
      }
      return;
    }
    case 'import':
      need(1, 'archive FILE');
      if (pos.length > 1) throw new UsageError('one FILE at a time');
      return;
  }
}

function parseId(raw: string): number {
  if (!/^[1-9]\d*$/.test(raw)) throw new UsageError(`"${raw}" is not a run ID (a positive whole number)`);
  return Number(raw);
}

async function dispatch(sub: string, a: ParsedArgs, store: WorkbenchStore, out: Out, deps: RunsCommandDeps): Promise<number> {
  const runs = store.runs;
  const ids = () => a.positionals.map(parseId);
  switch (sub) {
    case 'list': {
      const list = runs.list({
        tag: a.values.get('tag'),
        policy: a.values.get('policy'),
        scenario: a.values.get('scenario'),
        status: a.values.get('status') as RunStatus | undefined,
        text: a.values.get('search'),
        limit: a.values.has('limit') ? Number(a.values.get('limit')) : undefined,
      });
      if (a.bools.has('json')) out.log(JSON.stringify(list));
      else if (!list.length) out.log('no runs');
      else renderList(list).forEach((l) => out.log(l));
      return 0;
    }
    case 'show': {
      const id = ids()[0]!;
      const run = runs.mustGet(id);
      const series = runs.series(id);
      const detail = {
        requests: runs.detail.requestCount(id),
        samples: series?.t.length ?? 0,
        columns: Object.keys(series?.columns ?? {}),
        snapshots: runs.snapshotTimes(id).length,
      };
      if (a.bools.has('json')) out.log(JSON.stringify({ ...run, detail }));
      else renderShow(run, detail).forEach((l) => out.log(l));
      return 0;
    }
    case 'tag':
    case 'untag': {
      const [id, ...tags] = a.positionals;
      const n = parseId(id!);
      if (sub === 'tag') runs.tag(n, tags);
      else runs.untag(n, tags);
      out.log(`run ${n} tags: ${runs.mustGet(n).tags.join(', ') || '(none)'}`);
      return 0;
    }
    case 'note': {
      const [id, ...words] = a.positionals;
      const text = words.join(' ');
      runs.setNotes(parseId(id!), text);
      out.log(`run ${id} notes ${text.trim() ? 'set' : 'cleared'}`);
      return 0;
    }
    case 'delete': {
      const list = ids();
      runs.delete(list);
      out.log(`deleted ${list.length === 1 ? 'run' : 'runs'} ${list.join(', ')}`);
      return 0;
    }
    case 'rerun':
      return rerun(ids()[0]!, a.bools.has('json'), store, out, deps);
    case 'export': {
      const list = ids();
      const file = a.values.get('out');
      if (file !== undefined) {
        const r = store.archive.exportRuns(list, file);
        out.log(`wrote ${r.runs} ${r.runs === 1 ? 'run' : 'runs'} to ${file} (${formatBytes(r.bytes)})`);
        return 0;
      }
      const { exportRunCsv } = await import('../../main/store/csv.ts');
      const dir = a.values.get('csv')!;
      for (const id of list) {
        const files = exportRunCsv(runs, id, list.length === 1 ? dir : join(dir, `run-${id}`));
        out.log(`run ${id}: ${files.join(', ')}`);
      }
      return 0;
    }
    case 'import': {
      const report = store.archive.importRuns(a.positionals[0]!);
      const got = report.imported;
      out.log(got.length ? `imported ${got.length} ${got.length === 1 ? 'run' : 'runs'} as ${got.map((r) => r.id).join(', ')}` : 'imported no runs');
      for (const s of report.skipped) out.log(`skipped "${s.name}": already stored as run ${s.existingId}`);
      return 0;
    }
  }
  throw new UsageError(`unknown subcommand "${sub}"`);
}

/**
 * A run of a plugin loaded with `--plugins DIR` stored the plugin's folder.
 * When no configured source has the policy, load plugins from that folder
 * (saying so), so `runs rerun` needs no flag the original run had; when the
 * folder is gone, say which folder it was and what to pass instead.
 */
async function ensurePolicyLoaded(run: RunRecord, out: Out): Promise<void> {
  const { configurePlugins, pluginConfig, pluginHost } = await import('../../main/plugins/registry.ts');
  const name = run.policy.name;
  const found = () => pluginHost().all().some((e) => e.name === name);
  if (found()) return;
  const dir = run.policy.dir;
  const pass = `pass --plugins DIR with a folder that holds plugin ${name}`;
  if (!dir) throw new UsageError(`policy "${name}" is not loaded and run ${run.id} stored no plugin folder; ${pass}`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`run ${run.id} used plugin ${name} from ${dir}, which no longer exists; ${pass}`);
  }
  out.error(`cmawb runs rerun: policy ${name} is not loaded; loading plugins from run ${run.id}'s plugin folder ${dir}`);
  const cfg = pluginConfig();
  configurePlugins({ ...cfg, extraDirs: [...(cfg.extraDirs ?? []), dir] });
  if (!found()) throw new UsageError(`run ${run.id} used plugin ${name} from ${dir}, but that folder no longer holds it; ${pass}`);
}

async function rerun(id: number, json: boolean, store: WorkbenchStore, out: Out, deps: RunsCommandDeps): Promise<number> {
  const original = store.runs.mustGet(id);
  // A test's own policy lookup (deps.manager.resolvePolicy) knows its policies without the plugin host.
  if (!deps.manager?.resolvePolicy) await ensurePolicyLoaded(original, out);
  const { RunManager } = await import('../../main/runs/index.ts');
  const manager = new RunManager({ store: store.runs, poolSize: 1, liveIntervalMs: null, log: (m) => out.error(m), ...deps.manager });
  // The progress of `run` and `compare` (progress.ts): a redrawn line on a terminal, a plain line every few seconds otherwise, none with --json.
  const sink = deps.progress !== undefined ? deps.progress : { isTTY: Boolean(process.stderr.isTTY), write: (t: string) => void process.stderr.write(t) };
  const board = json || sink === null ? null : createProgressBoard(sink, deps.clock ?? (() => performance.now()));
  let newId = -1;
  manager.onProgress((p) => {
    if (p.runId === newId) board?.onProgress(p.runId, engineProgress(p));
  });
  newId = manager.rerun(id);
  board?.start(newId, { label: `${original.scenarioName}/${original.policy.name} (rerun of #${id})`, phases: original.options?.baseline === false ? 1 : 2 });
  const onSigint = () => manager.cancel(newId);
  process.once('SIGINT', onSigint);
  try {
    let outcome;
    try {
      outcome = await manager.wait(newId);
    } finally {
      board?.finish(newId, outcome === undefined || outcome.status !== 'completed' ? (outcome?.status ?? 'failed') : undefined);
    }
    const rerunRec = store.runs.mustGet(newId);
    const completed = outcome.status === 'completed';
    // A run that never finished (interrupted, cancelled, failed) has no hash: nothing to match, nothing differs.
    const comparable = original.resultHash !== null;
    const matched = completed && outcome.resultHash === original.resultHash;
    if (json) {
      out.log(
        JSON.stringify({ id: newId, of: id, status: outcome.status, resultHash: outcome.resultHash, originalHash: original.resultHash, matched: comparable ? matched : null, error: outcome.error }),
      );
    } else if (!completed) {
      out.log(`run ${newId} (rerun of ${id}): ${outcome.status}${outcome.error ? `: ${outcome.error.message}` : ''}`);
    } else if (!comparable) {
      out.log(`run ${newId} (rerun of ${id}): completed`);
      out.log(`result hash ${outcome.resultHash}; run ${id} has none to compare (it ended ${original.status})`);
    } else {
      out.log(`run ${newId} (rerun of ${id}): completed`);
      out.log(matched ? `result hash ${outcome.resultHash} matches run ${id}` : `result hash ${outcome.resultHash} DIFFERS from run ${id} (${original.resultHash})`);
      if (!matched) {
        // The usual honest reasons a hash moves: say which inputs changed.
        if (original.engineVersion !== rerunRec.engineVersion) out.log(`  engine version changed: ${original.engineVersion} -> ${rerunRec.engineVersion}`);
        if (original.policy.hash !== rerunRec.policy.hash) {
          out.log(`  policy changed: ${original.policy.name} ${original.policy.version} -> ${rerunRec.policy.version} (content hash differs)`);
        }
      }
    }
    return matched || (completed && !comparable) ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await manager.dispose();
  }
}

function formatTime(ms: number | null): string {
  if (ms === null) return '-';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

function us(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

function renderList(list: RunListItem[]): string[] {
  const rows = list.map((r) => {
    const s = r.summary;
    return [
      String(r.id),
      r.status,
      formatTime(r.createdAt),
      r.scenarioName,
      `${r.policy.name} ${r.policy.version}`,
      String(r.seed),
      s ? `${s.requests.succeeded}/${s.requests.count}` : '-',
      s ? us(s.requests.latencyUs.p99) : '-',
      r.tags.join(','),
      r.name,
    ];
  });
  return renderTable(['ID', 'STATUS', 'CREATED', 'SCENARIO', 'POLICY', 'SEED', 'OK/REQS', 'P99 µs', 'TAGS', 'NAME'], rows, {
    align: ['right', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'left', 'left'],
  });
}

/** "trace  camera-v6.txt: 2 tasks, 4 requests" for a run that replays a device's trace. */
function traceLine(run: RunRecord): [string, string][] {
  const traces = run.scenario?.workloads.filter((w) => w.kind === 'contigTrace') ?? [];
  if (traces.length === 0) return [];
  const files = [...new Set(traces.map((w) => w.from ?? w.name))].join(', ');
  const requests = traces.reduce((n, w) => n + w.requests.length, 0);
  return [['trace', `${files}: ${traces.length} task${traces.length === 1 ? '' : 's'}, ${requests.toLocaleString('en-US')} request${requests === 1 ? '' : 's'}`]];
}

function renderShow(run: RunRecord, detail: { requests: number; samples: number; columns: string[]; snapshots: number }): string[] {
  const params = Object.entries(run.params).map(([k, v]) => `${k}=${String(v)}`).join(' ') || '(defaults)';
  const lines = [
    `run ${run.id}: ${run.name}`,
    ...renderPairs([
      ['status', run.status],
      ['created', formatTime(run.createdAt)],
      ['finished', formatTime(run.finishedAt)],
      ['scenario', run.scenarioName],
      ...traceLine(run),
      ['policy', `${run.policy.name} ${run.policy.version} (${run.policy.hash.slice(0, 24)})`],
      ['plugin folder', run.policy.dir ?? '-'],
      ['params', params],
      ['seed', String(run.seed)],
      ['engine', run.engineVersion ?? '-'],
      ['result hash', run.resultHash ?? '-'],
      ['tags', run.tags.join(', ') || '-'],
      ['uuid', run.uuid],
    ]),
  ];
  if (run.notes) lines.push('', 'notes:', ...run.notes.split('\n').map((l) => `  ${l}`));
  if (run.error) lines.push('', `error: ${run.error.message}`);
  const s = run.summary;
  if (s) {
    const l = s.requests.latencyUs;
    const o = s.requests.observed;
    const failures = Object.entries(s.failures).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    lines.push(
      '',
      'summary:',
      ...renderPairs([
        ['requests', `${s.requests.count} (${s.requests.succeeded} ok, ${s.requests.failed} failed)`],
        ['latency µs', formatLatencyStats(l, us)],
        // A replayed trace: what the traced device measured for the same requests.
        ...(o ? ([['traced µs', formatObserved(o, us)]] as [string, string][]) : []),
        ['failures', failures],
        ['slowdown', s.background.slowdown === null ? '-' : `${((s.background.slowdown - 1) * 100).toFixed(1)}%`],
        ['region use', `${(s.region.meanUtilisation * 100).toFixed(1)}% of ${s.region.pages} pages`],
        ['virtual time', `${s.virtualS.toFixed(2)} s, ${s.events} events`],
      ]),
      '',
      `stored: ${detail.requests} request records, ${detail.samples} samples x ${detail.columns.length} series, ${detail.snapshots} map snapshots`,
    );
  }
  return lines;
}

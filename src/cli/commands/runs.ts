/*
 * cmawb runs: the run archive from the command line: list, show, compare
 * (runs-compare.ts), tag, note, delete, rerun, export (archive file or CSV)
 * and import. Every subcommand
 * takes --db FILE (default: CMAWB_DB, then the user's data folder).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jsonFailure, parseArgs, parseRunId, parseTimeout, wantsJson, type FlagSpecs, type ParsedArgs } from '../args.ts';
import { InterruptedError, onSignal, SIGNAL_WORDS, UsageError, type InterruptSignal, type Out, type ProgressSink } from '../context.ts';
import { DEFAULT_TIMEOUT_S, engineProgress } from '../execute.ts';
import { archivePath, isDir, openArchive, withFileErrors } from '../files.ts';
import { checkRunsCompareArgs, runsCompare } from './runs-compare.ts';
import { createProgressBoard } from '../progress.ts';
import { renderPairs, renderTable } from '../table.ts';
import { formatCount, formatObserved, formatRunLatency, formatSlowdown, hasLatency } from '../format.ts';
import type { RunManagerOptions } from '../../main/runs/run-manager.ts';
import type { RunListItem, RunRecord, RunStatus, WorkbenchStore } from '../../main/store/index.ts';

/** Each subcommand's lines of the help; `cmawb runs SUB --help` prints its own. */
const SUB_USAGE: Readonly<Record<string, readonly string[]>> = {
  list: [
    '  list [--tag T] [--policy P] [--scenario S] [--status S] [--search TEXT] [--limit N] [--json]',
    '                               stored runs, newest first (--limit N: the newest N, N at least 1)',
  ],
  show: ['  show ID [--json]             one run: inputs, status, summary, stored detail'],
  compare: [
    '  compare ID... [--json] [--allow-mixed]',
    '  compare --tag TAG [--json] [--allow-mixed]',
    '                               the `cmawb compare` table of stored runs, nothing simulated: runs that differ',
    '                               only by seed are one row (mean ± 95% CI over their seeds); --tag: every',
    '                               completed run with TAG; a run that is not completed is refused, and so are',
    '                               runs of several scenarios unless --allow-mixed (then a note says so);',
    '                               --json prints {scenario, scenarios, seeds, sweep, scenarioSweep, rows} as compare',
  ],
  tag: ['  tag ID TAG...                add tags'],
  untag: ['  untag ID TAG...              remove tags (a tag the run does not have is named on stderr)'],
  note: ['  note ID TEXT...              set the notes (an empty TEXT clears them)'],
  delete: ['  delete ID...                 delete runs and all their data'],
  rerun: [
    '  rerun ID [--json] [--no-save] [--timeout S]',
    '                               run again with the stored inputs; reports whether the result hash matches',
    '                               (exit 1 when it differs; a run that never finished has no hash to match);',
    '                               --json prints {id, of, status, resultHash, originalHash, matched, error}',
    '                               (id null with --no-save); --no-save keeps the rerun out of the archive;',
    `                               --timeout S stops it after S wall-clock seconds (default ${DEFAULT_TIMEOUT_S}; 0: no limit)`,
  ],
  export: [
    '  export ID... --out FILE [--force]',
    '                               write a self-contained archive file (.cmawb); an existing FILE is',
    '                               refused unless --force (then it is replaced)',
    '  export ID... --csv DIR [--force]',
    '                               write requests.csv, series.csv, summary.json (DIR/run-ID/ for several runs);',
    '                               existing files are refused unless --force',
  ],
  import: ['  import FILE                  add the runs of an archive file (runs already present are skipped)'],
};

const DB_USAGE = [
  '  --db FILE                    archive database (default: $CMAWB_DB, else the user data folder); one that does not',
  '                               exist is refused (no archive at FILE), except by import, which creates it',
];

export const RUNS_USAGE = ['usage: cmawb runs <subcommand> [--db FILE]', '', ...Object.values(SUB_USAGE).flat(), '', ...DB_USAGE];

function subUsage(sub: string): string[] {
  return [`usage: cmawb runs ${sub} ...`, '', ...SUB_USAGE[sub]!, '', ...DB_USAGE];
}

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'];

const FLAGS: Record<string, FlagSpecs> = {
  list: { tag: 'value', policy: 'value', scenario: 'value', status: 'value', search: 'value', limit: 'value', json: 'bool' },
  show: { json: 'bool' },
  compare: { json: 'bool', tag: 'value', 'allow-mixed': 'bool' },
  tag: {},
  untag: {},
  note: {},
  delete: {},
  rerun: { json: 'bool', 'no-save': 'bool', timeout: 'value' },
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
  /** Ctrl-C / SIGTERM during `rerun` (default: the process's signals). */
  onInterrupt?: typeof onSignal;
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
      subUsage(sub).forEach((l) => out.log(l));
      return 0;
    }
    checkArgs(sub, parsed);
    // Only import adds runs to an archive that may not exist yet; the others need one (a mistyped --db creates nothing).
    const db = archivePath(parsed.values.get('db'), sub === 'import' ? 'write' : 'read');
    const store = await openArchive(db);
    try {
      return await dispatch(sub, parsed, store, out, deps);
    } finally {
      store.close();
    }
  } catch (e) {
    // "cmawb runs tag: empty tag": the subcommand is named once, in the prefix.
    const prefix = args[0] !== undefined && Object.hasOwn(FLAGS, args[0]) ? `cmawb runs ${args[0]}` : 'cmawb runs';
    const code = exitCode(e);
    const message = e instanceof Error ? e.message : String(e);
    out.error(`${prefix}: ${message}`);
    // --json promised one JSON value on stdout: a failure is one too.
    if (wantsJson(args)) out.log(jsonFailure(message, code));
    return code;
  }
}

/**
 * 2 for what the user gave: flags, a run id that does not exist, a run in the
 * wrong state for the subcommand, an unreadable or foreign archive file;
 * 130/143 for Ctrl-C/SIGTERM; 1 for anything else.
 */
function exitCode(e: unknown): number {
  if (e instanceof UsageError) return 2;
  if (e instanceof InterruptedError) return e.exitCode;
  const name = e instanceof Error ? e.name : '';
  return ['RunNotFoundError', 'RunStateError', 'ArchiveFormatError'].includes(name) ? 2 : 1;
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
      if (a.values.has('limit') && !/^[1-9]\d*$/.test(a.values.get('limit')!.trim())) {
        throw new UsageError(`--limit must be a whole number of at least 1, got "${a.values.get('limit')}"`);
      }
      return;
    case 'show':
    case 'rerun':
      need(1, 'run ID');
      if (pos.length > 1) throw new UsageError('one run ID only');
      parseRunId(pos[0]!);
      if (a.values.has('timeout')) parseTimeout(a.values.get('timeout')!);
      return;
    case 'compare':
      checkRunsCompareArgs(a);
      return;
    case 'tag':
    case 'untag':
      need(1, 'run ID and at least one TAG');
      need(2, 'at least one TAG after the run ID');
      parseRunId(pos[0]!);
      for (const t of pos.slice(1)) if (!t.trim()) throw new UsageError('empty tag');
      return;
    case 'note':
      need(1, 'run ID');
      parseRunId(pos[0]!);
      return;
    case 'delete':
      need(1, 'run ID');
      pos.forEach(parseRunId);
      return;
    case 'export': {
      need(1, 'run ID');
      pos.forEach(parseRunId);
      const file = a.values.get('out');
      const csv = a.values.get('csv');
      if ((file === undefined) === (csv === undefined)) throw new UsageError('give exactly one of --out FILE or --csv DIR');
      if (file !== undefined) checkOutFile(file, a.bools.has('force'));
      else checkCsvTargets(csv!, pos.map(parseRunId), a.bools.has('force'));
      return;
    }
    case 'import': {
      need(1, 'archive FILE');
      if (pos.length > 1) throw new UsageError('one FILE at a time');
      const file = pos[0]!;
      if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
      if (statSync(file).isDirectory()) throw new UsageError(`${file} is a folder; give an archive file (.cmawb)`);
      return;
    }
  }
}

/** --out FILE: a file name in a folder that exists; an existing FILE only with --force. */
function checkOutFile(file: string, force: boolean): void {
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new UsageError(`--out ${file} is a folder; give a file name (e.g. ${join(file, 'runs.cmawb')})`);
    if (!force) throw new UsageError(`--out ${file} already exists; pass --force to overwrite it`);
  }
  const parent = dirname(file);
  if (!isDir(parent)) throw new UsageError(`--out ${file}: folder ${parent} does not exist`);
}

const CSV_FILES = ['requests.csv', 'series.csv', 'summary.json'];

/** --csv DIR: a folder (made if missing); files already there are refused unless --force, as --out refuses its FILE. */
function checkCsvTargets(dir: string, ids: readonly number[], force: boolean): void {
  const dirs = ids.length === 1 ? [dir] : ids.map((id) => join(dir, `run-${id}`));
  for (const d of [dir, ...dirs]) {
    if (existsSync(d) && !statSync(d).isDirectory()) throw new UsageError(`--csv ${dir}: ${d} is a file, not a folder`);
  }
  if (force) return;
  const taken = dirs.flatMap((d) => CSV_FILES.map((f) => join(d, f))).filter((f) => existsSync(f));
  if (taken.length > 0) {
    throw new UsageError(`--csv ${dir}: ${taken[0]}${taken.length > 1 ? ` and ${taken.length - 1} more` : ''} already exist${taken.length > 1 ? '' : 's'}; pass --force to overwrite`);
  }
}

async function dispatch(sub: string, a: ParsedArgs, store: WorkbenchStore, out: Out, deps: RunsCommandDeps): Promise<number> {
  const runs = store.runs;
  const ids = () => a.positionals.map(parseRunId);
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
    case 'compare':
      return runsCompare(a, store, out);
    case 'tag':
    case 'untag': {
      const [id, ...tags] = a.positionals;
      const n = parseRunId(id!);
      if (sub === 'tag') runs.tag(n, tags);
      else {
        // Removing a tag the run lacks changes nothing: say so (exit 0), a typo is the usual cause.
        const had = runs.mustGet(n).tags;
        for (const t of tags) if (!had.includes(t)) out.error(`cmawb runs untag: run ${n} has no tag ${t}`);
        runs.untag(n, tags);
      }
      out.log(`run ${n} tags: ${runs.mustGet(n).tags.join(', ') || '(none)'}`);
      return 0;
    }
    case 'note': {
      const [id, ...words] = a.positionals;
      const text = words.join(' ');
      runs.setNotes(parseRunId(id!), text);
      out.log(`run ${id} notes ${text.trim() ? 'set' : 'cleared'}`);
      return 0;
    }
    case 'delete': {
      const list = ids();
      runs.delete(list);
      out.log(`deleted ${list.length === 1 ? 'run' : 'runs'} ${list.join(', ')}`);
      return 0;
    }
    case 'rerun': {
      const timeout = a.values.get('timeout');
      const opts = { json: a.bools.has('json'), save: !a.bools.has('no-save'), timeoutS: timeout === undefined ? DEFAULT_TIMEOUT_S : parseTimeout(timeout) };
      return rerun(ids()[0]!, opts, store, out, deps);
    }
    case 'export': {
      const list = ids();
      const file = a.values.get('out');
      if (file !== undefined) {
        // The store writes a temp file next to FILE: a failure is named by FILE, not by that.
        const r = withFileErrors(`--out ${file}`, () => store.archive.exportRuns(list, file));
        out.log(`wrote ${r.runs} ${r.runs === 1 ? 'run' : 'runs'} to ${file} (${formatBytes(r.bytes)})`);
        return 0;
      }
      const { exportRunCsv } = await import('../../main/store/csv.ts');
      const dir = a.values.get('csv')!;
      for (const id of list) {
        const target = list.length === 1 ? dir : join(dir, `run-${id}`);
        const files = withFileErrors(`--csv ${target}`, () => exportRunCsv(runs, id, target));
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
  if (!isDir(dir)) {
    throw new UsageError(`run ${run.id} used plugin ${name} from ${dir}, which no longer exists; ${pass}`);
  }
  out.error(`cmawb runs rerun: policy ${name} is not loaded; loading plugins from run ${run.id}'s plugin folder ${dir}`);
  const cfg = pluginConfig();
  configurePlugins({ ...cfg, extraDirs: [...(cfg.extraDirs ?? []), dir] });
  if (!found()) throw new UsageError(`run ${run.id} used plugin ${name} from ${dir}, but that folder no longer holds it; ${pass}`);
}

interface RerunOptions {
  json: boolean;
  /** false: the rerun goes to a throwaway in-memory store, nothing reaches the archive. */
  save: boolean;
  /** Watchdog, wall-clock seconds (0: none). */
  timeoutS: number;
}

async function rerun(id: number, opts: RerunOptions, store: WorkbenchStore, out: Out, deps: RunsCommandDeps): Promise<number> {
  const { json, save } = opts;
  const original = store.runs.mustGet(id);
  // A test's own policy lookup (deps.manager.resolvePolicy) knows its policies without the plugin host.
  if (!deps.manager?.resolvePolicy) await ensurePolicyLoaded(original, out);
  const { RunManager, storedRunInput } = await import('../../main/runs/index.ts');
  const { openStore } = await import('../../main/store/index.ts');
  const target = save ? store : openStore(':memory:');
  const manager = new RunManager({ store: target.runs, poolSize: 1, watchdogS: opts.timeoutS, liveIntervalMs: null, log: (m) => out.error(m), ...deps.manager });
  // The progress of `run` and `compare` (progress.ts): a redrawn line on a terminal, a plain line every few seconds otherwise, none with --json.
  const sink = deps.progress !== undefined ? deps.progress : { isTTY: Boolean(process.stderr.isTTY), write: (t: string) => void process.stderr.write(t) };
  const board = json || sink === null ? null : createProgressBoard(sink, deps.clock ?? (() => performance.now()));
  let newId = -1;
  manager.onProgress((p) => {
    if (p.runId === newId) board?.onProgress(p.runId, engineProgress(p));
  });
  let signalled: InterruptSignal | null = null;
  const signals = (deps.onInterrupt ?? onSignal)((signal) => {
    signalled ??= signal;
    manager.cancel(newId);
  });
  try {
    newId = save ? manager.rerun(id) : manager.submit(storedRunInput(original), { name: `${original.name} (rerun of ${id})` });
    // Without saving, the throwaway store's id means nothing to the user.
    const shownId: number | null = save ? newId : null;
    const what = shownId === null ? `rerun of ${id} (not saved)` : `run ${newId} (rerun of ${id})`;
    board?.start(newId, { label: `${original.scenarioName}/${original.policy.name} (rerun of #${id})`, phases: original.options?.baseline === false ? 1 : 2 });
    let outcome;
    try {
      outcome = await manager.wait(newId);
    } finally {
      board?.finish(newId, outcome === undefined || outcome.status !== 'completed' ? (outcome?.status ?? 'failed') : undefined);
    }
    const stopped: InterruptSignal | null = signalled;
    if (stopped !== null && outcome.status !== 'completed') {
      throw new InterruptedError(`cancelled (${SIGNAL_WORDS[stopped]})${shownId === null ? '' : `; run #${shownId} stored as ${outcome.status}`}`, stopped);
    }
    const rerunRec = target.runs.mustGet(newId);
    const completed = outcome.status === 'completed';
    // A run that never finished (interrupted, cancelled, failed) has no hash: nothing to match, nothing differs.
    const comparable = original.resultHash !== null;
    const matched = completed && outcome.resultHash === original.resultHash;
    if (json) {
      out.log(
        JSON.stringify({ id: shownId, of: id, status: outcome.status, resultHash: outcome.resultHash, originalHash: original.resultHash, matched: comparable ? matched : null, error: outcome.error }),
      );
    } else if (!completed) {
      out.log(`${what}: ${outcome.status}${outcome.error ? `: ${outcome.error.message}` : ''}`);
    } else if (!comparable) {
      out.log(`${what}: completed`);
      out.log(`result hash ${outcome.resultHash}; run ${id} has none to compare (it ended ${original.status})`);
    } else {
      out.log(`${what}: completed`);
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
    signals.dispose();
    await manager.dispose();
    if (target !== store) target.close();
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
      s && hasLatency(s.requests) && s.requests.latencyUs.p99 !== null ? us(s.requests.latencyUs.p99) : '-',
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
  return [['trace', `${files}: ${traces.length} task${traces.length === 1 ? '' : 's'}, ${formatCount(requests)} request${requests === 1 ? '' : 's'}`]];
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
    const o = s.requests.observed;
    const failures = Object.entries(s.failures).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    lines.push(
      '',
      'summary:',
      ...renderPairs([
        ['requests', `${s.requests.count} (${s.requests.succeeded} ok, ${s.requests.failed} failed)`],
        ['latency µs', formatRunLatency(s.requests, us)],
        // A replayed trace: what the traced device measured for the same requests.
        ...(o ? ([['traced µs', formatObserved(o, us)]] as [string, string][]) : []),
        ['failures', failures],
        ['slowdown', formatSlowdown(s.background.slowdown)],
        ['region use', `${(s.region.meanUtilisation * 100).toFixed(1)}% of ${s.region.pages} pages`],
        ['virtual time', `${s.virtualS.toFixed(2)} s, ${s.events} events`],
      ]),
      '',
      `stored: ${detail.requests} request records, ${detail.samples} samples x ${detail.columns.length} series, ${detail.snapshots} map snapshots`,
    );
  }
  return lines;
}

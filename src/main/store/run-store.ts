/*
 * The runs table and its lifecycle: queued -> running (heartbeats) ->
 * completed | failed | cancelled, or interrupted when the owning process died.
 * A run's detail is written in the same transaction that marks it completed,
 * so a run that says "completed" always has all its data.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MapSnapshot, MemoryMapMeta, Params, RequestRecord, RunOptions, RunResult, RunSummary, SeriesSet } from '../../engine/result.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { encodeDetail, RunDetailStore, type EncodedDetail } from './run-detail.ts';
import type { RunFacets } from '../../shared/types.ts';
import type { PolicyRef, RunFilter, RunListItem, RunRecord, RunStatus, SnapshotInfo } from './types.ts';

export class RunNotFoundError extends Error {
  constructor(readonly runId: number) {
    super(`no run with id ${runId}`);
    this.name = 'RunNotFoundError';
  }
}

export class RunStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunStateError';
  }
}

/** What a new run row needs: everything required to reproduce it. */
export interface NewRun {
  name: string;
  scenario: Scenario;
  policy: PolicyRef;
  params: Params;
  seed: number;
  options?: RunOptions | null;
  tags?: readonly string[];
  notes?: string;
  /**
   * ENGINE_VERSION of the build that queued it (the run manager passes it),
   * so failed and cancelled runs say which engine they were meant for;
   * completion overwrites it with the summary's.
   */
  engineVersion?: string | null;
  /** Only the archive import passes these: the run keeps its identity and times. */
  uuid?: string;
  createdAt?: number;
}

export interface FinalState {
  status: 'completed' | 'failed' | 'cancelled' | 'interrupted';
  startedAt: number | null;
  finishedAt: number | null;
  engineVersion: string | null;
  error: { message: string; stack: string | null } | null;
}

export interface RecoverOptions {
  /** A running/queued run whose owner has not written a heartbeat for this long is interrupted even if its pid exists (pid reuse, another host). */
  staleMs?: number;
  now?: number;
}

/** Identifies the writing process; recovery checks whether it is still alive. */
export const OWNER = `${hostname()}:${process.pid}`;

interface RunRow {
  id: number;
  uuid: string;
  name: string;
  status: RunStatus;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  last_seen: number | null;
  scenario_name: string;
  policy_name: string;
  policy_version: string;
  policy_hash: string;
  policy_dir: string | null;
  params_json: string;
  seed: number;
  engine_version: string | null;
  result_hash: string | null;
  summary_json: string | null;
  error_message: string | null;
  error_stack: string | null;
  notes: string;
  tags_json: string;
}

const LIST_COLUMNS = `id, uuid, name, status, created_at, started_at, finished_at, last_seen, scenario_name, policy_name,
  policy_version, policy_hash, policy_dir, params_json, seed, engine_version, result_hash, summary_json, error_message, error_stack, notes,
  (SELECT json_group_array(tag) FROM run_tags WHERE run_id = runs.id) AS tags_json`;

function toListItem(r: RunRow): RunListItem {
  return {
    id: r.id,
    uuid: r.uuid,
    name: r.name,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    lastSeen: r.last_seen,
    scenarioName: r.scenario_name,
    policy: { name: r.policy_name, version: r.policy_version, hash: r.policy_hash, dir: r.policy_dir },
    params: JSON.parse(r.params_json) as Params,
    seed: r.seed,
    engineVersion: r.engine_version,
    resultHash: r.result_hash,
    summary: r.summary_json === null ? null : (JSON.parse(r.summary_json) as RunSummary),
    error: r.error_message === null ? null : { message: r.error_message, stack: r.error_stack },
    tags: (JSON.parse(r.tags_json) as string[]).sort(),
    notes: r.notes,
  };
}

function ownerAlive(owner: string | null): boolean | null {
  if (!owner) return false;
  const i = owner.lastIndexOf(':');
  const host = owner.slice(0, i);
  const pid = Number(owner.slice(i + 1));
  if (host !== hostname() || !Number.isInteger(pid)) return null; // cannot tell from here
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunStore {
  readonly detail: RunDetailStore;
  private readonly stmts;

  constructor(readonly db: Database.Database) {
    this.detail = new RunDetailStore(db);
    this.stmts = {
      insert: db.prepare(
        // The id is one past the highest ever used (run_id_high), not past the highest still stored.
        `INSERT INTO runs (id, uuid, name, status, created_at, last_seen, owner, scenario_name, scenario_json, policy_name,
           policy_version, policy_hash, policy_dir, params_json, seed, options_json, engine_version, notes)
         VALUES ((SELECT MAX(n, IFNULL((SELECT MAX(id) FROM runs), 0)) + 1 FROM run_id_high),
           @uuid, @name, 'queued', @now, @now, @owner, @scenarioName, @scenarioJson, @policyName, @policyVersion,
           @policyHash, @policyDir, @paramsJson, @seed, @optionsJson, @engineVersion, @notes)`,
      ),
      status: db.prepare('SELECT status FROM runs WHERE id = ?').pluck(),
      running: db.prepare("UPDATE runs SET status = 'running', started_at = ?, last_seen = ?, owner = ? WHERE id = ? AND status = 'queued'"),
      heartbeat: db.prepare("UPDATE runs SET last_seen = ? WHERE id = ? AND status IN ('queued', 'running')"),
      complete: db.prepare(
        `UPDATE runs SET status = 'completed', finished_at = @now, last_seen = @now, engine_version = @engineVersion,
           result_hash = @resultHash, summary_json = @summaryJson, policy_version = @policyVersion, policy_hash = @policyHash,
           policy_dir = @policyDir, error_message = NULL, error_stack = NULL
         WHERE id = @id`,
      ),
      finish: db.prepare(
        `UPDATE runs SET status = @status, finished_at = @now, last_seen = @now, error_message = @message, error_stack = @stack
         WHERE id = @id AND status IN ('queued', 'running')`,
      ),
      unfinished: db.prepare("SELECT id, owner, last_seen, created_at FROM runs WHERE status IN ('queued', 'running')"),
      interrupt: db.prepare(
        `UPDATE runs SET status = 'interrupted', finished_at = @at,
           error_message = 'interrupted: the process running it stopped (last seen ' || @iso || ')'
         WHERE id = @id AND status IN ('queued', 'running')`,
      ),
      setFinal: db.prepare(
        `UPDATE runs SET status = @status, started_at = @startedAt, finished_at = @finishedAt, last_seen = @finishedAt,
           owner = NULL, engine_version = @engineVersion, result_hash = @resultHash, summary_json = @summaryJson,
           error_message = @message, error_stack = @stack
         WHERE id = @id`,
      ),
      dropDetail: db.prepare('DELETE FROM run_detail WHERE run_id = ?'),
      dropRequests: db.prepare('DELETE FROM requests WHERE run_id = ?'),
      dropSeries: db.prepare('DELETE FROM series WHERE run_id = ?'),
      dropSnapshots: db.prepare('DELETE FROM snapshots WHERE run_id = ?'),
      dropVmstat: db.prepare('DELETE FROM vmstat WHERE run_id = ?'),
      getOne: db.prepare(`SELECT ${LIST_COLUMNS}, scenario_json, options_json FROM runs WHERE id = ?`),
      addTag: db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)'),
      delTag: db.prepare('DELETE FROM run_tags WHERE run_id = ? AND tag = ?'),
      notes: db.prepare('UPDATE runs SET notes = ? WHERE id = ?'),
      rename: db.prepare('UPDATE runs SET name = ? WHERE id = ?'),
      del: db.prepare('DELETE FROM runs WHERE id = ?'),
      byUuid: db.prepare('SELECT id FROM runs WHERE uuid = ?').pluck(),
      count: db.prepare('SELECT count(*) FROM runs').pluck(),
    };
  }

  /**
   * Every write transaction is BEGIN IMMEDIATE: a deferred one that reads
   * first and writes later fails at once with SQLITE_BUSY (no busy wait) when
   * another process committed in between.
   */
  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- lifecycle ----

  /** Insert a queued run; returns its id. */
  create(run: NewRun): number {
    return this.tx(() => {
      const now = run.createdAt ?? Date.now();
      const id = Number(
        this.stmts.insert.run({
          uuid: run.uuid ?? randomUUID(),
          name: run.name,
          now,
          owner: OWNER,
          scenarioName: run.scenario.name,
          scenarioJson: JSON.stringify(run.scenario),
          policyName: run.policy.name,
          policyVersion: run.policy.version,
          policyHash: run.policy.hash,
          policyDir: run.policy.dir ?? null,
          paramsJson: JSON.stringify(run.params),
          seed: run.seed,
          optionsJson: run.options ? JSON.stringify(run.options) : null,
          engineVersion: run.engineVersion ?? null,
          notes: run.notes ?? '',
        }).lastInsertRowid,
      );
      for (const tag of run.tags ?? []) this.stmts.addTag.run(id, tag);
      return id;
    });
  }

  markRunning(id: number): void {
    const now = Date.now();
    if (this.stmts.running.run(now, now, OWNER, id).changes === 0) {
      throw new RunStateError(`run ${id} cannot start: it is ${this.statusOf(id)}`);
    }
  }

  /** Cheap liveness update (one indexed row write); ignored once the run is final. */
  heartbeat(ids: number | readonly number[], now = Date.now()): void {
    const list = typeof ids === 'number' ? [ids] : ids;
    if (list.length === 1) {
      this.stmts.heartbeat.run(now, list[0]);
      return;
    }
    this.tx(() => {
      for (const id of list) this.stmts.heartbeat.run(now, id);
    });
  }

  /**
   * Store the result and mark the run completed, all in one transaction.
   * Allowed from queued/running, and from interrupted: another process may
   * have given up on a slow owner that then finished after all.
   */
  complete(id: number, result: RunResult | EncodedDetailResult, policy?: PolicyRef): void {
    const detail = 'encoded' in result ? result.encoded : encodeDetail(result);
    const summary = result.summary;
    this.tx(() => {
      const status = this.statusOf(id);
      if (status === 'completed' || status === 'failed' || status === 'cancelled') {
        throw new RunStateError(`run ${id} is already ${status}`);
      }
      this.clearDetail(id);
      this.detail.write(id, detail);
      const row = this.stmts.getOne.get(id) as RunRow;
      this.stmts.complete.run({
        id,
        now: Date.now(),
        engineVersion: summary.engineVersion,
        resultHash: summary.resultHash,
        summaryJson: JSON.stringify(summary),
        policyVersion: policy?.version ?? row.policy_version,
        policyHash: policy?.hash ?? row.policy_hash,
        // What the worker loaded wins; a ref without the field keeps the folder recorded at submit.
        policyDir: policy?.dir === undefined ? row.policy_dir : policy.dir,
      });
    });
  }

  fail(id: number, message: string, stack?: string | null): void {
    this.finish(id, 'failed', message, stack ?? null);
  }

  /** End a queued/running run as failed, cancelled or interrupted; a final run is left alone. */
  finish(id: number, status: 'failed' | 'cancelled' | 'interrupted', message: string | null = null, stack: string | null = null): boolean {
    return this.stmts.finish.run({ id, status, now: Date.now(), message, stack }).changes > 0;
  }

  /**
   * At open: runs left queued/running by a process that no longer exists are
   * marked interrupted at the time they were last seen. Stray detail rows
   * (there should be none: detail commits with completion) are removed so an
   * interrupted run never looks half complete.
   */
  recover(opts: RecoverOptions = {}): number[] {
    const now = opts.now ?? Date.now();
    const staleMs = opts.staleMs ?? 60_000;
    return this.tx(() => {
      const out: number[] = [];
      const rows = this.stmts.unfinished.all() as { id: number; owner: string | null; last_seen: number | null; created_at: number }[];
      for (const r of rows) {
        const seen = r.last_seen ?? r.created_at;
        const alive = ownerAlive(r.owner);
        // A live owner (or one on another host we cannot check) keeps its runs until its heartbeat goes stale.
        if (alive !== false && now - seen < staleMs) continue;
        this.stmts.interrupt.run({ id: r.id, at: seen, iso: new Date(seen).toISOString() });
        this.clearDetail(r.id);
        out.push(r.id);
      }
      return out;
    });
  }

  private clearDetail(id: number): void {
    this.stmts.dropDetail.run(id);
    this.stmts.dropRequests.run(id);
    this.stmts.dropSeries.run(id);
    this.stmts.dropSnapshots.run(id);
    this.stmts.dropVmstat.run(id);
  }

  /** Insert an already-finished run (CLI `run`, archive import) in one transaction. */
  insertCompleted(run: NewRun, result: RunResult | EncodedDetailResult): number {
    return this.tx(() => {
      const id = this.create(run);
      this.complete(id, result);
      return id;
    });
  }

  /**
   * Insert a run that is already final, keeping its times (archive import).
   * With `result` the run is completed and its detail written; all in one transaction.
   */
  insertFinal(run: NewRun, final: FinalState, result: EncodedDetailResult | null): number {
    return this.tx(() => {
      const id = this.create(run);
      if (result) {
        if (final.status !== 'completed') throw new RunStateError(`a ${final.status} run cannot have result detail`);
        this.detail.write(id, result.encoded);
      } else if (final.status === 'completed') {
        throw new RunStateError('a completed run needs its result');
      }
      this.stmts.setFinal.run({
        id,
        status: final.status,
        startedAt: final.startedAt,
        finishedAt: final.finishedAt,
        engineVersion: final.engineVersion,
        resultHash: result?.summary.resultHash ?? null,
        summaryJson: result ? JSON.stringify(result.summary) : null,
        message: final.error?.message ?? null,
        stack: final.error?.stack ?? null,
      });
      return id;
    });
  }

  // ---- queries ----

  statusOf(id: number): RunStatus {
    const s = this.stmts.status.get(id) as RunStatus | undefined;
    if (!s) throw new RunNotFoundError(id);
    return s;
  }

  count(): number {
    return this.stmts.count.get() as number;
  }

  idByUuid(uuid: string): number | null {
    return (this.stmts.byUuid.get(uuid) as number | undefined) ?? null;
  }

  /** Newest first. */
  list(filter: RunFilter = {}): RunListItem[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = runs.id AND t.tag = ?)');
      args.push(filter.tag);
    }
    if (filter.policy !== undefined) (where.push('policy_name = ?'), args.push(filter.policy));
    if (filter.scenario !== undefined) (where.push('scenario_name = ?'), args.push(filter.scenario));
    if (filter.status !== undefined) (where.push('status = ?'), args.push(filter.status));
    if (filter.text) {
      const like = `%${filter.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      where.push("(name LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\')");
      args.push(like, like);
    }
    const sql =
      `SELECT ${LIST_COLUMNS} FROM runs` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY id DESC LIMIT ? OFFSET ?';
    args.push(filter.limit ?? -1, filter.offset ?? 0);
    return (this.db.prepare(sql).all(...args) as RunRow[]).map(toListItem);
  }

  /** Distinct scenario names, policy names and tags of every stored run, sorted (the history filter's options). */
  facets(): RunFacets {
    const distinct = (sql: string) => this.db.prepare(sql).pluck().all() as string[];
    return {
      scenarios: distinct('SELECT DISTINCT scenario_name FROM runs ORDER BY 1'),
      policies: distinct('SELECT DISTINCT policy_name FROM runs ORDER BY 1'),
      tags: distinct('SELECT DISTINCT tag FROM run_tags ORDER BY 1'),
    };
  }

  get(id: number): RunRecord | null {
    const row = this.stmts.getOne.get(id) as (RunRow & { scenario_json: string; options_json: string | null }) | undefined;
    if (!row) return null;
    return {
      ...toListItem(row),
      scenario: JSON.parse(row.scenario_json) as Scenario,
      options: row.options_json === null ? null : (JSON.parse(row.options_json) as RunOptions),
    };
  }

  mustGet(id: number): RunRecord {
    const r = this.get(id);
    if (!r) throw new RunNotFoundError(id);
    return r;
  }

  requests(id: number): RequestRecord[] {
    return this.detail.requests(id);
  }

  series(id: number): SeriesSet | null {
    return this.detail.series(id);
  }

  map(id: number): MemoryMapMeta | null {
    return this.detail.map(id);
  }

  snapshotTimes(id: number): SnapshotInfo[] {
    return this.detail.snapshotTimes(id);
  }

  snapshot(id: number, index: number): MapSnapshot | null {
    return this.detail.snapshot(id, index);
  }

  /** The whole RunResult of a completed run (null otherwise). */
  result(id: number): RunResult | null {
    const run = this.get(id);
    if (!run || run.status !== 'completed' || !run.summary) return null;
    const series = this.detail.series(id);
    const map = this.detail.map(id);
    if (!series || !map) throw new Error(`run ${id} is completed but its detail is missing`);
    const snapshots = this.detail.snapshotTimes(id).map((s) => this.detail.snapshot(id, s.index)!);
    return { summary: run.summary, requests: this.detail.requests(id), series, map, snapshots };
  }

  // ---- edits ----

  tag(id: number, tags: readonly string[]): void {
    this.tx(() => {
      this.statusOf(id);
      for (const t of tags) this.stmts.addTag.run(id, t);
    });
  }

  untag(id: number, tags: readonly string[]): void {
    this.tx(() => {
      this.statusOf(id);
      for (const t of tags) this.stmts.delTag.run(id, t);
    });
  }

  setNotes(id: number, notes: string): void {
    if (this.stmts.notes.run(notes, id).changes === 0) throw new RunNotFoundError(id);
  }

  rename(id: number, name: string): void {
    if (this.stmts.rename.run(name, id).changes === 0) throw new RunNotFoundError(id);
  }

  /** Delete runs and (by ON DELETE CASCADE) all their rows; refuses runs still queued or running. */
  delete(ids: readonly number[]): void {
    this.tx(() => {
      for (const id of ids) {
        const s = this.statusOf(id);
        if (s === 'queued' || s === 'running') throw new RunStateError(`run ${id} is ${s}; cancel it before deleting`);
        this.stmts.del.run(id);
      }
    });
  }
}

/** A result whose detail is already in storage form (archive import). */
export interface EncodedDetailResult {
  summary: RunSummary;
  encoded: EncodedDetail;
}

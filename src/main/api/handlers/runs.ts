/*
 * runs:* lifecycle and archive edits: start (a RunConfig expanded into
 * queued runs), cancel, the session's runs (active, dismiss) and live data
 * so far, list and its filter's facets, get, snapshot, tag, note, delete,
 * rerun.
 */
import type { RunInput } from '../../../engine/result.ts';
import { parseRunConfig, validateRunConfig } from '../../../shared/run-config.ts';
import type { RunInfo } from '../../../shared/types.ts';
import { customNaming } from '../../../engine/scenario/custom.ts';
import { findScenario } from '../../../engine/scenario/library.ts';
import type { Scenario } from '../../../engine/scenario/schema.ts';
import { RunNotFoundError, runName, scenarioChanges } from '../../store/index.ts';
import { ApiFailure } from '../errors.ts';
import { defineHandlers } from '../handler.ts';
import { progressEvent } from '../progress.ts';
import { runInfo } from '../run-info.ts';
import { runConfigCatalog } from './config.ts';

/**
 * A built-in scenario edited in the form becomes NAME-custom with its changes in the title, as
 * `--scenario-set` does, so the archive never files it under the built-in's name.
 */
function customized(scenario: Scenario): Scenario {
  const builtin = findScenario(scenario.name);
  const changes = builtin ? scenarioChanges(builtin, scenario) : [];
  if (!builtin || changes.length === 0) return scenario;
  return { ...scenario, ...customNaming(scenario, changes) };
}

export const runHandlers = defineHandlers({
  'runs:start': async (input, ctx) => {
    await ctx.catalog.checked?.();
    const checked = validateRunConfig(input.config, runConfigCatalog(ctx));
    if (!checked.ok || !checked.scenario) {
      const n = checked.errors.length;
      const first = checked.errors[0];
      throw new ApiFailure(
        'invalid_input',
        `the run configuration has ${n} problem${n === 1 ? '' : 's'}${first ? `; first: ${first.path}: ${first.message}` : ''}`,
        checked.errors,
      );
    }
    const config = parseRunConfig(input.config)!;
    const scenario = customized(checked.scenario);
    const runs = checked.runs.map((r) => {
      const run: RunInput = {
        scenario,
        policy: r.policy,
        params: r.params,
        seed: r.seed,
        ...(config.baseline ? {} : { options: { baseline: false } }),
      };
      // Without a given name the run manager names it from what differs from the defaults.
      const name = input.name === undefined ? {} : { name: runName(input.name, r.label, r.seed) };
      const id = ctx.runs.submit(run, { ...name, ...(input.tags ? { tags: input.tags } : {}), ...(input.notes ? { notes: input.notes } : {}) });
      return { ...r, id };
    });
    return { runIds: runs.map((r) => r.id), runs };
  },

  'runs:cancel': (input, ctx) => {
    ctx.store.runs.statusOf(input.id); // not_found for an unknown id
    return { cancelled: ctx.runs.cancel(input.id) };
  },

  'runs:active': (_input, ctx) => {
    const { queued, running } = ctx.runs.active();
    return {
      queued,
      finished: ctx.runs.finished(),
      running: running.map((id) => {
        const p = ctx.runs.progress(id);
        return p
          ? progressEvent(p)
          : { runId: id, status: 'running' as const, phase: 'main' as const, fraction: 0, eventsPerS: 0, etaS: null, elapsedS: 0, virtualNs: 0, totalNs: 0, events: 0 };
      }),
    };
  },

  'runs:dismiss': (input, ctx) => ({ dismissed: ctx.runs.dismiss(input.ids) }),

  'runs:liveSnapshot': (input, ctx) => {
    ctx.store.runs.statusOf(input.id); // not_found for an unknown id
    const data = ctx.runs.liveData(input.id);
    return data ? { id: input.id, active: true, ...data } : { id: input.id, active: false, rows: [], requests: [], rowStride: 1, droppedRequests: 0 };
  },

  'runs:list': (input, ctx) => {
    const { from, to, limit, offset, ...filter } = input;
    // The store filters by everything but the date range; the range is applied here (newest first either way).
    let runs: RunInfo[] = ctx.store.runs.list(filter).map(runInfo);
    if (from !== undefined) runs = runs.filter((r) => r.createdAt >= from);
    if (to !== undefined) runs = runs.filter((r) => r.createdAt <= to);
    const total = runs.length;
    const start = offset ?? 0;
    return { runs: runs.slice(start, limit === undefined ? undefined : start + limit), total };
  },

  'runs:facets': (_input, ctx) => ctx.store.runs.facets(),

  'runs:get': (input, ctx) => {
    const runs = ctx.store.runs;
    const run = runs.mustGet(input.id);
    const done = run.status === 'completed';
    return {
      run: runInfo(run),
      requests: done ? runs.requests(input.id) : [],
      series: done ? runs.series(input.id) : null,
      map: done ? runs.map(input.id) : null,
      snapshots: done ? runs.snapshotTimes(input.id) : [],
      progress: run.status === 'running' ? mapProgress(ctx.runs.progress(input.id)) : null,
    };
  },

  'runs:snapshot': (input, ctx) => {
    ctx.store.runs.statusOf(input.id);
    const snap = ctx.store.runs.detail.encodedSnapshot(input.id, input.index);
    if (!snap) {
      const n = ctx.store.runs.snapshotTimes(input.id).length;
      throw new ApiFailure('not_found', `run ${input.id} has no snapshot ${input.index} (it has ${n})`);
    }
    // The stored blob is already the little-endian bytes of the Uint16Array.
    return { runId: input.id, index: input.index, tNs: snap.tNs, encoding: 'u16le-base64' as const, data: snap.data.toString('base64') };
  },

  'runs:tag': (input, ctx) => {
    for (const id of input.ids) ctx.store.runs.tag(id, input.tags);
    return { runs: input.ids.map((id) => ({ id, tags: ctx.store.runs.mustGet(id).tags })) };
  },

  'runs:untag': (input, ctx) => {
    for (const id of input.ids) ctx.store.runs.untag(id, input.tags);
    return { runs: input.ids.map((id) => ({ id, tags: ctx.store.runs.mustGet(id).tags })) };
  },

  'runs:note': (input, ctx) => {
    ctx.store.runs.setNotes(input.id, input.notes);
    return { id: input.id, notes: input.notes };
  },

  'runs:delete': (input, ctx) => {
    for (const id of input.ids) if (ctx.store.runs.get(id) === null) throw new RunNotFoundError(id);
    ctx.store.runs.delete(input.ids);
    // Off the live session (a reload would list them), and every window and tab drops them.
    ctx.runs.dismiss(input.ids);
    ctx.emit('runs:deleted', { ids: input.ids });
    return { deleted: input.ids };
  },

  'runs:rerun': (input, ctx) => ({ id: ctx.runs.rerun(input.id) }),
});

function mapProgress(p: Parameters<typeof progressEvent>[0] | null) {
  return p ? progressEvent(p) : null;
}

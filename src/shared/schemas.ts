/*
 * Zod schemas of every API input. The transport checks an input against its
 * schema before a handler runs, so handlers see typed, bounded values; a
 * mismatch comes back as an `invalid_input` error whose fieldErrors name the
 * bad field by its dotted path. RunConfig is only checked for shape here: its
 * meaning (known scenario and policies, parameter ranges) is checked by
 * validateRunConfig in run-config.ts, which reports every problem at once.
 */
import { z } from 'zod';
import { RUN_STATUSES } from './types.ts';

const id = z.number().int().positive();
const ids = z.array(id).min(1).max(10_000);
const tag = z.string().trim().min(1, 'a tag cannot be empty').max(64).regex(/^[^\s,]+$/, 'no spaces or commas in a tag');

export const ParamValueSchema = z.union([z.number(), z.boolean(), z.string()]);
export const ParamsSchema = z.record(z.string(), ParamValueSchema);

/** Methods that take no input accept nothing, undefined or {}. */
export const NoInput = z.object({}).strict().optional();

export const RunConfigPolicySchema = z
  .object({
    name: z.string().min(1, 'pick a policy'),
    /** Values given by the user; "preset" names a preset of the manifest. Missing keys take their defaults. */
    params: ParamsSchema.default({}),
  })
  .strict();

export const SweepSchema = z
  .object({
    /** A policy of `policies` (added with default parameters if not listed, like `cmawb compare --sweep`). */
    policy: z.string().min(1),
    key: z.string().min(1),
    values: z.array(ParamValueSchema).min(2, 'a sweep needs two or more values').max(100),
  })
  .strict();

/**
 * What the experiment form submits. `scenario` is a built-in name or a whole
 * scenario object (the shape `scenarios:list` returns); `overrides` maps a
 * dotted scenario path to a new value ({"machine.memMiB": 1024,
 * "workloads.2.count": 10}), so a form field and its error share one key.
 */
export const RunConfigSchema = z
  .object({
    scenario: z.union([z.string().min(1, 'pick a scenario'), z.record(z.string(), z.unknown())]),
    overrides: z.record(z.string(), z.unknown()).default({}),
    policies: z.array(RunConfigPolicySchema).min(1, 'pick at least one policy').max(20),
    seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1, 'give at least one seed').max(100),
    sweep: SweepSchema.optional(),
    /** Run without contiguous clients too, to measure background slowdown (default true). */
    baseline: z.boolean().default(true),
  })
  .strict();

export const RunListFilterSchema = z
  .object({
    /** Substring of the run's name or notes. */
    text: z.string().max(200).optional(),
    policy: z.string().optional(),
    scenario: z.string().optional(),
    tag: z.string().optional(),
    status: z.enum(RUN_STATUSES).optional(),
    /** createdAt range, ms since the epoch, inclusive. */
    from: z.number().optional(),
    to: z.number().optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export const Inputs = {
  none: NoInput,
  validate: z.object({ config: z.unknown() }).strict(),
  start: z
    .object({
      config: z.unknown(),
      /** Name of each run; default "<scenario> / <label> #<seed>". */
      name: z.string().max(200).optional(),
      tags: z.array(tag).max(50).optional(),
      notes: z.string().max(100_000).optional(),
    })
    .strict(),
  runId: z.object({ id }).strict(),
  list: RunListFilterSchema.default({}),
  snapshot: z.object({ id, index: z.number().int().min(0) }).strict(),
  tags: z.object({ ids, tags: z.array(tag).min(1).max(50) }).strict(),
  note: z.object({ id, notes: z.string().max(100_000) }).strict(),
  runIds: z.object({ ids }).strict(),
  export: z
    .object({
      ids,
      /** Electron/CLI: where to write; without it the app asks (Electron) or uses the exports folder. Refused in browser mode. */
      path: z.string().min(1).optional(),
    })
    .strict(),
  import: z.union([
    z.object({ path: z.string().min(1) }).strict(),
    z.object({ base64: z.string().min(1), fileName: z.string().max(255).optional() }).strict(),
  ]),
  exportCsv: z.object({ id, dir: z.string().min(1).optional() }).strict(),
  compare: z.object({ ids: z.array(id).min(2, 'compare needs two or more runs').max(20, 'compare at most 20 runs') }).strict(),
  openExternal: z.object({ url: z.string().url() }).strict(),
  /** A file directly in docs/, e.g. "plugins.md". */
  openDocs: z.object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.md$/, 'a markdown file name in docs/, e.g. plugins.md') }).strict(),
  openPluginFolder: z.object({ name: z.string().optional() }).strict().optional(),
  importTrace: z
    .object({
      /** The trace as text (/sys/kernel/tracing/trace or `trace-cmd report`). */
      text: z.string().min(1, 'the trace file is empty'),
      /** Shown in the scenario's title. */
      fileName: z.string().max(255).optional(),
      /** Keep one CMA area's events. */
      area: z.string().min(1).optional(),
      /** Where the trace's first request falls in the run; default: where the replaced client started. */
      startAtS: z.number().nonnegative().optional(),
      /** With a scenario: its contiguous clients are replaced by the trace, and the result returned. */
      scenario: z.unknown().optional(),
    })
    .strict(),
} as const;

export type RunConfig = z.output<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;
export type RunListFilter = z.input<typeof RunListFilterSchema>;

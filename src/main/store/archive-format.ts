/*
 * The run archive file (.cmawb): a fixed binary header, then a gzip'd JSON
 * payload. The header lets import reject foreign, truncated and corrupt files
 * before decompressing anything; the zod schemas below check every run before
 * a single row is written. Layout (docs/archive.md):
 *
 *   0   8  magic "CMAWBARC"
 *   8   4  format version, uint32 LE
 *   12  8  payload length in bytes, uint64 LE
 *   20 32  sha256 of the payload
 *   52  .. payload: gzip(UTF-8 JSON of ArchivePayload)
 *
 * Format history (docs/archive.md): 1 = the first; 2 adds policy.dir. This
 * build writes 2 and reads both: a format-1 run imports with dir null. The
 * bump (rather than an optional field under 1) is for older builds: their
 * strict run schema would refuse the new field with a puzzling schema error,
 * whereas a newer format number tells them to update.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { SERIES_ENCODINGS } from './codec.ts';
import { FINAL_STATUSES } from './types.ts';

export const ARCHIVE_MAGIC = Buffer.from('CMAWBARC', 'latin1');
export const ARCHIVE_FORMAT_VERSION = 3;
/** Every format this build imports. */
export const READABLE_ARCHIVE_VERSIONS: readonly number[] = [1, 2, 3];
export const HEADER_BYTES = 52;
export const ARCHIVE_EXTENSION = '.cmawb';

export class ArchiveFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveFormatError';
  }
}

// ---- payload schemas ----

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegInt = z.number().int().nonnegative();
const paramValue = z.union([z.number(), z.boolean(), z.string()]);
const params = z.record(z.string(), paramValue);
const latency = z.object({ mean: z.number(), p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() }).loose();

/** RunSummary; loose so a summary from a newer engine keeps the fields this build does not know. */
export const SummarySchema = z
  .object({
    scenario: z.string(),
    policy: z.string(),
    policyVersion: z.string(),
    params,
    seed: z.number(),
    engineVersion: z.string(),
    resultHash: z.string().min(1),
    requests: z
      .object({
        count: nonNegInt,
        succeeded: nonNegInt,
        failed: nonNegInt,
        latencyUs: latency,
        bySize: z.record(z.string(), z.object({ count: z.number(), failed: z.number(), meanUs: z.number().nullable(), maxUs: z.number().nullable() }).loose()),
        boundUs: z.object({ mean: z.number(), max: z.number(), violations: z.number() }).loose().nullable(),
      })
      .loose(),
    failures: z.record(z.string(), z.number()),
    vmstat: z.record(z.string(), z.number()),
    background: z
      .object({
        completionS: z.number().nullable(),
        baselineS: z.number().nullable(),
        slowdown: z.number().nullable(),
        perWorkload: z.record(z.string(), z.number().nullable()),
      })
      .loose(),
    region: z.object({ pages: z.number(), meanUtilisation: z.number() }).loose(),
    virtualS: z.number(),
    events: z.number(),
  })
  .loose();

export const RequestSchema = z
  .object({
    id: z.number().int(),
    client: z.string(),
    pages: nonNegInt,
    startNs: finite,
    endNs: finite,
    latencyNs: finite,
    ok: z.boolean(),
    reason: z.string().nullable(),
    startPfn: z.number().int(),
    migrated: nonNegInt,
    dropped: nonNegInt,
    written: nonNegInt,
    retries: nonNegInt,
    candidates: nonNegInt,
    boundNs: finite.nullable(),
    deadlineMissed: z.boolean(),
    blocking: z.array(z.object({ pfn: z.number().int(), cause: z.string() }).strict()),
  })
  .strict();

const base64 = z.base64();

const ColumnSchema = z
  .object({ name: z.string(), encoding: z.enum(SERIES_ENCODINGS as [string, ...string[]]), length: nonNegInt, data: base64 })
  .strict();

const MapSchema = z
  .object({
    pageblockPages: z.number().int().positive(),
    pageblocks: nonNegInt,
    regionStartPfn: nonNegInt,
    regionPages: nonNegInt,
    kinds: z.array(z.string()),
    /** Format 3 (engine 0.12.0 on): each snapshot ends with one migratetype index per pageblock. */
    migratetypes: z.array(z.string()).optional(),
  })
  .strict();

const DetailSchema = z
  .object({
    requests: z.array(RequestSchema),
    intervalNs: finite,
    t: ColumnSchema,
    columns: z.array(ColumnSchema),
    map: MapSchema,
    snapshots: z.array(z.object({ tNs: finite, data: base64 }).strict()),
  })
  .strict();

/**
 * The scenario is checked for shape only, not against today's ScenarioSchema:
 * an archive must still import after the scenario format grows; `rerun`
 * re-validates it before simulating.
 */
const ScenarioShape = z.object({ name: z.string().min(1), machine: z.object({}).loose(), workloads: z.array(z.unknown()) }).loose();

export const ArchivedRunSchema = z
  .object({
    uuid: z.string().min(1),
    name: z.string(),
    status: z.enum(FINAL_STATUSES as [string, ...string[]]),
    createdAt: z.number().int(),
    startedAt: z.number().int().nullable(),
    finishedAt: z.number().int().nullable(),
    scenario: ScenarioShape,
    // dir: format 2 on; absent in format 1 (PayloadSchema refuses it there).
    policy: z.object({ name: z.string().min(1), version: z.string(), hash: z.string(), dir: z.string().nullable().optional() }).strict(),
    params,
    seed: z.number().int(),
    options: z.object({}).loose().nullable(),
    engineVersion: z.string().nullable(),
    resultHash: z.string().nullable(),
    summary: SummarySchema.nullable(),
    error: z.object({ message: z.string(), stack: z.string().nullable() }).strict().nullable(),
    tags: z.array(z.string()),
    notes: z.string(),
    detail: DetailSchema.nullable(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (r.status === 'completed') {
      if (!r.summary || !r.detail) return issue('a completed run must have a summary and detail');
      if (r.resultHash !== r.summary.resultHash) issue('resultHash differs from summary.resultHash');
      const n = r.detail.t.length;
      for (const c of r.detail.columns) if (c.length !== n) issue(`series column "${c.name}" has ${c.length} samples, t has ${n}`);
      if (r.detail.requests.length !== r.summary.requests.count) {
        issue(`${r.detail.requests.length} request records but the summary counts ${r.summary.requests.count}`);
      }
    } else if (r.detail) {
      issue(`a ${r.status} run cannot carry result detail`);
    }
  });

export type ArchivedRun = z.infer<typeof ArchivedRunSchema>;

export const PayloadSchema = z
  .object({
    format: z.literal('cma-workbench-runs'),
    version: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    exportedAt: z.number().int(),
    runs: z.array(ArchivedRunSchema),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.runs.forEach((r, i) => {
      if (p.version === 1 && r.policy.dir !== undefined) ctx.addIssue({ code: 'custom', path: ['runs', i, 'policy', 'dir'], message: 'format 1 has no policy.dir' });
      if (p.version < 3 && r.detail?.map.migratetypes !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['runs', i, 'detail', 'map', 'migratetypes'], message: `format ${p.version} has no map.migratetypes` });
      }
    });
  });

export type ArchivePayload = z.infer<typeof PayloadSchema>;

// ---- container ----

export function encodeArchive(payload: ArchivePayload): Buffer {
  const body = gzipSync(Buffer.from(JSON.stringify(payload), 'utf8'));
  const header = Buffer.alloc(HEADER_BYTES);
  ARCHIVE_MAGIC.copy(header, 0);
  // The payload names its version too; the header says the same so a reader can refuse before decompressing.
  header.writeUInt32LE(payload.version, 8);
  header.writeBigUInt64LE(BigInt(body.length), 12);
  createHash('sha256').update(body).digest().copy(header, 20);
  return Buffer.concat([header, body]);
}

/** Check the container and every run; throws ArchiveFormatError naming the first problem. */
export function decodeArchive(file: Buffer, name = 'archive'): ArchivePayload {
  if (file.length < ARCHIVE_MAGIC.length || !file.subarray(0, ARCHIVE_MAGIC.length).equals(ARCHIVE_MAGIC)) {
    throw new ArchiveFormatError(`${name} is not a CMA Workbench run archive (no CMAWBARC header)`);
  }
  if (file.length < HEADER_BYTES) throw new ArchiveFormatError(`${name} is truncated: the header is incomplete`);
  const version = file.readUInt32LE(8);
  if (version > ARCHIVE_FORMAT_VERSION) {
    throw new ArchiveFormatError(`${name} uses archive format ${version}; this build reads up to ${ARCHIVE_FORMAT_VERSION}, update CMA Workbench`);
  }
  if (!READABLE_ARCHIVE_VERSIONS.includes(version)) throw new ArchiveFormatError(`${name}: unknown archive format version ${version}`);
  const length = file.readBigUInt64LE(12);
  const actual = BigInt(file.length - HEADER_BYTES);
  if (actual < length) throw new ArchiveFormatError(`${name} is truncated: payload has ${actual} of ${length} bytes`);
  if (actual > length) throw new ArchiveFormatError(`${name} has ${actual - length} unexpected bytes after the payload`);
  const body = file.subarray(HEADER_BYTES);
  const digest = createHash('sha256').update(body).digest();
  if (!digest.equals(file.subarray(20, HEADER_BYTES))) throw new ArchiveFormatError(`${name} is corrupt: sha256 checksum mismatch`);
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(body).toString('utf8'));
  } catch (err) {
    throw new ArchiveFormatError(`${name} is corrupt: ${(err as Error).message}`);
  }
  const r = PayloadSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ArchiveFormatError(`${name} has an invalid run record at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  if (r.data.version !== version) {
    throw new ArchiveFormatError(`${name} is inconsistent: the header says format ${version}, the payload ${r.data.version}`);
  }
  return r.data;
}

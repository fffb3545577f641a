/* A contiguous request record with neutral defaults, for tests that only care about a few fields. */
import type { RequestRecord } from '../../src/shared/types.ts';

export function requestRecord(over: Partial<RequestRecord> & Pick<RequestRecord, 'id'>): RequestRecord {
  return {
    client: 'camera',
    pages: 256,
    startNs: 0,
    endNs: 0,
    latencyNs: 0,
    ok: true,
    reason: null,
    startPfn: 0,
    migrated: 0,
    dropped: 0,
    written: 0,
    retries: 0,
    candidates: 1,
    boundNs: null,
    deadlineMissed: false,
    blocking: [],
    ...over,
  };
}

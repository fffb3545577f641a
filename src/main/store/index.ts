/* The run archive: open it, read and write runs, export and import them. */
export { openDatabase, ArchiveOpenError, type OpenOptions } from './db.ts';
export { MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError, migrate, schemaVersion } from './migrations.ts';
export { openStore, WorkbenchStore, type OpenStoreOptions } from './workbench-store.ts';
export {
  RunStore,
  RunNotFoundError,
  RunStateError,
  OWNER,
  type NewRun,
  type FinalState,
  type RecoverOptions,
  type EncodedDetailResult,
} from './run-store.ts';
export { RunDetailStore, encodeDetail, type EncodedDetail, type EncodedColumn } from './run-detail.ts';
export { RunArchive, type ImportReport } from './archive.ts';
export { ArchiveFormatError, ARCHIVE_FORMAT_VERSION, ARCHIVE_EXTENSION, decodeArchive, encodeArchive } from './archive-format.ts';
export { exportRunCsv } from './csv.ts';
export { policyRef, stableJson } from './policy-ref.ts';
export { saveCompletedRun, type SaveOptions } from './save.ts';
export { defaultRunName, runName, scenarioChanges } from './run-name.ts';
export * from './types.ts';

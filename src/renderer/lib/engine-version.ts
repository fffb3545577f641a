/*
 * Engine versions in the history and the comparison. Results of different
 * engine versions may differ for reasons no policy caused, so where runs of
 * more than one version are listed together, the version is shown; where all
 * ran on the app's engine, it is left out to keep the table narrow.
 */
import type { RunInfo } from '../../shared/types.ts';

/** A run's engine version as shown ("?" for runs stored before it was recorded). */
export function engineText(v: string | null): string {
  return v ?? '?';
}

/**
 * Whether the history needs an Engine column: the listed runs ran on more than one
 * engine version, or on another than this app's (`current`; unknown while the app
 * info loads, then only a mix counts).
 */
export function showEngineColumn(runs: readonly Pick<RunInfo, 'engineVersion'>[], current: string | null | undefined): boolean {
  const versions = new Set(runs.map((r) => r.engineVersion));
  if (versions.size > 1) return true;
  if (versions.size === 0 || !current) return false;
  return !versions.has(current);
}

/*
 * A scenario field's unit is in its name (memMiB, intervalMs, pagesPerS,
 * durationS): the New experiment form labels its inputs with it and the run
 * config's checks put it after a limit ("must be at most 65536 MiB").
 */
export const FIELD_UNITS: readonly (readonly [RegExp, string])[] = [
  [/MiB$/, 'MiB'],
  [/KiB$/, 'KiB'],
  [/Ms$/, 'ms'],
  [/PerS$/, '/s'],
  [/S$/, 's'],
  [/Pages$/, 'pages'],
];

/** The unit a field's name ends with, or undefined. */
export function fieldUnit(key: string): string | undefined {
  return FIELD_UNITS.find(([re]) => re.test(key))?.[1];
}

/*
 * The lines of the free-memory and region-contents charts, the same in the
 * run detail and on the live page: labels, colours and which series column
 * each line draws. Values come from the caller (stored series or the live buffer).
 */
import type { SeriesLine } from '../components/charts/SeriesChart.tsx';
import { kindColour } from './kinds.ts';

export const MEMORY_COLUMNS = ['free_pages', 'free_cma_pages', 'region_device', 'region_anon', 'region_file', 'region_cleancache', 'region_frontswap', 'region_free'] as const;
export type MemoryColumn = (typeof MEMORY_COLUMNS)[number];

/** The region chart's unused pages: free on the buddy lists or the free pages of a reserved region, which the map shows apart. */
export const REGION_FREE_LABEL = 'free (buddy or reserved)';

export function memoryLines(valuesMiB: (col: MemoryColumn) => number[], dark: boolean): { free: SeriesLine[]; region: SeriesLine[] } {
  const line = (label: string, col: MemoryColumn, colour: string, extra: Partial<SeriesLine> = {}): SeriesLine => ({ label, values: valuesMiB(col), colour, ...extra });
  return {
    free: [line('free', 'free_pages', dark ? '#7fb0fb' : '#2563d9', { fill: true }), line('free CMA', 'free_cma_pages', '#ee3377')],
    region: [
      line('device', 'region_device', kindColour('device', dark)),
      line('anon', 'region_anon', kindColour('anon', dark)),
      line('file', 'region_file', kindColour('file-clean', dark)),
      line('cleancache', 'region_cleancache', kindColour('cleancache', dark)),
      line('frontswap', 'region_frontswap', kindColour('frontswap', dark)),
      // Unused region pages, on the buddy lists (CMA) or outside them (carve-out, GCMA: the map's "reserved (free)").
      line(REGION_FREE_LABEL, 'region_free', dark ? '#3a424e' : '#d5dae0'),
    ],
  };
}

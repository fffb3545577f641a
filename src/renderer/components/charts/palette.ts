/*
 * Colours for runs in overlaid charts: Paul Tol's "bright" then "muted"
 * qualitative schemes (colour-blind safe within each), then the same hues
 * dashed, so 20 compared runs stay distinguishable.
 */
const HUES = [
  '#4477aa',
  '#ee6677',
  '#228833',
  '#ccbb44',
  '#66ccee',
  '#aa3377',
  '#332288',
  '#44aa99',
  '#999933',
  '#cc6677',
  '#882255',
  '#117733',
  '#88ccee',
  '#ddcc77',
  '#aa4499',
  '#bbbbbb',
];

export interface RunStyle {
  colour: string;
  dash: number[] | undefined;
}

export function runStyle(i: number): RunStyle {
  return { colour: HUES[i % HUES.length]!, dash: i >= HUES.length ? [6, 3] : undefined };
}

/** A traced device's own line (a replayed CMA trace): grey, dashed, apart from every run's hue. */
export function tracedStyle(dark: boolean): RunStyle {
  return { colour: tracedGrey(dark), dash: [6, 4] };
}

/** The grey of the device's line, also for the simulated line drawn against it. */
export function tracedGrey(dark: boolean): string {
  return dark ? '#c8ced6' : '#3d4450';
}

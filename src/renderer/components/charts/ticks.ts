/*
 * y-axis ticks for charts in MiB. uPlot's default splits are decimal
 * (0, 2000, 4000 MiB) and on a short chart it keeps only two of them, which
 * read "0 B" and "4.88 GiB". Memory is counted in binary units, so ticks are
 * power-of-two steps of MiB or GiB: 0, 64, 128, 192 MiB or 0, 1, 2, 3, 4 GiB.
 */

/** Steps in units (MiB below 1 GiB, GiB above), as many as `target` allows. */
const STEPS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

/** Minimum pixels between two labelled ticks (11 px labels). */
export const TICK_SPACE_PX = 24;

/** Tick values (in MiB) covering [min, max] with at most `target` + 1 ticks. */
export function mibTicks(min: number, max: number, target: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return [min];
  const unit = Math.max(Math.abs(min), Math.abs(max)) >= 1024 ? 1024 : 1;
  const span = (max - min) / unit;
  const n = Math.max(1, Math.floor(target));
  const step = (STEPS.find((s) => Math.floor(span / s) <= n) ?? Math.ceil(span / n)) * unit;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(v === 0 ? 0 : v);
  return out;
}

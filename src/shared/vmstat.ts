/*
 * Where each counter of a run's vmstat comes from (/proc/vmstat, the CMA
 * area's sysfs, debugfs, or the workbench itself) and what it counts, for the
 * renderer, which may not import the engine directly.
 */
export { counterOrigin, counterText, type CounterOrigin } from '../engine/metrics/vmstat.ts';

/*
 * The run summary's latency statistics for the renderer, which may not import
 * the engine directly: rows it builds itself match the engine's to the digit.
 */
export { latencyStatsUs, percentile } from '../engine/metrics/latency-stats.ts';

/*
 * The renderer's way to the trace reader's byte decoding (UTF-8/UTF-16, binary
 * files refused), so a file picked in the browser reads as the CLI reads it.
 */
export { decodeTrace, TraceError } from '../engine/scenario/cma-ftrace.ts';

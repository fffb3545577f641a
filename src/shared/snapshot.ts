/*
 * Memory-map snapshots travel as base64 of the Uint16Array's little-endian
 * bytes: a 4 M-page machine has 8,192 pageblocks × ~9 kinds, ~150 KB of
 * base64 instead of ~400 KB of a JSON number array. atob/btoa exist in
 * browsers and in Node >= 16, so this file needs neither Buffer nor Node.
 */

/** The snapshot's kind columns, in order (the engine's list, not a copy). */
export { MAP_KINDS, type MapKind } from '../engine/metrics/map-kinds.ts';

export function encodeSnapshotData(data: Uint16Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let bin = '';
  // Chunked: String.fromCharCode(...bytes) overflows the stack for big maps.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function decodeSnapshotData(base64: string): Uint16Array {
  const bin = atob(base64);
  const out = new Uint16Array(bin.length >> 1);
  for (let i = 0, j = 0; i < out.length; i++, j += 2) out[i] = bin.charCodeAt(j) | (bin.charCodeAt(j + 1) << 8);
  return out;
}

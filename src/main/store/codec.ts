/*
 * Compact, exact encodings for the sampled series (one blob per column).
 * Results are compared bit for bit, so every encoding is lossless; the
 * encoder picks the smallest that reproduces the column exactly:
 *   i32  - every value an integer in int32 range (gauges in pages, counts)
 *   di32 - safe integers whose successive differences fit int32 (the t column
 *          in ns, monotonic vmstat counters): the first value as a float64,
 *          then int32 deltas; decoded by a float64 running sum, exact because
 *          every partial sum is a safe integer
 *   f64  - anything else (fractions, NaN), raw IEEE-754 doubles
 * Float32 was rejected: it is not exact for ns times or large counters.
 * Blobs are little-endian typed-array bytes.
 */
import { endianness } from 'node:os';

export type SeriesEncoding = 'i32' | 'di32' | 'f64';
export const SERIES_ENCODINGS: readonly SeriesEncoding[] = ['i32', 'di32', 'f64'];

if (endianness() !== 'LE') {
  // The blobs are typed-array bytes; a big-endian host would need byte swapping we have never needed.
  throw new Error('the CMA Workbench archive needs a little-endian host');
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

export function chooseEncoding(values: ArrayLike<number>): SeriesEncoding {
  let fitsI32 = true;
  let fitsDelta = true;
  const n = values.length;
  let prev = n ? values[0]! : 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) return 'f64';
    if (v < I32_MIN || v > I32_MAX) fitsI32 = false;
    const d = v - prev;
    if (d < I32_MIN || d > I32_MAX) fitsDelta = false;
    prev = v;
  }
  if (fitsI32) return 'i32';
  return fitsDelta ? 'di32' : 'f64';
}

export function encodeColumn(values: ArrayLike<number>, encoding: SeriesEncoding = chooseEncoding(values)): { encoding: SeriesEncoding; data: Buffer } {
  const n = values.length;
  if (encoding === 'f64') {
    const a = Float64Array.from(values);
    return { encoding, data: Buffer.from(a.buffer, a.byteOffset, a.byteLength) };
  }
  if (encoding === 'i32') {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = values[i]!;
    return { encoding, data: Buffer.from(a.buffer, a.byteOffset, a.byteLength) };
  }
  const bytes = new ArrayBuffer(columnBytes('di32', n));
  if (n > 0) {
    new Float64Array(bytes, 0, 1)[0] = values[0]!;
    const d = new Int32Array(bytes, 8, n - 1);
    for (let i = 1; i < n; i++) d[i - 1] = values[i]! - values[i - 1]!;
  }
  return { encoding, data: Buffer.from(bytes) };
}

export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

/** Blob size of `length` values, for validating blobs. */
export function columnBytes(encoding: SeriesEncoding, length: number): number {
  if (encoding === 'f64') return 8 * length;
  if (encoding === 'i32') return 4 * length;
  return length === 0 ? 0 : 8 + 4 * (length - 1);
}

export function decodeColumn(encoding: string, length: number, data: Uint8Array): number[] {
  if (!(SERIES_ENCODINGS as readonly string[]).includes(encoding)) throw new CodecError(`unknown series encoding "${encoding}"`);
  const want = columnBytes(encoding as SeriesEncoding, length);
  if (data.byteLength !== want) {
    throw new CodecError(`series blob has ${data.byteLength} bytes, expected ${want} for ${length} ${encoding} values`);
  }
  // Copy into an aligned buffer: SQLite and base64 hand out Buffers at arbitrary offsets.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  const out = new Array<number>(length);
  if (encoding === 'f64') {
    const a = new Float64Array(bytes.buffer);
    for (let i = 0; i < length; i++) out[i] = a[i]!;
  } else if (encoding === 'i32') {
    const a = new Int32Array(bytes.buffer);
    for (let i = 0; i < length; i++) out[i] = a[i]!;
  } else if (length > 0) {
    let acc = new Float64Array(bytes.buffer, 0, 1)[0]!;
    out[0] = acc;
    const d = new Int32Array(bytes.buffer, 8, length - 1);
    for (let i = 1; i < length; i++) {
      acc += d[i - 1]!;
      out[i] = acc;
    }
  }
  return out;
}

export function encodeSnapshot(data: Uint16Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export function decodeSnapshot(data: Uint8Array): Uint16Array {
  if (data.byteLength % 2 !== 0) throw new CodecError(`snapshot blob has an odd length (${data.byteLength} bytes)`);
  const out = new Uint16Array(data.byteLength / 2);
  new Uint8Array(out.buffer).set(data);
  return out;
}

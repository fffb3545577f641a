import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, decodeColumn, decodeSnapshot, encodeColumn, encodeSnapshot } from '../../src/main/store/codec.ts';

function roundTrip(values: number[]): number[] {
  const { encoding, data } = encodeColumn(values);
  return decodeColumn(encoding, values.length, data);
}

describe('series codec', () => {
  it('picks the smallest exact encoding', () => {
    expect(chooseEncoding([1, 2, -3])).toBe('i32');
    // ns times beyond int32 with small steps: delta.
    expect(chooseEncoding([5e9, 6e9, 7e9, 2 ** 52])).toBe('f64');
    expect(chooseEncoding([5e9, 6e9, 7e9])).toBe('di32');
    expect(chooseEncoding([0.5])).toBe('f64');
    expect(chooseEncoding([-0])).toBe('f64');
    expect(chooseEncoding([NaN])).toBe('f64');
    expect(chooseEncoding([])).toBe('i32');
  });

  it('round-trips every double bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger(), fc.constant(-0))), (values) => {
        const back = roundTrip(values);
        expect(back.length).toBe(values.length);
        for (let i = 0; i < values.length; i++) expect(Object.is(back[i], values[i])).toBe(true);
      }),
    );
  });

  it('round-trips monotonic ns times through delta encoding', () => {
    const t = Array.from({ length: 1000 }, (_, i) => 1e12 + i * 1e9);
    expect(encodeColumn(t).encoding).toBe('di32');
    expect(roundTrip(t)).toEqual(t);
  });

  it('rejects blobs of the wrong size and unknown encodings', () => {
    expect(() => decodeColumn('f64', 3, new Uint8Array(16))).toThrow(/expected 24/);
    expect(() => decodeColumn('f16', 1, new Uint8Array(2))).toThrow(/unknown series encoding/);
  });

  it('snapshots survive unaligned buffers', () => {
    const data = Uint16Array.from([1, 2, 65535]);
    const blob = Buffer.concat([Buffer.from([9]), encodeSnapshot(data)]).subarray(1);
    expect(decodeSnapshot(blob)).toEqual(data);
    expect(() => decodeSnapshot(new Uint8Array(3))).toThrow(/odd/);
  });
});

// The IDX reader on files built byte by byte from the format's description: every type code,
// any rank, gzipped or not, and every way the bytes can be wrong.

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readIdx } from '../../../src/runtime/data/idx.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { rnncError, values } from './helpers.ts';

type Put = (view: DataView, at: number, v: number) => void;
const TYPES: Record<string, { code: number; size: number; put: Put }> = {
  ubyte: { code: 0x08, size: 1, put: (d, at, v) => d.setUint8(at, v) },
  byte: { code: 0x09, size: 1, put: (d, at, v) => d.setInt8(at, v) },
  short: { code: 0x0b, size: 2, put: (d, at, v) => d.setInt16(at, v) },
  int: { code: 0x0c, size: 4, put: (d, at, v) => d.setInt32(at, v) },
  float: { code: 0x0d, size: 4, put: (d, at, v) => d.setFloat32(at, v) },
  double: { code: 0x0e, size: 8, put: (d, at, v) => d.setFloat64(at, v) },
};

/** An IDX file as the format describes it: everything big-endian (DataView's default). */
function idx(type: keyof typeof TYPES, shape: number[], data: number[]): Uint8Array {
  const { code, size, put } = TYPES[type]!;
  const start = 4 + 4 * shape.length;
  const out = new Uint8Array(start + data.length * size);
  const view = new DataView(out.buffer);
  out.set([0, 0, code, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  data.forEach((v, i) => put(view, start + i * size, v));
  return out;
}

describe('readIdx', () => {
  it.each([
    ['ubyte', [0, 7, 128, 255], 'int32', 'uint8'],
    ['byte', [-128, -1, 0, 127], 'int32', 'int8'],
    ['short', [-32768, -2, 300, 32767], 'int32', 'int16'],
    ['int', [-2147483648, -5, 70000, 2147483647], 'int32', undefined],
    ['float', [0.5, -1.25, 3e10, -0], 'float32', undefined],
    ['double', [0.5, -1.25, 1e-3, 2], 'float32', 'float64'],
  ] as const)('reads %s values', (type, data, dtype, fileDtype) => {
    const a = readIdx(idx(type, [2, 2], [...data]), 'f.idx');
    expect(a.dtype).toBe(dtype);
    expect(a.fileDtype).toBe(fileDtype);
    expect(a.shape).toEqual([2, 2]);
    expect(values(a.data)).toEqual(dtype === 'float32' ? Array.from(Float32Array.from(data)) : data);
  });

  it('reads MNIST-shaped images and labels: rank 3 and rank 1', () => {
    const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
    const images = readIdx(idx('ubyte', [2, 3, 4], pixels), 'train-images-idx3-ubyte');
    expect(images.shape).toEqual([2, 3, 4]);
    expect(values(images.data)).toEqual(pixels);
    const labels = readIdx(idx('ubyte', [2], [9, 0]), 'train-labels-idx1-ubyte');
    expect(labels.shape).toEqual([2]);
    expect(values(labels.data)).toEqual([9, 0]);
  });

  it('reads a gzipped file as its plain twin, by the gzip magic and not the name', () => {
    const plain = idx('short', [3, 1], [1, -2, 3]);
    expect(readIdx(gzipSync(plain), 'labels.idx')).toEqual(readIdx(plain, 'labels.idx'));
  });

  it('refuses a file that does not start with two zero bytes', () => {
    const bytes = idx('ubyte', [1], [1]);
    bytes[1] = 8;
    rnncError(() => readIdx(bytes, 'x.idx'), 'E0612', 'x.idx at byte 0');
  });

  it('refuses an unknown type byte, naming it', () => {
    const bytes = idx('ubyte', [1], [1]);
    bytes[2] = 0x0a;
    expect(rnncError(() => readIdx(bytes, 'x.idx'), 'E0603', 'x.idx at byte 2').message).toContain('0x0a');
  });

  it('refuses a damaged gzip file', () => {
    const zipped = gzipSync(idx('ubyte', [4], [1, 2, 3, 4]));
    rnncError(() => readIdx(zipped.subarray(0, zipped.length - 6), 'x.idx.gz'), 'E0612', 'x.idx.gz');
  });

  it('names only the file, not a byte, when a gzipped file’s contents are wrong', () => {
    const bytes = idx('int', [2, 2], [1, 2, 3, 4]);
    const e = rnncError(() => readIdx(gzipSync(bytes.subarray(0, bytes.length - 3)), 'x.idx.gz'), 'E0612');
    expect(e.location).toEqual({ file: 'x.idx.gz' });
  });

  it('says how many bytes a cut file lacks', () => {
    const bytes = idx('int', [2, 2], [1, 2, 3, 4]);
    const e = rnncError(() => readIdx(bytes.subarray(0, bytes.length - 3), 'x.idx'), 'E0612');
    expect(e.location, 'where the file ends').toEqual({ file: 'x.idx', offset: bytes.length - 3 });
    expect(e.message).toContain('(2, 2) int32 values (16 bytes)');
    expect(e.message).toContain('only 13 bytes');
  });

  it('throws an RnncError and nothing else for every truncation', () => {
    for (const type of Object.keys(TYPES)) {
      const bytes = idx(type, [2, 1, 2], [1, 2, 3, 4]);
      for (let cut = 0; cut < bytes.length; cut++) {
        expect(() => readIdx(bytes.subarray(0, cut), 'x.idx'), `${type} cut at ${cut}`).toThrow(RnncError);
      }
    }
  });
});

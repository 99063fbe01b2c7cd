// The .npy reader against files NumPy 2.4.6 wrote (fixtures/npy/make.py), and the writer against
// NumPy's own bytes.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../../../src/runtime/data/npy-read.ts';
import { writeNpy } from '../../../src/runtime/data/npy-write.ts';
import { float32, int32 } from '../../../src/runtime/data/nd-array.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { fixture, rnncError, values } from './helpers.ts';

const read = (name: string) => readNpy(fixture('npy', name), name);
const M = [1.5, -2.0, 3.25, 0.0, 1e-3, -7.5];
const INTS = [1, -2, 3, 2147483647, -2147483648, 0];

describe('readNpy: element types', () => {
  it.each([
    ['f4.npy', 'float32', undefined, Array.from(Float32Array.from(M))],
    ['f8.npy', 'float32', 'float64', Array.from(Float32Array.from(M))],
    ['i4.npy', 'int32', undefined, INTS],
    ['i8.npy', 'int32', 'int64', INTS],
    ['u1.npy', 'int32', 'uint8', [0, 1, 255, 7, 128, 9]],
    ['b1.npy', 'int32', 'bool', [1, 0, 1, 0, 0, 1]],
  ])('%s → %s', (name, dtype, fileDtype, expected) => {
    const a = read(name);
    expect(a.dtype).toBe(dtype);
    expect(a.fileDtype).toBe(fileDtype);
    expect(a.shape).toEqual([2, 3]);
    expect(values(a.data)).toEqual(expected);
  });

  it.each(['f4', 'f8', 'i4', 'i8'])('reads big-endian %s as its little-endian twin', (t) => {
    expect(read(`${t}-big.npy`)).toEqual(read(`${t}.npy`));
  });

  it.each(['f4', 'i4'])('returns a %s array that owns aligned memory', (t) => {
    const a = read(`${t}.npy`);
    expect(a.data.byteOffset).toBe(0);
    expect(a.data.buffer.byteLength).toBe(24);
  });
});

describe('readNpy: header versions and shapes', () => {
  it.each(['f4-v2.npy', 'f4-v3.npy'])('reads %s like version 1.0', (name) => {
    expect(read(name)).toEqual(read('f4.npy'));
  });

  it('reads a scalar as shape ()', () => {
    const a = read('scalar.npy');
    expect(a.shape).toEqual([]);
    expect(values(a.data)).toEqual([4.5]);
  });

  it('reads an empty array', () => {
    const a = read('empty.npy');
    expect(a.shape).toEqual([0, 3]);
    expect(a.data.length).toBe(0);
  });

  it('reads rank 3 in C order', () => {
    const a = read('rank3.npy');
    expect(a.shape).toEqual([2, 3, 4]);
    expect(values(a.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it("accepts Python 2's long integers in the shape, as NumPy does", () => {
    const a = readNpy(handMade("{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 1L), }", [7, 8]), 'old.npy');
    expect(a.shape).toEqual([2, 1]);
    expect(values(a.data)).toEqual([7, 8]);
  });

  it('accepts fortran_order for an array whose order cannot matter', () => {
    const a = readNpy(handMade("{'descr': '<i4', 'fortran_order': True, 'shape': (1, 2), }", [7, 8]), 'row.npy');
    expect(values(a.data)).toEqual([7, 8]);
  });
});

describe('readNpy: what it refuses', () => {
  it('refuses a Fortran-order matrix', () => {
    const e = rnncError(() => read('fortran.npy'), 'E0604', 'fortran.npy at byte 10'); // the header, after magic, version and length
    expect(e.message).toContain('(2, 3)');
    expect(e.hint).toContain('ascontiguousarray');
  });

  it('refuses an int64 that does not fit int32, naming the value and where it is', () => {
    const e = rnncError(() => read('i8-overflow.npy'), 'E0605', 'i8-overflow.npy at byte 144'); // 128 header bytes, then [2] of 8 bytes each
    expect(e.message).toContain('1099511627776');
    expect(e.message).toContain('[2]');
  });

  it.each([
    ['unicode.npy', '<U2'],
    ['complex.npy', '<c8'],
    ['f2.npy', '<f2'],
  ])('refuses %s (%s)', (name, descr) => {
    expect(rnncError(() => read(name), 'E0603', `${name} at byte 10`).message).toContain(descr);
  });

  it('refuses a structured array', () => {
    rnncError(() => readNpy(handMade("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", [0]), 's.npy'), 'E0603', 's.npy at byte 10');
  });

  it('refuses another format with a .npy name', () => {
    rnncError(() => readNpy(new TextEncoder().encode('x,y\n1,2\n'), 'x.npy'), 'E0602', 'x.npy at byte 0');
  });

  it('refuses an unknown format version', () => {
    const bytes = fixture('npy', 'f4.npy');
    bytes[6] = 4;
    expect(rnncError(() => readNpy(bytes, 'f.npy'), 'E0602').message).toContain('4.0');
  });

  it.each([
    ["{'descr': '<f4', 'shape': (1,), }", 'lacks'],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 'shape'],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': [1], }", 'shape'],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", 'cannot be read'],
    ["[1, 2]", 'not a dictionary'],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } + 1", 'cannot be read'],
    // Issue 19: a damaged header nesting deeper than the call stack goes.
    [`{'descr': ${'['.repeat(30_000)}`, 'nested more than 64 deep'],
  ])('refuses the header %s', (header, words) => {
    expect(rnncError(() => readNpy(handMade(header, [0]), 'h.npy'), 'E0602').message).toContain(words);
  });

  it('refuses a file cut short, saying how many bytes are missing', () => {
    const bytes = fixture('npy', 'f8.npy');
    const e = rnncError(() => readNpy(bytes.subarray(0, bytes.length - 1), 'f8.npy'), 'E0602');
    expect(e.message).toContain('48 bytes');
    expect(e.message).toContain('47 bytes');
    expect(e.location, 'the byte where the file ends').toEqual({ file: 'f8.npy', offset: bytes.length - 1 });
    expect(e.where).toBe(`f8.npy at byte ${bytes.length - 1}`);
  });

  it('locates every truncation at a byte inside the file', () => {
    const bytes = fixture('npy', 'f4.npy');
    for (let cut = 0; cut < bytes.length; cut++) {
      const e = rnncError(() => readNpy(bytes.subarray(0, cut), 'f4.npy'), 'E0602');
      expect(e.location, `cut at ${cut}`).toHaveProperty('offset');
      expect((e.location as { offset: number }).offset, `cut at ${cut}`).toBeLessThanOrEqual(cut);
    }
  });

  it('throws an RnncError and nothing else for every truncation of every fixture', () => {
    for (const name of ['f4.npy', 'f4-v2.npy', 'f4-v3.npy', 'i8.npy', 'b1.npy', 'scalar.npy']) {
      const bytes = fixture('npy', name);
      for (let cut = 0; cut < bytes.length; cut++) {
        expect(() => readNpy(bytes.subarray(0, cut), name), `${name} cut at ${cut}`).toThrow(RnncError);
      }
    }
  });
});

describe('writeNpy', () => {
  it.each([
    ['write-f4.npy', float32([2, 3], Float32Array.from(M))],
    ['write-i4.npy', int32([2, 3, 4], Int32Array.from({ length: 24 }, (_, i) => i))],
    ['write-scalar.npy', float32([], Float32Array.of(4.5))],
    ['write-long.npy', float32([0, ...Array<number>(20).fill(1)], new Float32Array(0))],
  ])('writes the bytes numpy.save writes: %s', (name, array) => {
    expect(Buffer.from(writeNpy(array)).equals(Buffer.from(fixture('npy', name)))).toBe(true);
  });

  it('round-trips through the reader', () => {
    const a = float32([3, 1, 2], Float32Array.of(0.1, -1e30, 3.5, Infinity, -0, 7));
    expect(readNpy(writeNpy(a), 'a.npy')).toEqual(a);
    const b = int32([4], Int32Array.of(-2147483648, 0, 1, 2147483647));
    expect(readNpy(writeNpy(b), 'b.npy')).toEqual(b);
  });

  it('pads every header to a multiple of 64 bytes, ending in a newline', () => {
    for (let rank = 0; rank < 30; rank++) {
      const bytes = writeNpy(float32(Array<number>(rank).fill(1), new Float32Array(1)));
      const dataStart = bytes.length - 4;
      expect(dataStart % 64, `rank ${rank}`).toBe(0);
      expect(bytes[dataStart - 1]).toBe(0x0a);
    }
  });
});

/** A version 1.0 file around a header of our own and int32/float32 little-endian values. */
function handMade(header: string, data: number[]): Uint8Array {
  const text = header + '\n';
  const out = new Uint8Array(10 + text.length + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  data.forEach((v, i) => view.setInt32(10 + text.length + i * 4, v, true));
  return out;
}

describe('readNpy: a Node Buffer straight from readFileSync', () => {
  it('reads the file’s values only, not the rest of the Buffer pool it lives in', () => {
    // A small file read with readFileSync shares Node's 8 KB pool: a Buffer's slice() is a view
    // of the pool, so a reader that "copies" with slice() sees every float of the pool.
    const path = join(mkdtempSync(join(tmpdir(), 'rnnc-npy-')), 'small.npy');
    writeFileSync(path, writeNpy(float32([2, 3], Float32Array.from(M))));
    const buffer = readFileSync(path);
    const a = readNpy(buffer, 'small.npy');
    expect(a.data.length).toBe(6);
    expect(Array.from(a.data)).toEqual(Array.from(Float32Array.from(M)));
  });
});

// Writes float32 and int32 arrays as NumPy's np.save does, byte for byte: format version 1.0,
// the header dict with sorted keys, room for the first axis to grow to 21 digits (NumPy keeps it
// so appending rows can rewrite the header in place), then spaces and a newline up to a multiple
// of 64 bytes so the values start aligned. `rnnc predict -o out.npy` writes with it.

import type { NdArray } from './nd-array.ts';
import { NPY_MAGIC } from './npy-read.ts';

const ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;
const PREFIX_BYTES = 10; // magic (6), version (2), header length (2)

export function writeNpy(array: NdArray): Uint8Array {
  const header = npyHeader(array);
  const out = new Uint8Array(header.length + array.data.length * 4);
  out.set(header, 0);
  const view = new DataView(out.buffer, header.length);
  const float = array.dtype === 'float32';
  for (let i = 0; i < array.data.length; i++) {
    if (float) view.setFloat32(i * 4, array.data[i]!, true);
    else view.setInt32(i * 4, array.data[i]!, true);
  }
  return out;
}

function npyHeader(array: NdArray): Uint8Array {
  const { shape } = array;
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${array.dtype === 'float32' ? '<f4' : '<i4'}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  if (shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const withNewline = dict.length + 1;
  const pad = ALIGN - ((PREFIX_BYTES + withNewline) % ALIGN);
  const text = dict + ' '.repeat(pad) + '\n';
  const bytes = new Uint8Array(PREFIX_BYTES + text.length);
  bytes.set([...NPY_MAGIC, 1, 0], 0);
  new DataView(bytes.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) bytes[PREFIX_BYTES + i] = text.charCodeAt(i);
  return bytes;
}

// Binary element types shared by the .npy and IDX readers, and their conversion to the two types
// rnnc computes with: every float becomes float32, every integer and boolean int32. A 64-bit or
// unsigned 32-bit integer that does not fit int32 is an error rather than a silent wrap-around.

import type { Location } from '../../diagnostics/diagnostic.ts';
import { RnncError } from '../errors.ts';
import { float32, indexOf, int32, sizeOf, type NdArray } from './nd-array.ts';

export interface ElementType {
  /** NumPy's name: float32, float64, int8 … uint64, bool. */
  readonly name: string;
  readonly kind: 'f' | 'i' | 'u' | 'b';
  /** Bytes per value. */
  readonly size: number;
  readonly bigEndian: boolean;
}

const SIZES: Record<string, readonly number[]> = { f: [4, 8], i: [1, 2, 4, 8], u: [1, 2, 4, 8], b: [1] };
const PREFIX: Record<string, string> = { f: 'float', i: 'int', u: 'uint' };

/** NumPy's kind character and size (`f`, 4), or undefined for a type rnnc does not read. */
export function elementType(kind: string, size: number, bigEndian: boolean): ElementType | undefined {
  if (!SIZES[kind]?.includes(size)) return undefined;
  const name = kind === 'b' ? 'bool' : `${PREFIX[kind]}${size * 8}`;
  // One byte has no order; reporting it as little-endian keeps the fast paths simple.
  return { name, kind: kind as ElementType['kind'], size, bigEndian: bigEndian && size > 1 };
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Where byte `offset` of a file is, for an error: the byte itself, or only the file when its
 *  bytes are not the ones read (a gzipped IDX file). */
export type ByteLocator = (offset: number) => Location;

/** The array of `shape` stored as `element` values from byte `offset`. Assumes the bytes are there. */
export function decodeArray(bytes: Uint8Array, offset: number, shape: readonly number[], element: ElementType, file: string, at: ByteLocator = (o) => ({ file, offset: o })): NdArray {
  const count = sizeOf(shape);
  const { kind, size, bigEndian } = element;
  if (size === 4 && kind !== 'u' && bigEndian !== HOST_LITTLE_ENDIAN) {
    // The file's bytes are already float32 or int32 in this machine's order: copy them into an
    // aligned buffer of their own (a Node Buffer's offset need not be a multiple of 4, and its
    // slice() shares the pool's memory rather than copying) and view them.
    const copy = new Uint8Array(count * 4);
    copy.set(bytes.subarray(offset, offset + count * 4));
    return kind === 'f' ? float32(shape, new Float32Array(copy.buffer)) : int32(shape, new Int32Array(copy.buffer));
  }
  if (size === 1 && kind !== 'b') {
    // Bytes (MNIST's pixels): the typed-array constructor converts them natively, 10× the loop.
    const raw = kind === 'u' ? bytes.subarray(offset, offset + count) : new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    return int32(shape, new Int32Array(raw), element.name);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  const little = !bigEndian;
  const out = kind === 'f' ? new Float32Array(count) : new Int32Array(count);
  const read = reader(view, element, little);
  for (let i = 0; i < count; i++) {
    const v = read(i * size);
    if (v === undefined) throw tooLarge(view, i, element, little, file, shape, at(offset + i * size));
    out[i] = v;
  }
  // Messages name what the file holds (`float64`), not what rnnc made of it.
  const fileDtype = element.name === 'float32' || element.name === 'int32' ? undefined : element.name;
  return out instanceof Float32Array ? float32(shape, out, fileDtype) : int32(shape, out, fileDtype);
}

/** A function from a byte offset to the value there, or undefined when it does not fit int32. */
function reader(view: DataView, element: ElementType, little: boolean): (at: number) => number | undefined {
  const { kind, size } = element;
  if (kind === 'f') return size === 4 ? (at) => view.getFloat32(at, little) : (at) => view.getFloat64(at, little);
  if (kind === 'b') return (at) => (view.getUint8(at) === 0 ? 0 : 1);
  if (size === 1) return kind === 'i' ? (at) => view.getInt8(at) : (at) => view.getUint8(at);
  if (size === 2) return kind === 'i' ? (at) => view.getInt16(at, little) : (at) => view.getUint16(at, little);
  if (size === 4) {
    if (kind === 'i') return (at) => view.getInt32(at, little);
    return (at) => {
      const v = view.getUint32(at, little);
      return v <= 0x7fffffff ? v : undefined;
    };
  }
  // 64 bits: the value fits int32 when the high word is the sign extension of the low word.
  return (at) => {
    const low = view.getInt32(little ? at : at + 4, little);
    const high = view.getInt32(little ? at + 4 : at, little);
    if (high === (low < 0 ? -1 : 0) && (kind === 'i' || low >= 0)) return low;
    return undefined;
  };
}

function tooLarge(view: DataView, i: number, element: ElementType, little: boolean, file: string, shape: readonly number[], where: Location): RnncError {
  const at = i * element.size;
  const value = element.size === 4 ? BigInt(view.getUint32(at, little)) : element.kind === 'i' ? view.getBigInt64(at, little) : view.getBigUint64(at, little);
  return new RnncError(
    'E0605',
    `${file} holds the ${element.name} value ${value} at ${indexOf(i, shape)}, which does not fit the 32-bit integers rnnc computes with`,
    where,
    'ids and labels are never that large; if these are measurements, save them as floats: x.astype("float32")',
  );
}

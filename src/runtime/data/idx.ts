// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): two zero bytes,
// a type byte, the number of axes, each axis length as a big-endian uint32, then the values,
// big-endian. The files usually come gzipped; the gzip magic (1f 8b) decides, not the name.

import { gunzipSync } from 'node:zlib';
import type { Location } from '../../diagnostics/diagnostic.ts';
import { RnncError } from '../errors.ts';
import { decodeArray, elementType, type ElementType } from './element-type.ts';
import { formatDims, sizeOf, type NdArray } from './nd-array.ts';

const TYPES: Record<number, ElementType | undefined> = {
  0x08: elementType('u', 1, true),
  0x09: elementType('i', 1, true),
  0x0b: elementType('i', 2, true),
  0x0c: elementType('i', 4, true),
  0x0d: elementType('f', 4, true),
  0x0e: elementType('f', 8, true),
};

export function readIdx(raw: Uint8Array, file: string): NdArray {
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  const bytes = gzipped ? gunzip(raw, file) : raw;
  // A byte of a gzipped file's contents is no byte of the file: its errors name the file only.
  const at = (offset: number): Location => (gzipped ? { file } : { file, offset });
  const notIdx = (why: string, offset: number) =>
    new RnncError('E0612', `${file} is not an IDX file: ${why}`, at(offset), 'download the file again; IDX files start with two zero bytes, a type byte and the number of axes');
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw notIdx('it does not start with two zero bytes', 0);
  const code = bytes[2]!;
  const element = TYPES[code];
  if (!element) {
    throw new RnncError(
      'E0603',
      `${file} has the IDX type byte 0x${code.toString(16).padStart(2, '0')}, and rnnc reads 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float and 0x0E double`,
      at(2),
      'check that the file is IDX and not damaged',
    );
  }
  const rank = bytes[3]!;
  const dataStart = 4 + 4 * rank;
  if (bytes.length < dataStart) throw notIdx(`it ends inside its list of ${rank} axis lengths`, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = sizeOf(shape);
  const needed = count * element.size;
  if (bytes.length - dataStart < needed) {
    throw notIdx(`its header promises ${formatDims(shape)} ${element.name} values (${needed} bytes), but only ${bytes.length - dataStart} bytes follow`, bytes.length);
  }
  return decodeArray(bytes, dataStart, shape, element, file, at);
}

function gunzip(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch {
    throw new RnncError('E0612', `${file} is a damaged gzip file`, file, 'download it again, or unpack it with gunzip to see what is wrong');
  }
}

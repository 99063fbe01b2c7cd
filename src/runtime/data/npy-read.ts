// NumPy's .npy format (numpy/lib/_format_impl.py, NEP 1): the magic `\x93NUMPY`, a major and a
// minor version byte, the header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0),
// the header — a Python dict literal with `descr`, `fortran_order` and `shape`, latin-1 in 1.0
// and 2.0, UTF-8 in 3.0 — and then the values. Floats come back as float32 and integers and
// booleans as int32, the two element types rnnc computes with.

import { RnncError } from '../errors.ts';
import { formatDims, sizeOf, type NdArray } from './nd-array.ts';
import { parsePythonLiteral, type PyValue } from './python-literal.ts';
import { decodeArray, elementType, type ElementType } from './element-type.ts';

/** `\x93NUMPY` */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const REWRITE = 'write it again with numpy.save("x.npy", x)';

interface Header {
  readonly element: ElementType;
  readonly shape: readonly number[];
  readonly dataStart: number;
}

export function readNpy(bytes: Uint8Array, file: string): NdArray {
  const { element, shape, dataStart } = readHeader(bytes, file);
  const count = sizeOf(shape);
  const needed = count * element.size;
  const available = bytes.length - dataStart;
  if (available < needed) {
    throw new RnncError(
      'E0602',
      `${file} is cut short: its header promises ${formatDims(shape)} ${element.name} values (${needed} bytes), but only ${available} bytes follow`,
      { file, offset: bytes.length },
      'the file was probably truncated while copying; copy or save it again',
    );
  }
  return decodeArray(bytes, dataStart, shape, element, file);
}

function readHeader(bytes: Uint8Array, file: string): Header {
  const notNpy = (why: string, offset: number, hint = REWRITE) => new RnncError('E0602', `${file} is not a NumPy .npy file: ${why}`, { file, offset }, hint);
  if (bytes.length < NPY_MAGIC.length || NPY_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw notNpy('it does not start with the bytes \\x93NUMPY', 0, 'check that the path names the .npy file and not another format; ' + REWRITE);
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (major === undefined || minor === undefined) throw notNpy('the file ends before its format version', bytes.length);
  if (![1, 2, 3].includes(major) || minor !== 0) {
    throw notNpy(`it uses format version ${major}.${minor}, and rnnc reads versions 1.0, 2.0 and 3.0`, 6, 'save it with numpy.lib.format.write_array(f, x, version=(1, 0))');
  }
  const lengthBytes = major === 1 ? 2 : 4;
  const headerStart = 8 + lengthBytes;
  if (bytes.length < headerStart) throw notNpy('the file ends inside its header', bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) throw notNpy(`the file ends inside its header (${headerLength} bytes announced, ${bytes.length - headerStart} present)`, bytes.length);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));

  const parsed = parsePythonLiteral(text);
  if (!parsed.ok) throw notNpy(`its header cannot be read (${parsed.reason})`, headerStart);
  const dict = parsed.value;
  if (typeof dict !== 'object' || dict === null || dict.kind !== 'dict') throw notNpy('its header is not a dictionary', headerStart);
  const descr = dict.entries.get('descr');
  const fortran = dict.entries.get('fortran_order');
  const shapeValue = dict.entries.get('shape');
  if (descr === undefined || typeof fortran !== 'boolean' || shapeValue === undefined) {
    throw notNpy('its header lacks one of descr, fortran_order and shape', headerStart);
  }
  const shape = readShape(shapeValue);
  if (!shape) throw notNpy(`its header's shape is not a tuple of lengths`, headerStart);
  const element = readDescr(descr, file, headerStart);
  // One axis reads the same in either order; NumPy itself never writes a 1-D array as Fortran.
  if (fortran && shape.filter((d) => d > 1).length > 1) {
    throw new RnncError(
      'E0604',
      `${file} stores its ${formatDims(shape)} array in Fortran (column-major) order, and rnnc reads arrays stored row by row`,
      { file, offset: headerStart },
      'save a row-major copy: numpy.save("x.npy", numpy.ascontiguousarray(x))',
    );
  }
  return { element, shape, dataStart };
}

function readShape(v: PyValue): number[] | undefined {
  if (typeof v !== 'object' || v === null || v.kind !== 'tuple') return undefined;
  const dims = v.items.filter((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
  return dims.length === v.items.length ? dims : undefined;
}

function readDescr(descr: PyValue, file: string, headerStart: number): ElementType {
  const unsupported = (what: string) =>
    new RnncError('E0603', `${file} holds ${what}, and rnnc reads float32, float64, int32, int64, uint8 and bool`, { file, offset: headerStart }, 'convert it first: numpy.save("x.npy", x.astype("float32"))');
  if (typeof descr !== 'string') throw unsupported('a structured array (named fields)');
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  const element = m ? elementType(m[2]!, Number(m[3]), m[1] === '>') : undefined;
  if (!element) throw unsupported(`values of type '${descr}' (${describeDescr(descr)})`);
  return element;
}

/** NumPy's type characters, for a message about a type rnnc refuses. */
function describeDescr(descr: string): string {
  const kind = descr.replace(/^[<>|=]/, '')[0];
  const names: Record<string, string> = { U: 'text', S: 'bytes', O: 'Python objects', c: 'complex numbers', f: 'floats of another width', M: 'dates', m: 'time spans', V: 'raw bytes' };
  return (kind && names[kind]) ?? 'an unknown kind';
}

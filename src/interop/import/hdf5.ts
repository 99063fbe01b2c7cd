// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- jsfive ships no types; the declaration must reach tsc from every entry point
/// <reference path="./jsfive.d.ts" />
// HDF5 files read with jsfive (usnistgov/jsfive, a pure JavaScript reader after pyfive): it needs no
// WebAssembly and no file system, loads in ~30 ms, and reports a damaged file by throwing. (h5wasm,
// the HDF5 C library compiled to WebAssembly, took ~1.1 s to load here and prints libhdf5's error
// stack on stderr for a file that is not HDF5.) Loaded only when an .h5 or .keras file is imported.

import type { Dataset, Group } from 'jsfive';
import { describe, importError, type SourceWeight } from './source-model.ts';

export interface H5File {
  /** The group or dataset at `path`, or undefined. */
  get(path: string): Group | Dataset | undefined;
  readonly root: Group;
  readonly file: string;
}

export async function openHdf5(bytes: Uint8Array, file: string): Promise<H5File> {
  const jsfive = await import('jsfive');
  let root: Group;
  try {
    root = new jsfive.File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, file);
  } catch (e) {
    throw importError('E0821', file, `${file} is not a readable HDF5 file (${String((e as Error).message ?? e)})`, 'give the file Keras saved, whole');
  }
  const get = (path: string) => {
    try {
      return root.get(path) ?? undefined;
    } catch {
      return undefined;
    }
  };
  return { get, root, file };
}

export const isGroup = (v: unknown): v is Group => typeof v === 'object' && v !== null && Array.isArray((v as Group).keys);
export const isDataset = (v: unknown): v is Dataset => typeof v === 'object' && v !== null && Array.isArray((v as Dataset).shape) && !isGroup(v);

/** A dataset of floats as a weight; anything else (integers, bfloat16, a damaged dataset) is E0821. */
export function readWeight(h5: H5File, path: string): SourceWeight {
  const d = h5.get(path);
  if (!isDataset(d)) throw importError('E0821', h5.file, `${h5.file} has no weight at ${path}`, 'give the file Keras saved, whole');
  const dtype = typeof d.dtype === 'string' ? d.dtype : describe(d.dtype as never);
  if (!/^[<>]f[48]$/.test(dtype) || (d.attrs['dtype'] !== undefined && d.attrs['dtype'] !== 'float32')) {
    throw importError('E0824', h5.file, `the weight ${path} in ${h5.file} is ${typeof d.attrs['dtype'] === 'string' ? d.attrs['dtype'] : dtype}, not float32 or float64`, 'save the model with float32 weights');
  }
  let values: ArrayLike<number | bigint>;
  try {
    values = d.value;
  } catch (e) {
    throw importError('E0821', h5.file, `cannot read the weight ${path} in ${h5.file} (${String((e as Error).message ?? e)})`, 'give the file Keras saved, whole');
  }
  const data = Float32Array.from(values as ArrayLike<number>);
  const shape = [...d.shape];
  if (data.length !== shape.reduce((a, b) => a * b, 1)) throw importError('E0821', h5.file, `the weight ${path} in ${h5.file} holds ${data.length} values for a shape [${shape.join(', ')}]`);
  return { shape, data };
}

/** An attribute as a string (h5py writes str attributes as variable-length strings). */
export function stringAttr(group: Group, name: string): string | undefined {
  const v = group.attrs[name];
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return undefined;
}

export function stringsAttr(group: Group, name: string): string[] | undefined {
  const v = group.attrs[name];
  if (Array.isArray(v)) return v.map((s) => (typeof s === 'string' ? s : s instanceof Uint8Array ? new TextDecoder().decode(s) : String(s)));
  if (typeof v === 'string') return [v];
  return undefined;
}

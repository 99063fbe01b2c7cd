// What every data reader returns: a plain typed array in C order with its shape, no TensorFlow.js.
// Readers keep the file's own element type name (`float64`, `uint8`) for messages, because the
// user knows the file by it, not by the float32 rnnc converted it to.

export interface NdArray {
  readonly dtype: 'float32' | 'int32';
  /** Batch (sample) axis first; `[]` for a scalar. */
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
  /** The element type as stored in the file (`float64`, `int64`, `uint8`), when it differs. */
  readonly fileDtype?: string;
  /** Raw text for a string input (texts.ts): then `data` holds int32 indices into `texts`, so
   *  that slicing, shuffling and splitting move indices, and the text becomes token ids once,
   *  on the host, after the vocabulary is adapted (runtime/text). */
  readonly texts?: readonly string[];
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function float32(shape: readonly number[], data: Float32Array, fileDtype?: string): NdArray {
  return fileDtype === undefined ? { dtype: 'float32', shape, data } : { dtype: 'float32', shape, data, fileDtype };
}

export function int32(shape: readonly number[], data: Int32Array, fileDtype?: string): NdArray {
  return fileDtype === undefined ? { dtype: 'int32', shape, data } : { dtype: 'int32', shape, data, fileDtype };
}

/** NumPy's spelling of a concrete shape: `(100, 5)`, `(100,)`, `()`. */
export function formatDims(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** `(100, 5) float64`: how a message names what a file holds. */
export function describe(a: NdArray): string {
  return `${formatDims(a.shape)} ${a.fileDtype ?? a.dtype}`;
}

/** A value as NumPy prints it: `nan`, `inf`, and float32 values to 7 digits (0.1, not 0.10000000149). */
export function showNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(Number(v.toPrecision(7)));
}

/** The NumPy index of the element at a flat C-order offset: `[3, 17]`. */
export function indexOf(offset: number, shape: readonly number[]): string {
  const index: number[] = [];
  let rest = offset;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis]!;
    index.unshift(rest % d);
    rest = Math.floor(rest / d);
  }
  return `[${index.join(', ')}]`;
}

export function reshape(a: NdArray, shape: readonly number[]): NdArray {
  return { ...a, shape };
}

export function toFloat32(a: NdArray): NdArray {
  if (a.dtype === 'float32') return a;
  return { ...a, dtype: 'float32', data: Float32Array.from(a.data) };
}

/** Texts as a host array: int32 indices 0…n-1 into them, shaped (n,) or (n, 1) as the input is. */
export function textArray(texts: readonly string[], rank: number): NdArray {
  const data = new Int32Array(texts.length);
  for (let i = 0; i < data.length; i++) data[i] = i;
  return { dtype: 'int32', shape: rank >= 2 ? [texts.length, 1] : [texts.length], data, texts };
}

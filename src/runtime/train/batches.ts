// Slicing host arrays into batches. Data stays in typed arrays on the JavaScript side and only
// one batch at a time becomes a tensor: `tf.gather` and `tf.slice` would copy the whole source
// buffer on every call on the WASM backend (docs/performance.md).

import { tf, type Tensor } from '../tf.ts';

/** A host array: the shape the data loaders return (src/runtime/data). */
export interface HostArray {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
  /** Raw text: `data` holds indices into it (runtime/data/nd-array.ts); kept by every slice. */
  readonly texts?: readonly string[];
}

/** A slice of `a` with `data`, keeping its texts. */
const withRows = (a: HostArray, shape: readonly number[], data: Float32Array | Int32Array): HostArray =>
  a.texts ? { dtype: a.dtype, shape, data, texts: a.texts } : { dtype: a.dtype, shape, data };

export const sampleCount = (a: HostArray): number => a.shape[0] ?? 0;

const rowSize = (a: HostArray) => a.shape.slice(1).reduce((p, d) => p * d, 1);

/** Rows `order[start..end)` of `a` as one tensor. */
export function takeRows(a: HostArray, order: Int32Array, start: number, end: number): Tensor {
  const row = rowSize(a);
  const n = end - start;
  const out = a.dtype === 'int32' ? new Int32Array(n * row) : new Float32Array(n * row);
  for (let i = 0; i < n; i++) {
    const r = order[start + i]!;
    out.set(a.data.subarray(r * row, (r + 1) * row), i * row);
  }
  return tf.tensor(out, [n, ...a.shape.slice(1)], a.dtype);
}

/** A whole host array as one tensor. */
export const hostTensor = (a: HostArray): Tensor => tf.tensor(a.data, [...a.shape], a.dtype);

/** Rows order[start..end) of a host array, as a host array (a seeded split's part). */
export function gatherRows(a: HostArray, order: Int32Array, start: number, end: number): HostArray {
  const row = rowSize(a);
  const out = a.dtype === 'int32' ? new Int32Array((end - start) * row) : new Float32Array((end - start) * row);
  for (let i = start; i < end; i++) out.set(a.data.subarray(order[i]! * row, (order[i]! + 1) * row), (i - start) * row);
  return withRows(a, [end - start, ...a.shape.slice(1)], out);
}

/** Rows `[start, end)` of `a` as a new host array (a view, no copy). */
export function sliceRows(a: HostArray, start: number, end: number): HostArray {
  const row = rowSize(a);
  return withRows(a, [end - start, ...a.shape.slice(1)], a.data.subarray(start * row, end * row));
}

export function identityOrder(n: number): Int32Array {
  const o = new Int32Array(n);
  for (let i = 0; i < n; i++) o[i] = i;
  return o;
}

/** Batch boundaries over n samples: Keras's last batch is the remainder. */
export function batchRanges(n: number, batchSize: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < n; s += batchSize) out.push([s, Math.min(n, s + batchSize)]);
  return out;
}

/** Rows `order[start..end)` of `a`, time steps `[t0, t1)` of each (axis 1), as one tensor: a window
 *  of truncated BPTT, copied straight from the host array. */
export function takeRowsWindow(a: HostArray, order: Int32Array, start: number, end: number, t0: number, t1: number): Tensor {
  const steps = a.shape[1] ?? 0;
  const step = a.shape.slice(2).reduce((p, d) => p * d, 1);
  const row = steps * step;
  const width = (t1 - t0) * step;
  const n = end - start;
  const out = a.dtype === 'int32' ? new Int32Array(n * width) : new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const from = order[start + i]! * row + t0 * step;
    out.set(a.data.subarray(from, from + width), i * width);
  }
  return tf.tensor(out, [n, t1 - t0, ...a.shape.slice(2)], a.dtype);
}

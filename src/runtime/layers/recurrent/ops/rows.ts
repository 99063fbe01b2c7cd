// Cheap reshuffles of whole tensors for the time loop.
//
// On WASM, tf.unstack, split and slice copy the whole source buffer for every output
// (docs/performance.md: 50 row slices of a [3200, 256] tensor took 85 ms via slice); unstacking the
// input projection of B1 cost ~150 ms. Reading the values once and building each step's tensor
// from a view of them costs one pass over the buffer. (rnnc runs on the wasm and cpu backends,
// where dataSync is a synchronous read, not a GPU round trip.)

import { tf, type Tensor } from '../../../tf.ts';

/** A float32 [parts, …rest] tensor as `parts` tensors of shape rest, reading it once. */
export function unstackOnce(t: Tensor): Tensor[] {
  const [parts, ...rest] = t.shape as [number, ...number[]];
  const data = t.dataSync() as Float32Array;
  const width = data.length / parts;
  return Array.from({ length: parts }, (_, i) => tf.tensor(data.subarray(i * width, (i + 1) * width), rest, 'float32'));
}

/** Σ over the rows of a [rows, cols] tensor as one GEMV-shaped GEMM: tf.sum along axis 0 is a
 *  slow strided reduction on WASM. */
export function sumRows(t: Tensor): Tensor {
  const [rows] = t.shape as [number, number];
  return tf.reshape(tf.matMul(tf.ones([1, rows]), t), [t.shape[1]!]);
}

// Row gathers in JavaScript. WASM's GatherV2 costs about 5 µs per gathered row (6400 rows of
// an Embedding table: 32 ms), while copying the rows out of the source's typed array costs
// under 2 ms for the same work; so Embedding and the sliding windows of Conv1D and pooling
// gather their rows here. Their gradients, scatter-adds, use ScatterNd, which is fast.

import { tf, type Tensor } from '../tf.ts';

/**
 * A tensor of shape `shape` whose n-th run of `width` values is row `rows[n]` of `source`
 * (seen as [rowCount, width]), or `fill` where rows[n] is -1.
 */
export function gatherRows(source: Tensor, width: number, rows: Int32Array, shape: readonly number[], fill = 0): Tensor {
  const from = source.dataSync() as Float32Array;
  const rowCount = from.length / width;
  const out = new Float32Array(rows.length * width);
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]!;
    if (r === -1) {
      out.fill(fill, n * width, (n + 1) * width);
      continue;
    }
    if (r < 0 || r >= rowCount) throw new Error(`row ${r} is outside the ${rowCount} rows being gathered`);
    out.set(from.subarray(r * width, (r + 1) * width), n * width);
  }
  return tf.tensor(out, [...shape], 'float32');
}

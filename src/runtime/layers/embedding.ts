// Embedding: keras/src/layers/core/embedding.py. output = take(embeddings, ids, axis=0); with
// mask_zero the output is masked where the id is 0 (compute_mask: not_equal(inputs, 0)).
//
// The lookup copies table rows in JavaScript (gather-rows.ts: WASM's gather is 15× slower). The
// table's gradient is a scatter-add of the output gradient's rows at the ids. tfjs computes
// gather's gradient with UnsortedSegmentSum, which the WASM backend lacks; ScatterNd, which it
// has, sums the updates of repeated indices (TensorFlow's scatter_nd semantics), so the whole
// gradient is one kernel call (about 2 ms for 32×200 ids into a 10000×64 table).

import { tf } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { gatherRows } from './gather-rows.ts';
import { only, trainableOnly } from './kernel-utils.ts';

export const EMBEDDING: LayerKernel<'Embedding'> = {
  forward(a) {
    const ids = only(a.inputs, a.layer);
    const table = a.weights[0]!;
    const dim = table.shape[1]!;
    const output = gatherRows(table, dim, tf.cast(ids, 'int32').dataSync() as Int32Array, [...ids.shape, dim]);
    const mask = a.layer.config.mask_zero ? tf.cast(tf.notEqual(ids, 0), 'float32') : null;
    return { outputs: [output], masks: [mask], cache: null };
  },

  backward(a) {
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: [null], dWeights: [null] };
    const ids = a.inputs[0]!;
    const [vocabulary, dim] = a.weights[0]!.shape as [number, number];
    const rows = tf.reshape(dy, [-1, dim]);
    const at = tf.reshape(tf.cast(ids, 'int32'), [-1, 1]);
    const dTable = tf.scatterND(at, rows, [vocabulary, dim]);
    // Ids are integers: no gradient reaches them.
    return { dInputs: [null], dWeights: trainableOnly(a.layer, [dTable]) };
  },
};

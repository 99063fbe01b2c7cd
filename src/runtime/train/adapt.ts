// Keras's Normalization.adapt(), run by fit() before the first epoch: each Normalization whose
// mean and variance were not given gets the mean and the variance of the training inputs it
// reads, per index of its axis over every other axis (keras/src/layers/preprocessing/
// normalization.py, adapt() on an array: np.mean and np.var over _reduce_axis — the population
// variance, divided by n). Sums run in float64, two passes (mean, then squared deviations), and
// the results are stored as float32 weights `mean` and `variance`.
//
// Where rnnc decides what Keras leaves to the user:
// - Keras needs an explicit layer.adapt(x); rnnc adapts when training starts, once per network,
//   on the training part of the data (after validation_split holds out the last samples, so the
//   validation samples do not shape the statistics). A network whose weights were loaded (the
//   library's load(), a saved model) is not adapted again.
// - `count`: Keras 3 adds the weight "for backwards compatibility" and never assigns it (it stays
//   0); rnnc stores the number of values each mean was taken over, as tf.keras 2's adapt did.
// - Only a Normalization applied directly to a model input is adapted: its data is the input's
//   array as given. One deeper in the model (after a Masking, say) would need the layers before it
//   run over the whole data set first; it is refused with E0518 unless given mean and variance.

import { adaptsOnData } from '../../compiler/layers/preprocessing.ts';
import { wrappedLayers, type CheckedLayer } from '../../compiler/ir.ts';
import { firstNonFinite, nonFiniteHint } from '../data/finite.ts';
import { indexOf, showNumber } from '../data/nd-array.ts';
import { RnncError } from '../errors.ts';
import type { Network } from '../model/network.ts';
import { tf } from '../tf.ts';
import type { HostArray } from './batches.ts';

/** Networks whose Normalization layers hold their statistics already: adapted, or loaded. */
const ADAPTED = new WeakSet<Network>();

/** Record that `net`'s weights came from a saved model: fit() leaves its statistics alone. */
export function markAdapted(net: Network): void {
  ADAPTED.add(net);
}

export interface Statistics {
  /** One per index of the kept axis (one in all for axis=None). */
  readonly mean: Float64Array;
  /** The population variance (divided by count), as np.var computes it. */
  readonly variance: Float64Array;
  /** How many values each mean was taken over. */
  readonly count: number;
}

/**
 * Mean and population variance of `a` per index of `axis` (a positive axis of `a`, batch axis
 * first) over every other axis; `axis` null: over every value.
 */
export function normalizationStatistics(a: Pick<HostArray, 'shape' | 'data'>, axis: number | null): Statistics {
  const d = axis === null ? 1 : a.shape[axis]!;
  // The values of index f of the kept axis are those whose offset's (offset / inner) % d is f.
  const inner = axis === null ? 1 : a.shape.slice(axis + 1).reduce((p, n) => p * n, 1);
  const data = a.data;
  const count = d > 0 ? data.length / d : 0;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < data.length; i++) mean[Math.floor(i / inner) % d]! += data[i]!;
  for (let f = 0; f < d; f++) mean[f]! /= count;
  for (let i = 0; i < data.length; i++) {
    const f = Math.floor(i / inner) % d;
    const dev = data[i]! - mean[f]!;
    variance[f]! += dev * dev;
  }
  for (let f = 0; f < d; f++) variance[f]! /= count;
  return { mean, variance, count };
}

function cannotAdapt(layer: CheckedLayer, why: string): RnncError {
  return new RnncError(
    'E0518',
    `${layer.type} layer \`${layer.name}\` needs its mean and variance, and rnnc cannot compute them: ${why}`,
    'train block',
    `put the Normalization first, directly on the model's input, or give it mean=… and variance=…`,
  );
}

/**
 * Adapts every Normalization of `net` that needs it to `x` (one array per model input, the
 * training samples), once per network. Throws E0518 for one it cannot adapt and E0625 for a NaN
 * or an infinity in the data it reads.
 */
export function adaptNormalization(net: Network, x: readonly HostArray[]): void {
  if (ADAPTED.has(net)) return;
  for (const node of net.model.nodes) {
    for (const inner of wrappedLayers(node.layer)) {
      if (adaptsOnData(inner)) throw cannotAdapt(inner, `it is wrapped in ${node.layer.type}`);
    }
    const layer = node.layer;
    if (layer.type !== 'Normalization' || !adaptsOnData(layer)) continue;
    const from = node.inputs[0]!;
    if (from.node >= 0) {
      const before = net.model.nodes[from.node]!.layer;
      throw cannotAdapt(layer, `it reads the output of \`${before.name}\`, not a model input`);
    }
    const data = x[from.index]!;
    const bad = firstNonFinite(data.data);
    if (bad >= 0) {
      const where = net.model.inputs.length > 1 ? `input \`${net.model.inputs[from.index]!.name}\`` : 'x';
      throw new RnncError(
        'E0625',
        `the training data (${where}) holds ${showNumber(data.data[bad]!)} at ${indexOf(bad, data.shape)}, so Normalization layer \`${layer.name}\` cannot compute its mean and variance`,
        where,
        nonFiniteHint(data.data[bad]!, undefined),
      );
    }
    const given = layer.config.axis;
    const axis = given === null ? null : given < 0 ? data.shape.length + given : given;
    const stats = normalizationStatistics(data, axis);
    const weights = net.weights.filter((w) => w.node === node.id);
    const values: Record<string, ArrayLike<number>> = { mean: stats.mean, variance: stats.variance, count: [stats.count] };
    for (const w of weights) {
      const v = values[w.spec.name];
      if (v) tf.tidy(() => w.variable.assign(tf.tensor(Float32Array.from(v), w.variable.shape, 'float32')));
    }
  }
  ADAPTED.add(net);
}

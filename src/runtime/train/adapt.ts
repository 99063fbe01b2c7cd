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
// - What a Normalization is adapted on is compiler/layers/preprocessing.ts's adaptedOn (the PyTorch
//   program follows it too). One applied directly to a model input is adapted on the input's
//   array as given. Any other one deeper in the model (after a Masking, say) would need the layers
//   before it run over the whole data set first; it is refused with E0518 unless given mean and
//   variance — except:
// - Target normalization: a Normalization with invert=true whose output is a model output is
//   adapted on that output's training targets — Keras's recipe of `Normalization(invert=True)`
//   adapted on y and put last, so the layers before it learn targets scaled to mean 0 and
//   variance 1, while predictions, the loss and every metric stay in the targets' own units.

import { adaptedOn, adaptsOnData } from '../../compiler/layers/preprocessing.ts';
import { wrappedLayers, type CheckedLayer, type IRNode } from '../../compiler/ir.ts';
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

const ON_INPUT_HINT = "put the Normalization first, directly on the model's input, or give it mean=… and variance=…";
const ON_OUTPUT_HINT = "to scale the targets, make the inverting Normalization the model's last layer (its output); or give it mean=… and variance=…";

function cannotAdapt(layer: CheckedLayer, why: string, hint = ON_INPUT_HINT): RnncError {
  return new RnncError('E0518', `${layer.type} layer \`${layer.name}\` needs its mean and variance, and rnnc cannot compute them: ${why}`, 'train block', hint);
}

/** The training samples a Normalization is adapted on: inputs, and targets for one that inverts. */
export interface AdaptData {
  /** One array per model input. */
  readonly x: readonly HostArray[];
  /** One array per model output (empty where there are no targets). */
  readonly y: readonly HostArray[];
}

/** The array `node`'s Normalization is adapted on (compiler/layers/preprocessing.ts, adaptedOn),
 *  and what a message calls it; or why it cannot be adapted. */
function adaptSource(net: Network, node: IRNode, data: AdaptData): { array: HostArray; where: string } | RnncError {
  const model = net.model;
  const layer = node.layer;
  const source = adaptedOn(model, node);
  if (source?.from === 'targets') {
    const array = data.y[source.index];
    if (!array) return cannotAdapt(layer, 'it inverts the model’s output, and there are no targets to adapt it on', 'train the model with targets (y) first, or give it mean=… and variance=…');
    return { array, where: model.outputs.length > 1 ? `targets of output ${source.index}` : 'y' };
  }
  if (source?.from === 'input') {
    return { array: data.x[source.index]!, where: model.inputs.length > 1 ? `input \`${model.inputs[source.index]!.name}\`` : 'x' };
  }
  const before = model.nodes[node.inputs[0]!.node]!.layer;
  const inverts = (layer.config as { readonly invert?: boolean }).invert === true;
  return inverts
    ? cannotAdapt(layer, `it reads the output of \`${before.name}\` and is not the model's output; an inverting Normalization is adapted on the targets only when it gives the model's output`, ON_OUTPUT_HINT)
    : cannotAdapt(layer, `it reads the output of \`${before.name}\`, not a model input`, ON_INPUT_HINT);
}

/**
 * Adapts every Normalization of `net` that needs it to the training samples: the input it reads,
 * or for an inverting one that gives a model output, that output's targets. Once per network.
 * Throws E0518 for one it cannot adapt and E0625 for a NaN or an infinity in the data it reads.
 */
export function adaptNormalization(net: Network, data: AdaptData): void {
  if (ADAPTED.has(net)) return;
  for (const node of net.model.nodes) {
    for (const inner of wrappedLayers(node.layer)) {
      if (adaptsOnData(inner)) throw cannotAdapt(inner, `it is wrapped in ${node.layer.type}`);
    }
    const layer = node.layer;
    if (layer.type !== 'Normalization' || !adaptsOnData(layer)) continue;
    const source = adaptSource(net, node, data);
    if (source instanceof RnncError) throw source;
    const { array, where } = source;
    const bad = firstNonFinite(array.data);
    if (bad >= 0) {
      const what = where === 'y' || where.startsWith('targets') ? 'training targets' : 'training data';
      throw new RnncError(
        'E0625',
        `the ${what} (${where}) holds ${showNumber(array.data[bad]!)} at ${indexOf(bad, array.shape)}, so Normalization layer \`${layer.name}\` cannot compute its mean and variance`,
        where,
        nonFiniteHint(array.data[bad]!, undefined),
      );
    }
    const given = layer.config.axis;
    const axis = given === null ? null : given < 0 ? array.shape.length + given : given;
    const stats = normalizationStatistics(array, axis);
    const weights = net.weights.filter((w) => w.node === node.id);
    const values: Record<string, ArrayLike<number>> = { mean: stats.mean, variance: stats.variance, count: [stats.count] };
    for (const w of weights) {
      const v = values[w.spec.name];
      if (v) tf.tidy(() => w.variable.assign(tf.tensor(Float32Array.from(v), w.variable.shape, 'float32')));
    }
  }
  ADAPTED.add(net);
}

// A model's weights as Keras draws them: every layer forks its own stream of the seed, in node
// order; its initializers draw from a fork of that stream, one weight after another, and its
// dropout masks from the stream itself — or from a stream of their own when the layer is given
// `seed=` (Keras's SeedGenerator). An emitted program writes this loop out for its one model, each
// weight a named variable (src/emit/weights-code.ts), and must draw exactly what this draws.

import { argumentOf, type CheckedLayer, type CheckedModel } from '../../compiler/ir.ts';
import type { WeightSpec } from '../../compiler/layers/layer-def.ts';
import { initialize } from '../initializers.ts';
import { Rng } from '../rng.ts';
import { tf } from '../tf.ts';

export interface NetworkWeight {
  /** Keras's path: `lstm/kernel`, `bidirectional/forward_lstm/recurrent_kernel`. */
  readonly name: string;
  readonly spec: WeightSpec;
  readonly variable: tf.Variable;
  /** Index of the node that owns it, and its position among that node's weights. */
  readonly node: number;
  readonly index: number;
}

export interface InitialWeights {
  /** Per node, its weights in the layer's order. */
  readonly weights: readonly (readonly NetworkWeight[])[];
  /** Per node, the stream its dropout masks draw from. */
  readonly rngs: readonly Rng[];
}

export function createWeights(model: CheckedModel, seed: number): InitialWeights {
  const rng = new Rng(seed);
  const weights: NetworkWeight[][] = [];
  const rngs: Rng[] = [];
  for (const node of model.nodes) {
    const layerRng = rng.fork();
    const initRng = layerRng.fork();
    weights.push(node.layer.weights.map((spec, index) => createWeight(node.layer.name, spec, node.id, index, initRng)));
    rngs.push(maskStream(node.layer, layerRng));
  }
  return { weights, rngs };
}

/** One weight of node `node`, drawn by its initializer from `rng`. */
export function createWeight(layerName: string, spec: WeightSpec, node: number, index: number, rng: Rng): NetworkWeight {
  const name = `${layerName}/${spec.name}`;
  const variable = tf.tidy(() => tf.variable(initialize(spec, rng), spec.trainable, uniqueVariableName(name)));
  return { name, spec, variable, node, index };
}

/** Keras: a layer given seed=N (Dropout, an RNN's dropout) draws its masks from stream N. */
export function maskStream(layer: CheckedLayer, layerRng: Rng): Rng {
  const seed = argumentOf(layer, 'seed');
  return typeof seed === 'number' ? new Rng(seed) : layerRng;
}

// tfjs variable names are global to the engine; two networks of one model (a test, a reload)
// must not collide, so the engine name gets a suffix. The Keras path stays in `name`.
let variableCounter = 0;
function uniqueVariableName(name: string): string {
  return `${name}#${variableCounter++}`;
}

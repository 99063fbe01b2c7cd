// Small pieces every non-recurrent kernel shares: reading its one input, handing back weight
// gradients only for trainable weights, and summing a broadcast gradient back to the shape of
// the operand that was broadcast.

import type { WeightSpec } from '../../compiler/layers/layer-def.ts';
import { tf, type Tensor } from '../tf.ts';
import type { Mask } from './kernel.ts';

/** What these helpers read of a checked layer, whatever its type. */
interface AnyLayer {
  readonly type: string;
  readonly weights: readonly WeightSpec[];
}

/** The input of a one-input layer. The checker guarantees there is exactly one. */
export function only(inputs: readonly Tensor[], layer: AnyLayer): Tensor {
  const x = inputs[0];
  if (!x || inputs.length !== 1) throw new Error(`${layer.type} expects one input, got ${inputs.length}`);
  return x;
}

/** The incoming mask of a one-input layer, passed through unchanged (Layer.compute_mask). */
export function passMask(masks: readonly Mask[]): Mask {
  return masks[0] ?? null;
}

/** Gradients in `layer.weights` order, with null for frozen and non-trainable weights. */
export function trainableOnly(layer: AnyLayer, grads: readonly (Tensor | null)[]): (Tensor | null)[] {
  return layer.weights.map((spec, i) => (spec.trainable ? (grads[i] ?? null) : null));
}

/** Index of the weight called `name` in `layer.weights`, or -1 when the layer has none. */
export function weightIndex(layer: AnyLayer, name: string): number {
  return layer.weights.findIndex((w) => w.name === name);
}

/** The weight called `name`, or null when the config leaves it out (use_bias=false, center=false). */
export function weightNamed(layer: AnyLayer, weights: readonly Tensor[], name: string): Tensor | null {
  const i = weightIndex(layer, name);
  return i < 0 ? null : (weights[i] ?? null);
}

/**
 * The gradient of an operand of shape `shape` that was broadcast (right-aligned, as tfjs does)
 * into the shape of `g`: sum over the axes it was stretched along.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(g, axes, true) : g;
  return tf.reshape(summed, [...shape]);
}

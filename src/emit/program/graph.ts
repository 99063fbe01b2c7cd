// What an emitted program's forward and backward passes share. rnnc's graph.ts runs any model by
// looping over the IR's nodes; an emitted program writes that loop out for its one model, layer
// by layer, and each step of it uses these.

import type { ValueRef } from '../../compiler/ir.ts';
import type { BackwardArgs, BackwardResult } from '../../runtime/layers/kernel.ts';
import type { ForwardRun } from '../../runtime/model/graph.ts';
import { tf, type Tensor } from '../../runtime/tf.ts';

/** One layer's call in the forward pass: what it was given and what it returned. */
export type LayerCall = ForwardRun['calls'][number];

/** A gradient flowing into a value directly (an activity regularizer's, from Network.step). */
export type ExtraGradient = { readonly ref: ValueRef; readonly grad: Tensor };

/**
 * The gradient reaching a value, from every part that reaches it, added one after another in
 * the order graph.ts adds them (so the sums are the same to the last bit); null when none does.
 */
export function gradientSum(...parts: readonly (Tensor | null)[]): Tensor | null {
  let sum: Tensor | null = null;
  for (const g of parts) if (g) sum = sum ? tf.add(sum, g) : g;
  return sum;
}

/** The activity regularizers' gradients of output `index` of node `node`, in the order given. */
export function extraGradients(extra: readonly ExtraGradient[], node: number, index: number): Tensor[] {
  return extra.filter((e) => e.ref.node === node && e.ref.index === index).map((e) => e.grad);
}

/**
 * A layer's hand-written backward pass, given the gradients of its outputs; null when no
 * gradient reaches any of them (graph.ts skips such a layer).
 */
export function backwardThrough(backward: (a: BackwardArgs) => BackwardResult, call: LayerCall, dOutputs: readonly (Tensor | null)[]): BackwardResult | null {
  if (dOutputs.every((g) => g === null)) return null;
  return backward({ ...call.args, outputs: call.result.outputs, dOutputs, cache: call.result.cache });
}

/** The gradient of each of the layer's weights, in its weights' order; none for a layer skipped. */
export function weightGradients(back: BackwardResult | null, call: LayerCall): (Tensor | null)[] {
  return back ? [...back.dWeights] : call.args.weights.map(() => null);
}

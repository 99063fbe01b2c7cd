// The contract every layer's runtime implementation keeps. rnnc does not use tfjs's autodiff:
// each kernel computes its forward pass and, from what it cached, its own backward pass. That
// is what lets recurrent layers run BPTT by hand (one input-projection GEMM, only h·U in the
// loop, weight gradients as single GEMMs after it — see docs/performance.md) and lets an
// Embedding train on WASM, whose backend has no UnsortedSegmentSum.
//
// Conventions
// - Ops are called as functions (`tf.add(a, b)`): tfjs-core's Node bundle has no chained ops.
// - Masks are float32 tensors [batch, time] holding 1 for a real step and 0 for padding
//   (Keras's boolean masks, as numbers, because they are multiplied in).
// - `weights` come in the order of `layer.weights` (the registry's order, which is Keras's).
// - The trainer runs forward and backward inside one `tf.tidy`: a kernel need not dispose its
//   intermediates, and must not keep tensors anywhere but in its results.
// - Forward with `training=false` must not depend on the rng (dropout is off).

import type { CheckedLayerOf } from '../../compiler/ir.ts';
import type { LayerType } from '../../compiler/layers/registry.ts';
import type { Rng } from '../rng.ts';
import type { Tensor } from '../tf.ts';

export type Mask = Tensor | null;

export interface ForwardArgs<K extends LayerType = LayerType> {
  /** The layer, its config typed by its type: a kernel for Dense reads `a.layer.config.units`. */
  readonly layer: CheckedLayerOf<K>;
  /** One per input of the node (a merge layer has several). */
  readonly inputs: readonly Tensor[];
  /** One per input; null where no mask flows. */
  readonly masks: readonly Mask[];
  readonly weights: readonly Tensor[];
  /** `initial_state=[h, c]` in a functional model, or a stateful layer's carried state. */
  readonly initialState?: readonly Tensor[];
  readonly training: boolean;
  /** This layer's own stream, for dropout masks. */
  readonly rng: Rng;
}

export interface ForwardResult {
  /** In the order of the layer's outputs (return_state: output, then the states). */
  readonly outputs: readonly Tensor[];
  /** One per output, as Keras's compute_mask gives it. */
  readonly masks: readonly Mask[];
  /** Whatever the backward pass needs. Opaque to everyone but this kernel. */
  readonly cache: unknown;
  /** New values of non-trainable weights (BatchNormalization's moving statistics), by index
   *  into `weights`; the trainer assigns them after a training step. */
  readonly weightUpdates?: ReadonlyMap<number, Tensor>;
  /** A recurrent layer's final states: the network carries a stateful layer's into the next batch,
   *  and every layer's into the next window of truncated BPTT (model/network.ts). */
  readonly finalStates?: readonly Tensor[];
}

export interface BackwardArgs<K extends LayerType = LayerType> extends ForwardArgs<K> {
  readonly outputs: readonly Tensor[];
  /** Gradient of the loss with respect to each output; null where nothing flows back. */
  readonly dOutputs: readonly (Tensor | null)[];
  /** Per input, whether anything reads its gradient (absent: everything is read). A kernel may
   *  return null for an input nobody reads — the model's own inputs: for B1's LSTM that saves
   *  dX = dZ·Wᵀ and its reordering, about half a millisecond of a training step. */
  readonly inputGradsWanted?: readonly boolean[];
  readonly cache: unknown;
}

export interface BackwardResult {
  /** One per input; null for integer inputs (token ids) and inputs no gradient reaches. */
  readonly dInputs: readonly (Tensor | null)[];
  /** One per weight, in `weights` order; null for non-trainable weights. */
  readonly dWeights: readonly (Tensor | null)[];
  /** One per initial state given; null where none flows. */
  readonly dInitialState?: readonly (Tensor | null)[];
}

/** The kernel of the layer types K. */
export interface LayerKernel<K extends LayerType = LayerType> {
  forward(a: ForwardArgs<K>): ForwardResult;
  backward(a: BackwardArgs<K>): BackwardResult;
}

/**
 * The kernel of a table for a layer type known only at run time. Looked up by a layer's own type, an
 * entry gets exactly the layers it takes; TypeScript cannot correlate the key with the entry's type.
 */
export function kernelIn(table: object, type: string): LayerKernel | undefined {
  return (table as Readonly<Record<string, unknown>>)[type] as LayerKernel | undefined;
}

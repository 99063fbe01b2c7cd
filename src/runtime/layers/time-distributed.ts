// TimeDistributed: keras/src/layers/rnn/time_distributed.py. The inner layer runs once on all
// B·T steps folded into its batch axis, with the wrapper's weights (the registry gives
// TimeDistributed the inner layer's weights, in its order); the input mask passes through and
// the inner layer sees none. Keras maps the inner call over the steps one by one, which is the
// same computation for every layer but BatchNormalization, whose batch statistics here span
// all B·T steps instead of each step's B samples (a deliberate difference: Keras's per-step
// moving-statistic updates inside vectorized_map are ill-defined).

import type { CheckedLayer, CheckedLayerOf } from '../../compiler/ir.ts';
import { tf, type Tensor } from '../tf.ts';
import type { ForwardArgs, ForwardResult, LayerKernel } from './kernel.ts';
import { only, passMask } from './kernel-utils.ts';

interface TimeDistributedCache {
  readonly innerArgs: ForwardArgs;
  readonly inner: ForwardResult;
}

/** The wrapped layer, carrying the wrapper's weight specs (the same list, by the registry). */
function innerLayer(layer: CheckedLayerOf<'TimeDistributed'>): CheckedLayer {
  return { ...layer.config.layer.layer, weights: layer.weights };
}

/** (B, T, …) → (B·T, …) and back. */
const foldSteps = (t: Tensor) => tf.reshape(t, [-1, ...t.shape.slice(2)]);
const unfoldSteps = (t: Tensor, batch: number, steps: number) => tf.reshape(t, [batch, steps, ...t.shape.slice(1)]);

/**
 * The kernel, given the lookup of the inner layer's kernel. It takes the lookup instead of
 * importing index.ts, which imports this file (through non-recurrent.ts) and builds its table
 * when it loads: an import back into it would see that table empty whenever non-recurrent.ts
 * happens to load first.
 */
export function timeDistributed(kernelFor: (type: string) => LayerKernel): LayerKernel<'TimeDistributed'> {
  return {
    forward(a) {
      const x = only(a.inputs, a.layer);
      const layer = innerLayer(a.layer);
      const innerArgs: ForwardArgs = { layer, inputs: [foldSteps(x)], masks: [null], weights: a.weights, training: a.training, rng: a.rng };
      const inner = kernelFor(layer.type).forward(innerArgs);
      const y = unfoldSteps(inner.outputs[0]!, x.shape[0], x.shape[1]!);
      const cache: TimeDistributedCache = { innerArgs, inner };
      return {
        outputs: [y],
        masks: [passMask(a.masks)],
        cache,
        ...(inner.weightUpdates ? { weightUpdates: inner.weightUpdates } : {}),
      };
    },

    backward(a) {
      const dy = a.dOutputs[0];
      if (!dy) return { dInputs: [null], dWeights: a.weights.map(() => null) };
      const { innerArgs, inner } = a.cache as TimeDistributedCache;
      const back = kernelFor(innerArgs.layer.type).backward({ ...innerArgs, outputs: inner.outputs, dOutputs: [foldSteps(dy)], cache: inner.cache });
      const dx = back.dInputs[0];
      return { dInputs: [dx ? tf.reshape(dx, a.inputs[0]!.shape) : null], dWeights: back.dWeights };
    },
  };
}

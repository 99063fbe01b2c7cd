// Input, Activation and Dropout: layers without weights whose output has the input's shape and
// whose mask passes through (input_layer.py, activations/activation.py,
// regularization/dropout.py).

import { activation } from '../activations.ts';
import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { only, passMask } from './kernel-utils.ts';

/** A model input: its value as given. */
export const INPUT: LayerKernel<'Input'> = {
  forward: (a) => ({ outputs: [...a.inputs], masks: a.inputs.map((_, i) => a.masks[i] ?? null), cache: null }),
  backward: (a) => ({ dInputs: a.inputs.map((_, i) => a.dOutputs[i] ?? null), dWeights: [] }),
};

export const ACTIVATION: LayerKernel<'Activation'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const y = activation(a.layer.config.activation).forward(x);
    return { outputs: [y], masks: [passMask(a.masks)], cache: null };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    const f = activation(a.layer.config.activation);
    return { dInputs: [dy ? f.backward(a.inputs[0]!, a.outputs[0]!, dy) : null], dWeights: [] };
  },
};

/**
 * Inverted dropout (backend.random.dropout, TensorFlow's stateless_dropout): in training each
 * value is kept with probability 1 - rate and scaled by 1 / (1 - rate); at inference, identity.
 * The keep mask is drawn from the layer's own rng stream, so a seed fixes it.
 */
export const DROPOUT: LayerKernel<'Dropout'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const rate = a.layer.config.rate;
    if (!a.training || rate <= 0) return { outputs: [x], masks: [passMask(a.masks)], cache: null };
    const uniform = tf.randomUniform(x.shape, 0, 1, 'float32', a.rng.seed());
    const scaledKeep = tf.div(tf.cast(tf.greaterEqual(uniform, rate), 'float32'), 1 - rate);
    return { outputs: [tf.mul(x, scaledKeep)], masks: [passMask(a.masks)], cache: scaledKeep };
  },
  backward(a) {
    const dy = a.dOutputs[0] ?? null;
    const scaledKeep = a.cache as Tensor | null;
    return { dInputs: [dy && scaledKeep ? tf.mul(dy, scaledKeep) : dy], dWeights: [] };
  },
};

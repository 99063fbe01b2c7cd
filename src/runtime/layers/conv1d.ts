// Conv1D: keras/src/layers/convolutional/{conv1d,base_conv}.py. Each group's windows are
// unfolded into rows (im2col) so the convolution is one plain matMul per group, and so is
// each gradient: WASM has no Conv2DBackpropFilter, and untransposed 2-D matMuls are the fast
// path there. Kernel layout [kernel_size, channels / groups, filters], as Keras's; group g
// reads channels [g·C/G, (g+1)·C/G) and writes filters [g·F/G, (g+1)·F/G) (TensorFlow's
// grouped convolution). The output carries no mask: Conv1D does not support masking.

import { activation } from '../activations.ts';
import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { only, trainableOnly, weightNamed } from './kernel-utils.ts';
import { fold, unfold, window1d, type Padding, type Window1D } from './windows.ts';

interface ConvCache {
  readonly window: Window1D;
  /** Per group: the unfolded input [B·T', k·C/G] and the kernel slice [k·C/G, F/G]. */
  readonly rows: readonly Tensor[];
  readonly kernels: readonly Tensor[];
  /** Pre-activation [B, T', F]. */
  readonly z: Tensor;
}

/** Channels and filters of group g, or the whole tensor when there is one group. */
function groupSlice(t: Tensor, g: number, groups: number): Tensor {
  if (groups === 1) return t;
  const last = t.rank - 1;
  const size = t.shape[last]! / groups;
  const begin = t.shape.map((_, i) => (i === last ? g * size : 0));
  const extent = t.shape.map((d, i) => (i === last ? size : d));
  return tf.slice(t, begin, extent);
}

const concatGroups = (parts: Tensor[], axis: number) => (parts.length === 1 ? parts[0]! : tf.concat(parts, axis));

export const CONV1D: LayerKernel<'Conv1D'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const config = a.layer.config;
    const kernel = a.weights[0]!;
    const bias = weightNamed(a.layer, a.weights, 'bias');
    const [batch, length] = x.shape as [number, number, number];
    const [size, groupChannels, filters] = kernel.shape as [number, number, number];
    const groups = config.groups;
    const window = window1d(length, size, config.strides, config.dilation_rate, config.padding as Padding);
    const rows: Tensor[] = [];
    const kernels: Tensor[] = [];
    const parts: Tensor[] = [];
    for (let g = 0; g < groups; g++) {
      const r = tf.reshape(unfold(groupSlice(x, g, groups), window), [batch * window.count, size * groupChannels]);
      const k = tf.reshape(groupSlice(kernel, g, groups), [size * groupChannels, filters / groups]);
      rows.push(r);
      kernels.push(k);
      parts.push(tf.matMul(r, k));
    }
    const z2 = concatGroups(parts, 1);
    const z = tf.reshape(bias ? tf.add(z2, bias) : z2, [batch, window.count, filters]);
    const y = activation(config.activation).forward(z);
    const cache: ConvCache = { window, rows, kernels, z };
    return { outputs: [y], masks: [null], cache };
  },

  backward(a) {
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: [null], dWeights: a.weights.map(() => null) };
    const { window, rows, kernels, z } = a.cache as ConvCache;
    const [batch] = a.inputs[0]!.shape as [number, number, number];
    const [size, groupChannels] = a.weights[0]!.shape as [number, number, number];
    const groups = rows.length;
    const dz = activation(a.layer.config.activation).backward(z, a.outputs[0]!, dy);
    const dz2 = tf.reshape(dz, [batch * window.count, -1]);
    const dxs: Tensor[] = [];
    const dks: Tensor[] = [];
    for (let g = 0; g < groups; g++) {
      const dzg = groupSlice(dz2, g, groups);
      const dRows = tf.matMul(dzg, tf.transpose(kernels[g]!));
      dxs.push(fold(tf.reshape(dRows, [batch, window.count, size, groupChannels]), window));
      dks.push(tf.reshape(tf.matMul(tf.transpose(rows[g]!), dzg), [size, groupChannels, -1]));
    }
    const grads = [concatGroups(dks, 2), ...(a.weights.length > 1 ? [tf.sum(dz2, 0)] : [])];
    return { dInputs: [concatGroups(dxs, 2)], dWeights: trainableOnly(a.layer, grads) };
  },
};

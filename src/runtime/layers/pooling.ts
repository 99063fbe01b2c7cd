// 1-D pooling: keras/src/layers/pooling/. MaxPooling1D and AveragePooling1D slide a window of
// pool_size steps (strides default to pool_size) through the shared unfold/fold; the global
// poolings reduce the time axis. None of them returns a mask; only GlobalAveragePooling1D
// reads one (global_average_pooling1d.py: sum(x·mask) / sum(mask) over the steps).

import type { CheckedLayerOf } from '../../compiler/ir.ts';
import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { only } from './kernel-utils.ts';
import { fold, unfold, window1d, type Padding, type Window1D } from './windows.ts';

function poolWindow(layer: CheckedLayerOf<'MaxPooling1D' | 'AveragePooling1D'>, x: Tensor): Window1D {
  const size = layer.config.pool_size;
  const strides = layer.config.strides ?? size;
  return window1d(x.shape[1]!, size, strides, 1, layer.config.padding as Padding);
}

interface MaxPoolCache {
  readonly window: Window1D;
  /** 1 at the tap each window's maximum came from, [B, T', size, C]. */
  readonly winner: Tensor;
}

/**
 * tf.nn.max_pool; padded steps never win. Its gradient goes to one tap per window, the first
 * maximum in window order, as TensorFlow's MaxPoolGrad routes it (argMax picks the first).
 * The taps are moved to the last axis for the reductions: WASM reduces the last axis fast and
 * other axes up to 15× slower.
 */
export const MAX_POOLING_1D: LayerKernel<'MaxPooling1D'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const window = poolWindow(a.layer, x);
    const tapsLast = tf.transpose(unfold(x, window, -Infinity), [0, 1, 3, 2]);
    const y = tf.max(tapsLast, -1);
    const winner = tf.transpose(tf.cast(tf.oneHot(tf.argMax(tapsLast, -1), window.size), 'float32'), [0, 1, 3, 2]);
    const cache: MaxPoolCache = { window, winner };
    return { outputs: [y], masks: [null], cache };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    const { window, winner } = a.cache as MaxPoolCache;
    return { dInputs: [dy ? fold(tf.mul(winner, tf.expandDims(dy, 2)), window) : null], dWeights: [] };
  },
};

interface AveragePoolCache {
  readonly window: Window1D;
  /** How many real (unpadded) steps each window holds, [1, T', 1]. */
  readonly counts: Tensor;
}

/** tf.nn.avg_pool: with padding=same a window averages only its real steps. */
export const AVERAGE_POOLING_1D: LayerKernel<'AveragePooling1D'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const window = poolWindow(a.layer, x);
    const counts = tf.sum(unfold(tf.ones([1, window.length, 1]), window), 2);
    const y = tf.div(tf.sum(unfold(x, window), 2), counts);
    const cache: AveragePoolCache = { window, counts };
    return { outputs: [y], masks: [null], cache };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    const { window, counts } = a.cache as AveragePoolCache;
    if (!dy) return { dInputs: [null], dWeights: [] };
    // Every tap of a window gets dy / count: broadcast over the tap axis (tile is slow on WASM).
    const perTap = tf.mul(tf.expandDims(tf.div(dy, counts), 2), tf.ones([1, 1, window.size, 1]));
    return { dInputs: [fold(perTap, window)], dWeights: [] };
  },
};

/** dy of a global pooling as (B, 1, F), whether or not keepdims kept the axis. */
const withStepAxis = (dy: Tensor) => (dy.rank === 3 ? dy : tf.expandDims(dy, 1));

/**
 * Mean over the steps; with a mask, over the unmasked steps only (a row with every step masked
 * gives 0/0 = NaN, as in Keras). The mask is consumed.
 */
export const GLOBAL_AVERAGE_POOLING_1D: LayerKernel<'GlobalAveragePooling1D'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const keepdims = a.layer.config.keepdims;
    const mask = a.masks[0] ?? null;
    // Per-step weights, [B, T, 1]: the mask divided by its count, or 1/T.
    const weights = mask ? tf.div(tf.expandDims(mask, 2), tf.sum(tf.expandDims(mask, 2), 1, true)) : null;
    const y = weights ? tf.sum(tf.mul(x, weights), 1, keepdims) : tf.mean(x, 1, keepdims);
    return { outputs: [y], masks: [null], cache: weights };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: [null], dWeights: [] };
    const x = a.inputs[0]!;
    const weights = (a.cache as Tensor | null) ?? tf.fill([1, x.shape[1]!, 1], 1 / x.shape[1]!);
    return { dInputs: [tf.mul(withStepAxis(dy), weights)], dWeights: [] };
  },
};

/** Maximum over the steps; tied maxima share the gradient equally (tf.reduce_max's gradient). */
export const GLOBAL_MAX_POOLING_1D: LayerKernel<'GlobalMaxPooling1D'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    return { outputs: [tf.max(x, 1, a.layer.config.keepdims)], masks: [null], cache: null };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: [null], dWeights: [] };
    const x = a.inputs[0]!;
    // 1 where x is its row's maximum: step(max - x) is 0 exactly there (a broadcast equal is
    // slow on WASM; unary step is not).
    const isMax = tf.sub(1, tf.step(tf.sub(tf.max(x, 1, true), x)));
    const share = tf.div(isMax, tf.sum(isMax, 1, true));
    return { dInputs: [tf.mul(share, withStepAxis(dy))], dWeights: [] };
  },
};

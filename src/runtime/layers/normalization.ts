// LayerNormalization (keras/src/layers/normalization/layer_normalization.py) and
// BatchNormalization (batch_normalization.py). LayerNormalization normalises each sample along
// `axis`; BatchNormalization normalises each index of `axis` over every other axis, batch
// included. Both then scale by gamma and shift by beta (each optional), and pass the mask
// through. Variances are biased (tf.nn.moments), as in Keras.

import type { CheckedLayerOf } from '../../compiler/ir.ts';
import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { only, passMask, trainableOnly, weightIndex, weightNamed } from './kernel-utils.ts';

/** Keras's backend.epsilon(), added to the mask's weight sum in BatchNormalization._moments. */
const KERAS_EPSILON = 1e-7;

function axisOf(layer: CheckedLayerOf<'LayerNormalization' | 'BatchNormalization'>, rank: number): number {
  const given = layer.config.axis;
  return given < 0 ? rank + given : given;
}

const otherAxes = (rank: number, axis: number) => [...Array(rank).keys()].filter((i) => i !== axis);

/** A [d] weight shaped to broadcast along `axis` of a rank-`rank` tensor. */
function alongAxis(v: Tensor, rank: number, axis: number): Tensor {
  return tf.reshape(v, Array.from({ length: rank }, (_, i) => (i === axis ? v.shape[0] : 1)));
}

/** The [d] gradient of a weight broadcast along `axis`: dy·factor summed over the other axes. */
const weightGrad = (t: Tensor, axis: number) => tf.sum(t, otherAxes(t.rank, axis));

interface LayerNormCache {
  readonly axis: number;
  readonly diff: Tensor;
  readonly r: Tensor;
  /** (x - mean)·r, or for rms_scaling x·r. */
  readonly xhat: Tensor;
}

/**
 * mean and variance over `axis` per sample. With rms_scaling Keras 3 scales by
 * rsqrt(var(x) + epsilon) — the centred variance, without subtracting the mean from x — and
 * only by gamma; we keep that (the name says root mean square, the code says variance).
 */
export const LAYER_NORMALIZATION: LayerKernel<'LayerNormalization'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const axis = axisOf(a.layer, x.rank);
    const rms = a.layer.config.rms_scaling;
    const gamma = weightNamed(a.layer, a.weights, 'gamma');
    const beta = weightNamed(a.layer, a.weights, 'beta');
    const diff = tf.sub(x, tf.mean(x, axis, true));
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(diff), axis, true), a.layer.config.epsilon));
    const xhat = tf.mul(rms ? x : diff, r);
    let y = gamma ? tf.mul(xhat, alongAxis(gamma, x.rank, axis)) : xhat;
    if (beta) y = tf.add(y, alongAxis(beta, x.rank, axis));
    const cache: LayerNormCache = { axis, diff, r, xhat };
    return { outputs: [y], masks: [passMask(a.masks)], cache };
  },

  backward(a) {
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: [null], dWeights: a.weights.map(() => null) };
    const { axis, diff, r, xhat } = a.cache as LayerNormCache;
    const x = a.inputs[0]!;
    const gamma = weightNamed(a.layer, a.weights, 'gamma');
    const g = gamma ? tf.mul(dy, alongAxis(gamma, x.rank, axis)) : dy;
    const dx = a.layer.config.rms_scaling
      ? // y = x·r·gamma, r = rsqrt(var + eps): dx = g·r - r³·mean(g·x)·(x - mean)
        tf.sub(tf.mul(g, r), tf.mul(tf.mul(tf.pow(r, 3), tf.mean(tf.mul(g, x), axis, true)), diff))
      : // the standard layer-norm gradient: r·(g - mean(g) - xhat·mean(g·xhat))
        tf.mul(r, tf.sub(tf.sub(g, tf.mean(g, axis, true)), tf.mul(xhat, tf.mean(tf.mul(g, xhat), axis, true))));
    const grads = a.layer.weights.map((w) => (w.name === 'gamma' ? weightGrad(tf.mul(dy, xhat), axis) : weightGrad(dy, axis)));
    return { dInputs: [dx], dWeights: trainableOnly(a.layer, grads) };
  },
};

interface BatchNormCache {
  readonly axis: number;
  readonly r: Tensor;
  /** x - mean. */
  readonly centered: Tensor;
  readonly xhat: Tensor;
  /** Training only: what the batch statistics' gradient needs. */
  readonly batch?: {
    /** Per-position weights: the mask broadcast over the last axis, or 1. */
    readonly w: Tensor | number;
    /** Weight sum over the reduction axes (+ epsilon with a mask), keepdims. */
    readonly count: Tensor | number;
    /** w·x - mean, Keras's `difference`. */
    readonly diff: Tensor;
  };
}

/**
 * Training (training and trainable, as Keras's call tests) normalises with the batch's mean
 * and variance — mask-weighted as BatchNormalization._moments does when a mask flows — and
 * returns the new moving statistics, moving·momentum + batch·(1 - momentum). Inference uses the
 * moving statistics, and so does a frozen layer.
 */
export const BATCH_NORMALIZATION: LayerKernel<'BatchNormalization'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const config = a.layer.config;
    const axis = axisOf(a.layer, x.rank);
    const reduce = otherAxes(x.rank, axis);
    const iMean = weightIndex(a.layer, 'moving_mean');
    const iVar = weightIndex(a.layer, 'moving_variance');
    const gamma = weightNamed(a.layer, a.weights, 'gamma');
    const beta = weightNamed(a.layer, a.weights, 'beta');
    const training = a.training && config['trainable'] !== false;

    let mean: Tensor;
    let variance: Tensor;
    let batch: BatchNormCache['batch'];
    const mask = a.masks[0] ?? null;
    if (!training) {
      mean = alongAxis(a.weights[iMean]!, x.rank, axis);
      variance = alongAxis(a.weights[iVar]!, x.rank, axis);
    } else if (mask) {
      const w = tf.expandDims(mask, -1);
      const count = tf.add(tf.sum(w, reduce, true), KERAS_EPSILON);
      mean = tf.div(tf.sum(tf.mul(w, x), reduce, true), count);
      const diff = tf.sub(tf.mul(w, x), mean);
      variance = tf.div(tf.sum(tf.mul(w, tf.square(diff)), reduce, true), count);
      batch = { w, count, diff };
    } else {
      mean = tf.mean(x, reduce, true);
      const diff = tf.sub(x, mean);
      variance = tf.mean(tf.square(diff), reduce, true);
      batch = { w: 1, count: reduce.reduce((n, i) => n * x.shape[i]!, 1), diff };
    }
    const r = tf.rsqrt(tf.add(variance, config.epsilon));
    const centered = tf.sub(x, mean);
    const xhat = tf.mul(centered, r);
    let y = gamma ? tf.mul(xhat, alongAxis(gamma, x.rank, axis)) : xhat;
    if (beta) y = tf.add(y, alongAxis(beta, x.rank, axis));

    const cache: BatchNormCache = { axis, r, centered, xhat, ...(batch ? { batch } : {}) };
    if (!training) return { outputs: [y], masks: [passMask(a.masks)], cache };
    const momentum = config.momentum;
    const moved = (moving: Tensor, stat: Tensor) =>
      tf.add(tf.mul(moving, momentum), tf.mul(tf.reshape(stat, moving.shape), 1 - momentum));
    const weightUpdates = new Map([
      [iMean, moved(a.weights[iMean]!, mean)],
      [iVar, moved(a.weights[iVar]!, variance)],
    ]);
    return { outputs: [y], masks: [passMask(a.masks)], cache, weightUpdates };
  },

  backward(a) {
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: [null], dWeights: a.weights.map(() => null) };
    const { axis, r, centered, xhat, batch } = a.cache as BatchNormCache;
    const x = a.inputs[0]!;
    const reduce = otherAxes(x.rank, axis);
    const gamma = weightNamed(a.layer, a.weights, 'gamma');
    const g = gamma ? tf.mul(dy, alongAxis(gamma, x.rank, axis)) : dy;
    let dx = tf.mul(g, r);
    if (batch) {
      // Through the batch statistics: var = sum(w·diff²)/count, diff = w·x - mean,
      // mean = sum(w·x)/count (w = 1 and count = N without a mask; w² = w for a 1/0 mask).
      const { w, count, diff } = batch;
      const dVariance = tf.mul(tf.sum(tf.mul(g, centered), reduce, true), tf.mul(-0.5, tf.pow(r, 3)));
      const dVarDMean = tf.div(tf.mul(-2, tf.sum(tf.mul(w, diff), reduce, true)), count);
      const dMean = tf.add(tf.mul(tf.neg(tf.sum(g, reduce, true)), r), tf.mul(dVariance, dVarDMean));
      dx = tf.add(dx, tf.add(tf.div(tf.mul(tf.mul(dVariance, 2), tf.mul(w, diff)), count), tf.div(tf.mul(dMean, w), count)));
    }
    const grads = a.layer.weights.map((w) => {
      if (w.name === 'gamma') return weightGrad(tf.mul(dy, xhat), axis);
      if (w.name === 'beta') return weightGrad(dy, axis);
      return null;
    });
    return { dInputs: [dx], dWeights: trainableOnly(a.layer, grads) };
  },
};

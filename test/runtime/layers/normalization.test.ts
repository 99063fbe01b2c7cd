// LayerNormalization and BatchNormalization against tfjs-layers with identical weights, and
// against float64 references with finite differences where tfjs-layers has no counterpart
// (rms_scaling, BatchNormalization's mask-weighted moments); the moving statistics' update
// against Keras's formula, moving·momentum + batch·(1 - momentum).

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { data, defaultDy, expectClose, finiteDifferences, layer, normalData, runKernel, tflReference, weightsFor, type Data } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const f64 = (d: Data) => Float64Array.from(d.values);

/**
 * Float64 normalisation of a row-major tensor: LayerNormalization groups the entries that
 * differ only along `axis`, BatchNormalization those that share their index along `axis`; each
 * group is normalised by its own mean and biased variance (or given moving statistics), then
 * scaled by gamma and shifted by beta at the entry's index along `axis`.
 */
function normalizeReference(
  kind: 'layer' | 'batch',
  shape: readonly number[],
  axis: number,
  epsilon: number,
  params: { gamma?: Float64Array; beta?: Float64Array; moving?: { mean: Float64Array; variance: Float64Array } },
) {
  const size = shape.reduce((a, b) => a * b, 1);
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const along = (i: number) => Math.floor(i / stride) % shape[axis]!;
  const groupOf = (i: number) => (kind === 'batch' ? along(i) : i - along(i) * stride);
  return (xs: Float64Array) => {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < size; i++) groups.set(groupOf(i), [...(groups.get(groupOf(i)) ?? []), i]);
    const y = new Float64Array(size);
    for (const [key, members] of groups) {
      const mean = params.moving ? params.moving.mean[key]! : members.reduce((s, i) => s + xs[i]!, 0) / members.length;
      const variance = params.moving ? params.moving.variance[key]! : members.reduce((s, i) => s + (xs[i]! - mean) ** 2, 0) / members.length;
      for (const i of members) {
        const c = along(i);
        y[i] = ((xs[i]! - mean) / Math.sqrt(variance + epsilon)) * (params.gamma?.[c] ?? 1) + (params.beta?.[c] ?? 0);
      }
    }
    return y;
  };
}

describe('LayerNormalization', () => {
  const cases = [
    { call: 'LayerNormalization(input=(3, 5))', shape: [2, 3, 5], ref: {} },
    { call: 'LayerNormalization(axis=1, epsilon=0.01, input=(4, 3))', shape: [2, 4, 3], ref: { axis: 1, epsilon: 0.01 } },
  ];
  for (const c of cases) {
    it(`matches tfjs-layers: ${c.call}`, async () => {
      const rng = new Rng(51);
      const l = layer(c.call);
      const x = normalData(rng, c.shape, 2);
      const weights = weightsFor(l, rng);
      const ours = runKernel(l, { inputs: [x], weights });
      const ref = await tflReference(() => tfl.layers.layerNormalization(c.ref), { inputs: [x], weights, dy: defaultDy(c.shape) });
      expectClose(ours.outputs[0], ref.output);
      expectClose(ours.dInputs[0], ref.dInputs[0]!);
      expect(ours.dWeights.length).toBe(ref.dWeights.length);
      ours.dWeights.forEach((g, i) => expectClose(g, ref.dWeights[i]!));
    });
  }

  // tfjs-layers fails to differentiate these (an undefined beta or gamma in its graph).
  for (const c of [
    { call: 'LayerNormalization(center=false, input=(6,))', shape: [3, 6], axis: 1 },
    { call: 'LayerNormalization(scale=false, center=false, axis=1, input=(4, 3))', shape: [2, 4, 3], axis: 1 },
  ]) {
    it(`matches a float64 reference with finite differences: ${c.call}`, () => {
      const rng = new Rng(52);
      const l = layer(c.call);
      const x = normalData(rng, c.shape, 2);
      const weights = weightsFor(l, rng);
      const gammaAt = l.weights.findIndex((w) => w.name === 'gamma');
      const forward = ([xs, g]: Float64Array[]) => normalizeReference('layer', c.shape, c.axis, 1e-3, { ...(g ? { gamma: g } : {}) })(xs!);
      const all = [x, ...weights];
      const ours = runKernel(l, { inputs: [x], weights });
      expectClose(ours.outputs[0]!.values, forward(all.map(f64)));
      const grads = finiteDifferences(forward, all, defaultDy(c.shape));
      expectClose(ours.dInputs[0]!.values, grads[0]!, 1e-4);
      if (gammaAt >= 0) expectClose(ours.dWeights[gammaAt]!.values, grads[1 + gammaAt]!, 1e-4);
    });
  }

  it('rms_scaling: x · rsqrt(var(x) + epsilon) · gamma, as Keras 3 computes it (float64 reference)', () => {
    const l = layer('LayerNormalization(rms_scaling=true, input=(5,))');
    expect(l.weights.map((w) => w.name)).toEqual(['gamma']);
    const rng = new Rng(6);
    const x = normalData(rng, [3, 5], 2);
    const [gamma] = weightsFor(l, rng);
    const forward = ([xs, g]: Float64Array[]) => {
      const y = new Float64Array(15);
      for (let b = 0; b < 3; b++) {
        const row = xs!.subarray(b * 5, b * 5 + 5);
        const mean = row.reduce((s, v) => s + v, 0) / 5;
        const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / 5;
        for (let f = 0; f < 5; f++) y[b * 5 + f] = (row[f]! / Math.sqrt(variance + 1e-3)) * g![f]!;
      }
      return y;
    };
    const ours = runKernel(l, { inputs: [x], weights: [gamma!] });
    expectClose(ours.outputs[0]!.values, forward([f64(x), f64(gamma!)]));
    const [dx, dg] = finiteDifferences(forward, [x, gamma!], defaultDy([3, 5]));
    expectClose(ours.dInputs[0]!.values, dx!, 1e-4);
    expectClose(ours.dWeights[0]!.values, dg!, 1e-4);
  });
});

describe('BatchNormalization', () => {
  for (const training of [false, true]) {
    for (const c of [
      { call: 'BatchNormalization(input=(4, 3))', shape: [5, 4, 3], ref: {} },
      { call: 'BatchNormalization(epsilon=0.01, input=(6,))', shape: [8, 6], ref: { epsilon: 0.01 } },
    ]) {
      it(`matches tfjs-layers ${training ? 'in training' : 'at inference'}: ${c.call}`, async () => {
        const rng = new Rng(61);
        const l = layer(c.call);
        const x = normalData(rng, c.shape, 3);
        const weights = weightsFor(l, rng);
        const ours = runKernel(l, { inputs: [x], weights, training });
        const ref = await tflReference(() => tfl.layers.batchNormalization(c.ref), { inputs: [x], weights, dy: defaultDy(c.shape), training });
        expectClose(ours.outputs[0], ref.output);
        expectClose(ours.dInputs[0], ref.dInputs[0]!);
        const trainable = ours.dWeights.filter((g) => g !== null);
        expect(trainable.length).toBe(ref.dWeights.length);
        trainable.forEach((g, i) => expectClose(g, ref.dWeights[i]!));
        expect(ours.weightUpdates.size).toBe(training ? 2 : 0);
      });
    }
  }

  // tfjs-layers cannot differentiate these (its FusedBatchNorm gradient assumes the last axis,
  // and it trips over a missing beta).
  for (const training of [false, true]) {
    for (const c of [
      { call: 'BatchNormalization(axis=1, input=(4, 3))', shape: [5, 4, 3], axis: 1, epsilon: 1e-3 },
      { call: 'BatchNormalization(center=false, epsilon=0.01, input=(6,))', shape: [8, 6], axis: 1, epsilon: 0.01 },
    ]) {
      it(`matches a float64 reference with finite differences ${training ? 'in training' : 'at inference'}: ${c.call}`, () => {
        const rng = new Rng(62);
        const l = layer(c.call);
        const x = normalData(rng, c.shape, 3);
        const weights = weightsFor(l, rng);
        const named = (name: string) => l.weights.findIndex((w) => w.name === name);
        const trainable = l.weights.flatMap((w, i) => (w.trainable ? [i] : []));
        const moving = { mean: f64(weights[named('moving_mean')]!), variance: f64(weights[named('moving_variance')]!) };
        // xs = [x, ...trainable weights in order]
        const forward = (xs: Float64Array[]) => {
          const param = (name: string) => (named(name) >= 0 ? xs[1 + trainable.indexOf(named(name))] : undefined);
          const gamma = param('gamma');
          const beta = param('beta');
          return normalizeReference('batch', c.shape, c.axis, c.epsilon, { ...(gamma ? { gamma } : {}), ...(beta ? { beta } : {}), ...(training ? {} : { moving }) })(xs[0]!);
        };
        const all = [x, ...trainable.map((i) => weights[i]!)];
        const ours = runKernel(l, { inputs: [x], weights, training });
        expectClose(ours.outputs[0]!.values, forward(all.map(f64)));
        const grads = finiteDifferences(forward, all, defaultDy(c.shape));
        expectClose(ours.dInputs[0]!.values, grads[0]!, 1e-4);
        trainable.forEach((w, k) => expectClose(ours.dWeights[w]!.values, grads[1 + k]!, 1e-4));
      });
    }
  }

  it('moves the moving statistics by momentum toward the batch’s biased mean and variance', () => {
    const l = layer('BatchNormalization(momentum=0.8, input=(2,))');
    const x = data([4, 2], [1, 10, 2, 20, 3, 30, 6, 60]);
    const weights = [data([2], [1, 1]), data([2], [0, 0]), data([2], [0.5, -1]), data([2], [2, 3])];
    const ours = runKernel(l, { inputs: [x], weights, training: true });
    // Feature 0: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5; feature 1 is ten times that.
    expectClose(ours.weightUpdates.get(2)!.values, [0.5 * 0.8 + 3 * 0.2, -1 * 0.8 + 30 * 0.2]);
    expectClose(ours.weightUpdates.get(3)!.values, [2 * 0.8 + 3.5 * 0.2, 3 * 0.8 + 350 * 0.2]);
    expect(ours.dWeights[2]).toBeNull();
    expect(ours.dWeights[3]).toBeNull();
  });

  it('runs in inference mode when frozen, even in training', () => {
    const l = layer('BatchNormalization(trainable=false, input=(2,))');
    const x = data([2, 2], [1, 2, 3, 4]);
    const weights = [data([2], [2, 2]), data([2], [1, 1]), data([2], [1, 1]), data([2], [3, 3])];
    const ours = runKernel(l, { inputs: [x], weights, training: true });
    // 2 · (x - 1) / sqrt(3 + 0.001) + 1
    expectClose(ours.outputs[0]!.values, [1, 2, 3, 4].map((v) => (2 * (v - 1)) / Math.sqrt(3.001) + 1));
    expect(ours.weightUpdates.size).toBe(0);
    expect(ours.dWeights).toEqual([null, null, null, null]);
  });

  it('with a mask, uses Keras’s mask-weighted moments (float64 reference with finite differences)', () => {
    const l = layer('BatchNormalization(input=(4, 3))');
    const [B, T, F] = [2, 4, 3];
    const rng = new Rng(71);
    const x = normalData(rng, [B, T, F], 2);
    const [gamma, beta, movingMean, movingVar] = weightsFor(l, rng);
    const mask = data([B, T], [1, 1, 1, 0, 1, 1, 0, 0]);
    // batch_normalization.py _moments: mean = Σ m·x / (Σ m + 1e-7),
    // variance = Σ m·(m·x - mean)² / (Σ m + 1e-7), over the unmasked steps of each feature.
    const moments = (xs: Float64Array) => {
      const mean = new Float64Array(F);
      const variance = new Float64Array(F);
      let count = 0;
      for (let i = 0; i < B * T; i++) count += mask.values[i]!;
      for (let f = 0; f < F; f++) {
        for (let i = 0; i < B * T; i++) mean[f]! += mask.values[i]! * xs[i * F + f]!;
        mean[f]! /= count + 1e-7;
        for (let i = 0; i < B * T; i++) variance[f]! += mask.values[i]! * (mask.values[i]! * xs[i * F + f]! - mean[f]!) ** 2;
        variance[f]! /= count + 1e-7;
      }
      return { mean, variance };
    };
    const forward = ([xs, g, b]: Float64Array[]) => {
      const { mean, variance } = moments(xs!);
      return xs!.map((v, i) => ((v - mean[i % F]!) / Math.sqrt(variance[i % F]! + 1e-3)) * g![i % F]! + b![i % F]!);
    };
    const ours = runKernel(l, { inputs: [x], weights: [gamma!, beta!, movingMean!, movingVar!], masks: [mask], training: true });
    expectClose(ours.outputs[0]!.values, forward([f64(x), f64(gamma!), f64(beta!)]));
    const [dx, dg, db] = finiteDifferences(forward, [x, gamma!, beta!], defaultDy([B, T, F]));
    expectClose(ours.dInputs[0]!.values, dx!, 1e-4);
    expectClose(ours.dWeights[0]!.values, dg!, 1e-4);
    expectClose(ours.dWeights[1]!.values, db!, 1e-4);
    const { mean, variance } = moments(f64(x));
    expectClose(ours.weightUpdates.get(2)!.values, [...movingMean!.values].map((m, f) => 0.99 * m + 0.01 * mean[f]!));
    expectClose(ours.weightUpdates.get(3)!.values, [...movingVar!.values].map((v, f) => 0.99 * v + 0.01 * variance[f]!));
    expect([...ours.masks[0]!.values]).toEqual([...mask.values]);
  });
});

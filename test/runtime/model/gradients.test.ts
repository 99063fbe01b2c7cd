// Whole-model gradients: for small models checked from .rnn sources, the loss and gradients that
// Network.step() returns equal tfjs-layers' (the same model built by hand with Keras's semantics,
// the same weights, tfjs autodiff through tfl.variableGrads) and central finite differences of
// tfjs-layers' loss. The graph's job is what the layer tests cannot see: running nodes in order,
// backwards in reverse, summing the gradients of values read twice, and adding the regularizers'
// penalties and gradients.

import { beforeAll, describe, expect, it } from 'vitest';
import type { RnnModel } from '../../../src/runtime/api.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import {
  copyWeights,
  directionalDerivative,
  dot,
  expectClose,
  modelWithWeights,
  norm,
  rnncStep,
  tfjsGradients,
  tfjsLoss,
  type Batch,
  type TfjsTwin,
} from './support.ts';
import { GRADIENT_CASES, type Case } from './gradient-cases.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The loss at given weights: tfjs-layers' where the model has a twin, else rnnc's own forward
 *  pass (which the layer tests hold to float64 references) — still a check of the backward pass. */
function lossAt(rnn: RnnModel, t: TfjsTwin | null, batch: Batch) {
  return (values: Float32Array[]) => {
    if (!t) {
      rnn.network.setWeightValues(values);
      return rnncStep(rnn, batch).loss;
    }
    copyWeights(rnn, t, values);
    return tfjsLoss(rnn, t, batch).loss;
  };
}

async function expectTfjsAgrees(c: Case, rnn: RnnModel, t: TfjsTwin, batch: Batch, ours: ReturnType<typeof rnncStep>) {
  copyWeights(rnn, t);
  const theirs = tfjsLoss(rnn, t, batch);
  expect(Math.abs(ours.loss - theirs.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(theirs.loss));
  ours.outputs.forEach((o, i) => expectClose(o, theirs.outputs[i]!, 1e-5, `output ${i}`));
  if (c.autodiffBackend) await initBackend(c.autodiffBackend);
  const want = tfjsGradients(rnn, t, batch);
  await initBackend('wasm');
  const scale = norm(want.values());
  expect(scale).toBeGreaterThan(1e-3);
  for (const w of rnn.network.trainable) {
    // Relative to the largest entry of that weight's reference gradient; floor at 1e-6 of the whole.
    expectClose(ours.grads.get(w.name), want.get(w.name)!, 1e-4, `d ${w.name}`, 1e-6 * scale);
  }
}

/**
 * Central differences (with Richardson extrapolation) of the float32 loss along a direction per
 * weight tensor, and along one through all of them: each must equal g·v. Each v is a unit vector
 * half along the gradient and half random, so g·v is large. Float32 round-off in the loss (about
 * 1e-7 of it) divided by the step bounds what a difference quotient can resolve: ~2e-5.
 */
function expectFiniteDifferencesAgree(rnn: RnnModel, t: TfjsTwin | null, batch: Batch, ours: ReturnType<typeof rnncStep>) {
  const at = rnn.network.getWeightValues();
  const trainable = rnn.network.trainable.map((w) => rnn.network.weights.indexOf(w));
  const grads = rnn.network.weights.map((w) => ours.grads.get(w.name) ?? new Float32Array(0));
  const rng = new Rng(5);
  const directions = new Map(trainable.map((i) => [i, mixedDirection(grads[i]!, rng)]));
  const loss = lossAt(rnn, t, batch);
  const h = 2e-2;
  for (const [i, v] of directions) {
    const direction = at.map((_, j) => (j === i ? v : null));
    const [fd, gv] = [directionalDerivative(loss, at, direction, h), dot(grads, direction)];
    expect(Math.abs(fd - gv), `${rnn.network.weights[i]!.name}: finite difference ${fd}, g·v ${gv}`).toBeLessThanOrEqual(2e-3 * norm([grads[i]!]) + 2e-5);
  }
  const all = at.map((_, j) => directions.get(j) ?? null);
  const [fd, gv] = [directionalDerivative(loss, at, all, h), dot(grads, all)];
  expect(Math.abs(fd - gv), `all weights: finite difference ${fd}, g·v ${gv}`).toBeLessThanOrEqual(1e-4 * norm(grads));
  rnn.network.setWeightValues(at);
}

describe.each(GRADIENT_CASES)('$name', (c) => {
  it(`Network.step()'s loss and gradients equal ${c.twin ? "tfjs-layers' autodiff and " : ''}finite differences`, async () => {
    const rnn = await modelWithWeights(c.source, 7);
    const t = c.twin?.() ?? null;
    try {
      const batch = c.batch(new Rng(11));
      const ours = rnncStep(rnn, batch);
      if (t) await expectTfjsAgrees(c, rnn, t, batch, ours);
      expectFiniteDifferencesAgree(rnn, t, batch, ours);
    } finally {
      t?.model.dispose();
      rnn.dispose();
    }
  });
});

/** A unit vector halfway between the gradient's direction and a random one (so g·v is large). */
function mixedDirection(g: Float32Array, rng: Rng): Float32Array {
  const n = norm([g]) || 1;
  const r = Float32Array.from(g, () => rng.normal());
  const rn = norm([r]) || 1;
  const v = g.map((x, k) => x / n + r[k]! / rn);
  const vn = norm([v]) || 1;
  return v.map((x) => x / vn);
}

describe('l2 penalties', () => {
  // Keras adds factor·Σw² of every regularized weight to the loss; a Bidirectional copies its
  // layer's config to both directions, so both kernels are penalised.
  it.each([
    ['Dense stack', GRADIENT_CASES[0]!, { 'd1/kernel': 0.01, 'd2/bias': 0.02 }],
    ['Bidirectional GRU', GRADIENT_CASES.at(-1)!, { 'bi/forward_gru/kernel': 0.05, 'bi/backward_gru/kernel': 0.05 }],
  ] as const)('%s: the loss minus the unregularized loss is Σ factor·w², computed here in float64', async (_, c, factors) => {
    const plain = c.source.replace(/, (kernel|bias)_regularizer=l2\([\d.]+\)/g, '');
    expect(plain).not.toContain('regularizer');
    const [with_, without] = [await modelWithWeights(c.source, 7), await modelWithWeights(plain, 7)];
    const batch = c.batch(new Rng(11));
    const values = with_.network.getWeightValues();
    let penalty = 0;
    with_.network.weights.forEach((w, i) => {
      const factor = (factors as Record<string, number>)[w.name] ?? 0;
      for (const v of values[i]!) penalty += factor * v * v;
    });
    expect(penalty).toBeGreaterThan(0.01);
    const diff = rnncStep(with_, batch).loss - rnncStep(without, batch).loss;
    expect(Math.abs(diff - penalty)).toBeLessThanOrEqual(1e-6 + 1e-5 * penalty);
    with_.dispose();
    without.dispose();
  });
});

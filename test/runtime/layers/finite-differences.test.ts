// Every layer's backward pass against central finite differences of its own forward pass: for the
// sample model of each layer (samples.ts), in training mode with a fixed random stream (so Dropout
// draws one mask), the derivative of sum(y · dy) along a direction through every float input and
// trainable weight equals g · v, where g is what the kernel's backward pass returns. The recurrent
// layers are checked whole-model in test/runtime/model/gradients.test.ts.

import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { concrete, sampleInputs, sampleLayer, SAMPLES, tensorType } from './samples.ts';
import { normalData, runKernel, weightsFor, type Data } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** x + s·v, entrywise; `v` null leaves x as it is (integer ids, non-trainable weights). */
const shifted = (x: Data, v: Float32Array | null, s: number): Data =>
  v ? { shape: x.shape, values: Float32Array.from(x.values, (e, k) => e + s * v[k]!) } : x;

const dotAll = (as: readonly (ArrayLike<number> | null)[], bs: readonly (Float32Array | null)[]) =>
  as.reduce((sum, a, i) => {
    const b = bs[i];
    if (!a || !b) return sum;
    for (let k = 0; k < b.length; k++) sum += a[k]! * b[k]!;
    return sum;
  }, 0);

describe('each layer’s gradients equal finite differences of its forward pass', () => {
  for (const type of Object.keys(SAMPLES)) {
    it(type, () => {
      const l = sampleLayer(type);
      expect(l.type).toBe(type);
      const rng = new Rng(57);
      const { inputs, masks } = sampleInputs(l, rng);
      const weights = weightsFor(l, rng);
      const dOutputs = l.outputTypes.map((t, i) => normalData(new Rng(200 + i), concrete(tensorType(t))));
      const run = (xs: readonly Data[], ws: readonly Data[]) => runKernel(l, { inputs: [...xs], masks, weights: [...ws], training: true, seed: 5, dOutputs });
      const loss = (xs: readonly Data[], ws: readonly Data[]) => dotAll(run(xs, ws).outputs.map((y) => y.values), dOutputs.map((d) => d.values as Float32Array));

      const at = run(inputs, weights);
      if (inputs.every((x) => x.values instanceof Int32Array) && l.weights.every((w) => !w.trainable)) {
        // Ids in, no trainable weight (TextVectorization): nothing to differentiate, and no gradient.
        expect([...at.dInputs, ...at.dWeights].every((g) => g === null)).toBe(true);
        return;
      }
      // One random direction through every float input and trainable weight, scaled to unit length.
      const dirRng = new Rng(58);
      const draw = (d: Data) => Float32Array.from(d.values, () => dirRng.normal());
      const vIn = inputs.map((x) => (x.values instanceof Int32Array ? null : draw(x)));
      const vW = weights.map((w, i) => (l.weights[i]!.trainable ? draw(w) : null));
      const length = Math.sqrt(dotAll([...vIn, ...vW], [...vIn, ...vW]));
      for (const v of [...vIn, ...vW]) v?.forEach((e, k) => (v[k] = e / length));

      const along = (s: number) => loss(inputs.map((x, i) => shifted(x, vIn[i]!, s)), weights.map((w, i) => shifted(w, vW[i]!, s)));
      const central = (h: number) => (along(h) - along(-h)) / (2 * h);
      const h = 1e-2;
      const fd = (4 * central(h / 2) - central(h)) / 3; // Richardson: error O(h^4)
      const grads = [...at.dInputs.map((g) => (g ? g.values : null)), ...at.dWeights.map((g) => (g ? g.values : null))];
      const gv = dotAll(grads, [...vIn, ...vW]);
      const scale = Math.sqrt(dotAll(grads, grads.map((g) => (g ? Float32Array.from(g) : null))));
      expect(scale, 'the gradient is not zero').toBeGreaterThan(1e-3);
      expect(Math.abs(fd - gv), `finite difference ${fd}, g·v ${gv}`).toBeLessThanOrEqual(2e-3 * scale + 1e-4);
    });
  }
});

// Merge layers against tfjs-layers (outputs and the gradient reaching each input), broadcasting
// of inputs of lower rank, and Keras 3's mask rules (base_merge.py and concatenate.py
// compute_mask) and tie rules, in closed form.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { data, defaultDy, expectClose, nodeOfType, normalData, runKernel, tflReference, type Data } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A functional model merging inputs of the given shapes with `call`. */
function merge(type: string, call: string, shapes: string[]): CheckedLayer {
  const names = shapes.map((_, i) => `x${i}`);
  const inputs = shapes.map((s, i) => `  ${names[i]} = Input(shape=${s})`).join('\n');
  return nodeOfType(`${inputs}\n  output ${call}([${names.join(', ')}])`, type);
}

const REFERENCES: Record<string, () => tfl.layers.Layer> = {
  Add: () => tfl.layers.add(),
  Multiply: () => tfl.layers.multiply(),
  Average: () => tfl.layers.average(),
  Maximum: () => tfl.layers.maximum(),
  Minimum: () => tfl.layers.minimum(),
};

describe('element-wise merges', () => {
  for (const [type, build] of Object.entries(REFERENCES)) {
    it(`matches tfjs-layers: ${type} of 3 inputs`, async () => {
      const l = merge(type, `${type}()`, Array.from({ length: 3 }, () => '(3, 4)'));
      const rng = new Rng(31);
      const xs = Array.from({ length: 3 }, () => normalData(rng, [2, 3, 4]));
      const ours = runKernel(l, { inputs: xs });
      const ref = await tflReference(build, { inputs: xs, weights: [], dy: defaultDy([2, 3, 4]) });
      expectClose(ours.outputs[0], ref.output);
      xs.forEach((_, i) => expectClose(ours.dInputs[i], ref.dInputs[i]!));
    });
  }

  it('Subtract (which tfjs-layers lacks): a - b, with gradients dy and -dy', () => {
    const l = merge('Subtract', 'Subtract()', ['(2,)', '(2,)']);
    const ours = runKernel(l, { inputs: [data([1, 2], [5, 7]), data([1, 2], [1, 10])], dOutputs: [data([1, 2], [2, 3])] });
    expect([...ours.outputs[0]!.values]).toEqual([4, -3]);
    expect([...ours.dInputs[0]!.values]).toEqual([2, 3]);
    expect([...ours.dInputs[1]!.values]).toEqual([-2, -3]);
  });

  it('broadcasts an input of lower rank over the axes after the batch (Keras inserts them at axis 1)', () => {
    const l = merge('Multiply', 'Multiply()', ['(3, 2)', '(2,)']);
    const a = data([1, 3, 2], [1, 2, 3, 4, 5, 6]);
    const b = data([1, 2], [10, 100]);
    const ours = runKernel(l, { inputs: [a, b], dOutputs: [data([1, 3, 2], [1, 1, 1, 1, 1, 1])] });
    expect([...ours.outputs[0]!.values]).toEqual([10, 200, 30, 400, 50, 600]);
    expect([...ours.dInputs[0]!.values]).toEqual([10, 100, 10, 100, 10, 100]);
    // b's gradient sums over the three steps it was broadcast to: a's column sums.
    expect([...ours.dInputs[1]!.shape]).toEqual([1, 2]);
    expect([...ours.dInputs[1]!.values]).toEqual([1 + 3 + 5, 2 + 4 + 6]);
  });

  it('gives a tie to the earlier input: Maximum and Minimum fold left with x ≥ y (x ≤ y) going to x', () => {
    const ones = data([1, 1], [1]);
    for (const type of ['Maximum', 'Minimum']) {
      const l = merge(type, `${type}()`, ['(1,)', '(1,)', '(1,)']);
      const ours = runKernel(l, { inputs: [data([1, 1], [2]), data([1, 1], [2]), data([1, 1], [type === 'Maximum' ? 1 : 3])], dOutputs: [ones] });
      expect(ours.dInputs.map((g) => g!.values[0])).toEqual([1, 0, 0]);
    }
  });

  it('is masked only when every input is, with the OR of the masks', () => {
    const l = merge('Add', 'Add()', ['(3, 1)', '(3, 1)']);
    const xs = [data([1, 3, 1], [1, 2, 3]), data([1, 3, 1], [4, 5, 6])];
    const m1 = data([1, 3], [1, 0, 0]);
    const m2 = data([1, 3], [0, 1, 0]);
    expect([...runKernel(l, { inputs: xs, masks: [m1, m2] }).masks[0]!.values]).toEqual([1, 1, 0]);
    expect(runKernel(l, { inputs: xs, masks: [m1, null] }).masks).toEqual([null]);
  });
});

describe('Concatenate', () => {
  const rng = new Rng(41);
  const cases: { axis: number; shapes: string[]; data: number[][] }[] = [
    { axis: -1, shapes: ['(3, 2)', '(3, 4)'], data: [[2, 3, 2], [2, 3, 4]] },
    { axis: 1, shapes: ['(2, 3)', '(4, 3)', '(1, 3)'], data: [[2, 2, 3], [2, 4, 3], [2, 1, 3]] },
  ];
  for (const c of cases) {
    it(`matches tfjs-layers on axis ${c.axis}`, async () => {
      const l = merge('Concatenate', `Concatenate(axis=${c.axis})`, c.shapes);
      const xs = c.data.map((s) => normalData(rng, s));
      const ours = runKernel(l, { inputs: xs });
      const ref = await tflReference(() => tfl.layers.concatenate({ axis: c.axis }), { inputs: xs, weights: [], dy: defaultDy(ours.outputs[0]!.shape) });
      expectClose(ours.outputs[0], ref.output);
      xs.forEach((_, i) => expectClose(ours.dInputs[i], ref.dInputs[i]!));
    });
  }

  const masksOf = (axis: number, masks: (Data | null)[], shapes: number[][]) => {
    const l = merge('Concatenate', `Concatenate(axis=${axis})`, shapes.map((s) => `(${s.slice(1).join(', ')})`));
    const m = runKernel(l, { inputs: shapes.map((s) => normalData(rng, s)), masks }).masks[0];
    return m ? [...m.values] : null;
  };

  it('joins masks along a step axis, counting an unmasked input as all ones', () => {
    expect(masksOf(1, [data([1, 2], [1, 0]), null], [[1, 2, 3], [1, 2, 3]])).toEqual([1, 0, 1, 1]);
  });

  it('along the last axis takes any() over the joined features: the OR, or all ones if an input is unmasked', () => {
    const m1 = data([1, 3], [1, 0, 0]);
    const m2 = data([1, 3], [0, 1, 0]);
    expect(masksOf(-1, [m1, m2], [[1, 3, 2], [1, 3, 2]])).toEqual([1, 1, 0]);
    expect(masksOf(-1, [m1, null], [[1, 3, 2], [1, 3, 2]])).toEqual([1, 1, 1]);
    expect(masksOf(-1, [null, null], [[1, 3, 2], [1, 3, 2]])).toBeNull();
  });
});

// tfjs-layers computes, from what rnnc saved, the numbers Keras's equations give: its predict
// is compared with an independent float64 computation written here from the Keras formulas.
// The LSTM case also proves recurrent_activation reaches tfjs (its own default is hard_sigmoid).

import * as tfl from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveModel, type SavedWeight } from '../../../src/runtime/save/index.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { checkModel, loadWithTfjs, random, randomWeights, scratchDir } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const root = scratchDir();

type Matrix = number[][];

/** A saved [rows, cols] weight as rows of float64. */
function matrix(weights: readonly SavedWeight[], name: string): Matrix {
  const w = weights.find((x) => x.name === name);
  if (!w || w.shape.length !== 2) throw new Error(`no matrix ${name}`);
  const [rows = 0, cols = 0] = w.shape;
  return Array.from({ length: rows }, (_, r) => Array.from(w.data.subarray(r * cols, (r + 1) * cols)));
}

function vector(weights: readonly SavedWeight[], name: string): number[] {
  const w = weights.find((x) => x.name === name);
  if (!w) throw new Error(`no vector ${name}`);
  return Array.from(w.data);
}

/** A recurrent layer's kernel W, recurrent kernel U and bias b. */
const recurrent = (weights: readonly SavedWeight[], layer: string) => ({
  w: matrix(weights, `${layer}/kernel`),
  u: matrix(weights, `${layer}/recurrent_kernel`),
  b: vector(weights, `${layer}/bias`),
});

/** x·W + b for one row x. */
const affine = (x: readonly number[], w: Matrix, b?: readonly number[]): number[] =>
  (w[0] ?? []).map((_, j) => x.reduce((s, xi, i) => s + xi * (w[i]?.[j] ?? NaN), b?.[j] ?? 0));
const add = (a: readonly number[], b: readonly number[]) => a.map((v, i) => v + (b[i] ?? NaN));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** [batch][time][features] of random values in [-1, 1). */
function sequences(batch: number, time: number, features: number, seed: number): number[][][] {
  const next = random(seed);
  return Array.from({ length: batch }, () => Array.from({ length: time }, () => Array.from({ length: features }, () => next() * 2 - 1)));
}

async function saveAndPredict(source: string, name: string, x: number[][] | number[][][], seed: number) {
  const model = checkModel(source);
  const weights = randomWeights(model, seed);
  const dir = join(root, name);
  await saveModel(dir, model, weights);
  const loaded = await loadWithTfjs(dir);
  const y = loaded.predict(tfl.tensor(x)) as tfl.Tensor;
  const out = y.arraySync();
  tfl.dispose(y);
  loaded.dispose();
  return { weights, out };
}

function expectClose(actual: unknown, expected: unknown) {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length === expected.length).toBe(true);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e));
  } else {
    expect(actual as number).toBeCloseTo(expected as number, 5);
  }
}

describe('tfjs-layers predicts what the Keras equations give', () => {
  it('Dense: tanh(x·W + b)', async () => {
    const next = random(11);
    const x = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => next() * 2 - 1));
    const { weights, out } = await saveAndPredict('model m { Dense(3, activation=tanh, input=(4,)) }', 'dense', x, 5);
    const w = matrix(weights, 'dense/kernel');
    const b = vector(weights, 'dense/bias');
    expectClose(out, x.map((row) => affine(row, w, b).map(Math.tanh)));
  });

  it('SimpleRNN: h_t = tanh(x_t·W + h_{t-1}·U + b), every step', async () => {
    const x = sequences(2, 4, 3, 12);
    const { weights, out } = await saveAndPredict('model m { SimpleRNN(5, return_sequences=true, input=(4, 3)) }', 'simple_rnn', x, 6);
    const { w, u, b } = recurrent(weights, 'simple_rnn');
    const expected = x.map((steps) => {
      let h = new Array<number>(5).fill(0);
      return steps.map((xt) => (h = add(affine(xt, w, b), affine(h, u)).map(Math.tanh)));
    });
    expectClose(out, expected);
  });

  it('LSTM: sigmoid gates i, f, o and a tanh cell, in Keras’s i, f, c, o order', async () => {
    const x = sequences(2, 5, 3, 13);
    const { weights, out } = await saveAndPredict('model m { LSTM(4, input=(5, 3)) }', 'lstm', x, 7);
    const { w, u, b } = recurrent(weights, 'lstm');
    const units = 4;
    const gate = (z: number[], k: number) => z.slice(k * units, (k + 1) * units);
    const expected = x.map((steps) => {
      let h = new Array<number>(units).fill(0);
      let c = new Array<number>(units).fill(0);
      for (const xt of steps) {
        const z = add(affine(xt, w, b), affine(h, u));
        const i = gate(z, 0).map(sigmoid);
        const f = gate(z, 1).map(sigmoid);
        const g = gate(z, 2).map(Math.tanh);
        const o = gate(z, 3).map(sigmoid);
        c = c.map((cj, j) => (f[j] ?? NaN) * cj + (i[j] ?? NaN) * (g[j] ?? NaN));
        h = o.map((oj, j) => oj * Math.tanh(c[j] ?? NaN));
      }
      return h;
    });
    expectClose(out, expected);
  });
});

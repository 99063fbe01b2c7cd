// Whole-model gradient checks: a checked .rnn model's Network and the same model built by hand
// in tfjs-layers, given identical weights. The expected values come from tfjs-layers (its forward
// pass and tfjs's autodiff, registered by @tensorflow/tfjs) and from central finite differences of
// tfjs-layers' loss; rnnc's outputs are only ever the values under test.

import * as tfl from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { compile, type RnnModel } from '../../../src/runtime/api.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';
import { compileLoss } from '../../../src/runtime/train/losses.ts';
import { tf } from '../../../src/runtime/tf.ts';

export type Values = Float32Array | Int32Array;

/** A model input or target as host data; `int` for token ids. */
export interface Batch {
  readonly x: readonly HostArray[];
  readonly y: readonly HostArray[];
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function normal(rng: Rng, shape: readonly number[], scale = 1): HostArray {
  const data = new Float32Array(size(shape));
  for (let i = 0; i < data.length; i++) data[i] = scale * rng.normal();
  return { dtype: 'float32', shape, data };
}

/** Token ids in [1, vocab), right-padded with 0 after each row's length. */
export function paddedIds(rng: Rng, lengths: readonly number[], time: number, vocab: number): HostArray {
  const data = new Int32Array(lengths.length * time);
  lengths.forEach((len, b) => {
    for (let t = 0; t < len; t++) data[b * time + t] = 1 + Math.floor(rng.next() * (vocab - 1));
  });
  return { dtype: 'int32', shape: [lengths.length, time], data };
}

export function binary(rng: Rng, rows: number): HostArray {
  return { dtype: 'float32', shape: [rows, 1], data: Float32Array.from({ length: rows }, () => (rng.next() < 0.5 ? 0 : 1)) };
}

/** One-hot rows over the last axis of `shape`. */
export function oneHot(rng: Rng, shape: readonly number[]): HostArray {
  const classes = shape[shape.length - 1]!;
  const data = new Float32Array(size(shape));
  for (let r = 0; r < data.length / classes; r++) data[r * classes + Math.floor(rng.next() * classes)] = 1;
  return { dtype: 'float32', shape, data };
}

/** The model checked and built with seeded weights, then every weight redrawn ~ N(0, scale²)
 *  so that biases are not zero and every path carries gradient. */
export async function modelWithWeights(source: string, seed: number, scale = 0.4): Promise<RnnModel> {
  const rnn = await compile(source, { seed });
  const rng = new Rng(seed + 1000);
  rnn.network.setWeightValues(rnn.network.weights.map((w) => normal(rng, w.variable.shape, scale).data as Float32Array));
  return rnn;
}

const toTensor = (a: HostArray) => tf.tensor(a.data, [...a.shape], a.dtype);

/** rnnc's loss and gradients for one batch, by weight name (copied out; no tensors kept). */
export function rnncStep(rnn: RnnModel, batch: Batch): { loss: number; grads: Map<string, Float32Array>; outputs: Float32Array[] } {
  const xs = batch.x.map(toTensor);
  const ys = batch.y.map(toTensor);
  const step = rnn.network.step(xs, ys, compileLoss(rnn.model.train!, rnn.model.outputs.length));
  const grads = new Map(rnn.network.trainable.map((w, i) => [w.name, new Float32Array(step.grads[i]!.dataSync())]));
  const outputs = step.predictions.map((p) => new Float32Array(p.dataSync()));
  tf.dispose([...xs, ...ys, ...step.grads, ...step.predictions, ...step.outputMasks.filter((m) => m !== null)]);
  rnn.network.commit(step);
  return { loss: step.loss, grads, outputs };
}

/** tfjs-layers' version of the model: the built LayersModel, its loss written from Keras's
 *  formulas (tfjs ops), and the tfjs layer that holds each rnnc layer's weights. */
export interface TfjsTwin {
  readonly model: tfl.LayersModel;
  /** Keras's reduced loss of the outputs, plus any regularization penalty (given the weights). */
  readonly loss: (yTrue: readonly tfl.Tensor[], yPred: readonly tfl.Tensor[], weights: ReadonlyMap<string, tfl.Tensor>) => tfl.Scalar;
}

/** Each rnnc weight's tfjs LayerVariable: the tfjs layer of the same name, weights in Keras's order. */
function variablesOf(rnn: RnnModel, model: tfl.LayersModel): Map<string, tfl.LayerVariable> {
  const out = new Map<string, tfl.LayerVariable>();
  for (const w of rnn.network.weights) {
    const [layerName] = w.name.split('/');
    const layer = model.getLayer(layerName!);
    const own = rnn.network.weights.filter((v) => v.node === w.node);
    expect(layer.weights.length, `${layerName}'s weight count in tfjs`).toBe(own.length);
    out.set(w.name, layer.weights[w.index]!);
  }
  return out;
}

/** Copy rnnc's current weights into the twin (layer.setWeights, Keras's order). */
export function copyWeights(rnn: RnnModel, twin: TfjsTwin, values = rnn.network.getWeightValues()): void {
  const vars = variablesOf(rnn, twin.model);
  rnn.network.weights.forEach((w, i) => vars.get(w.name)!.write(tfl.tensor(values[i]!, w.variable.shape)));
}

const tfjsTensor = (a: HostArray) => tfl.tensor(a.data, [...a.shape], a.dtype);

/** The twin's loss (and outputs) at its current weights, in float32 on the current backend. */
export function tfjsLoss(rnn: RnnModel, twin: TfjsTwin, batch: Batch): { loss: number; outputs: Float32Array[] } {
  const vars = variablesOf(rnn, twin.model);
  return tfl.tidy(() => {
    const { loss, outputs } = lossAndOutputs(twin, vars, batch);
    return { loss: loss.dataSync()[0]!, outputs: outputs.map((o) => new Float32Array(o.dataSync())) };
  });
}

function lossAndOutputs(twin: TfjsTwin, vars: Map<string, tfl.LayerVariable>, batch: Batch) {
  const xs = batch.x.map(tfjsTensor);
  const out = twin.model.apply(xs.length === 1 ? xs[0]! : xs, { training: true }) as tfl.Tensor | tfl.Tensor[];
  const outputs = Array.isArray(out) ? out : [out];
  const weights = new Map([...vars].map(([name, v]) => [name, v.read()]));
  return { loss: twin.loss(batch.y.map(tfjsTensor), outputs, weights), outputs };
}

/** tfjs autodiff's gradient of the twin's loss with respect to every trainable weight, by rnnc name. */
export function tfjsGradients(rnn: RnnModel, twin: TfjsTwin, batch: Batch): Map<string, Float32Array> {
  const vars = variablesOf(rnn, twin.model);
  const out = new Map<string, Float32Array>();
  tfl.tidy(() => {
    const trainable = rnn.network.trainable.map((w) => [w.name, vars.get(w.name)!.read() as tfl.Variable] as const);
    const { grads } = tfl.variableGrads(() => lossAndOutputs(twin, vars, batch).loss, trainable.map(([, v]) => v));
    for (const [name, v] of trainable) out.set(name, new Float32Array(grads[v.name]!.dataSync()));
  });
  return out;
}

/**
 * Directional derivatives of `loss(weights)` by central differences with Richardson extrapolation
 * (D(h) and D(h/2) combined to cancel the h² term), along `direction`, given per trainable weight.
 */
export function directionalDerivative(loss: (values: Float32Array[]) => number, at: readonly Float32Array[], direction: readonly (Float32Array | null)[], h: number): number {
  const moved = (t: number) => at.map((w, i) => (direction[i] ? w.map((v, k) => v + t * direction[i]![k]!) : w));
  const central = (step: number) => (loss(moved(step)) - loss(moved(-step))) / (2 * step);
  return (4 * central(h / 2) - central(h)) / 3;
}

/** Σ g·v over the weights that have a direction. */
export function dot(grads: readonly Float32Array[], direction: readonly (Float32Array | null)[]): number {
  let s = 0;
  direction.forEach((v, i) => v?.forEach((x, k) => (s += x * grads[i]![k]!)));
  return s;
}

export const norm = (values: Iterable<ArrayLike<number>>) => {
  let s = 0;
  for (const a of values) for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
};

/** max|a - e| ≤ rtol · max|e| (and at least an absolute floor for near-zero references). */
export function expectClose(actual: ArrayLike<number> | undefined, expected: ArrayLike<number>, rtol: number, what: string, floor = 1e-7): void {
  expect(actual, what).toBeDefined();
  expect(actual!.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    const d = Math.abs(actual![i]! - expected[i]!);
    if (!(d <= worst)) [worst, at] = [d, i];
  }
  const bound = Math.max(rtol * scale, floor);
  if (!(worst <= bound)) {
    expect.fail(`${what}: element ${at} is ${actual![at]}, expected ${expected[at]} (|error| ${worst} > ${bound} = ${rtol}·${scale})`);
  }
}

/** Keras's losses from their formulas, reduced by the mean over every value (sum_over_batch_size). */
export const KERAS_LOSS = {
  mse: (t: tfl.Tensor, p: tfl.Tensor) => tfl.mean(tfl.square(tfl.sub(t, p))),
  /** binary_crossentropy on probabilities, clipped at epsilon as Keras's non-logit path does. */
  bce: (t: tfl.Tensor, p: tfl.Tensor) => {
    const q = tfl.clipByValue(p, 1e-7, 1 - 1e-7);
    return tfl.neg(tfl.mean(tfl.add(tfl.mul(t, tfl.log(q)), tfl.mul(tfl.sub(1, t), tfl.log(tfl.sub(1, q))))));
  },
  /** categorical_crossentropy: normalise, clip, -Σ t·log p over the classes, mean over the rest. */
  cce: (t: tfl.Tensor, p: tfl.Tensor) => {
    const q = tfl.clipByValue(tfl.div(p, tfl.sum(p, -1, true)), 1e-7, 1 - 1e-7);
    return tfl.neg(tfl.mean(tfl.sum(tfl.mul(t, tfl.log(q)), -1)));
  },
} as const;

/** Keras's l2 penalty: factor · Σ w², for the named weights. */
export const l2 = (factor: number, names: readonly string[]) => (weights: ReadonlyMap<string, tfl.Tensor>) =>
  names.map((n) => tfl.mul<tfl.Scalar>(factor, tfl.sum(tfl.square(weights.get(n)!))));

/** A twin whose loss is one Keras loss on each output plus the given penalties. */
export function twin(
  model: tfl.LayersModel,
  loss: (t: tfl.Tensor, p: tfl.Tensor) => tfl.Tensor,
  penalties: (w: ReadonlyMap<string, tfl.Tensor>) => tfl.Scalar[] = () => [],
): TfjsTwin {
  return {
    model,
    loss: (ys, ps, w) => tfl.addN([...ps.map((p, i) => loss(ys[i]!, p)), ...penalties(w)]) as tfl.Scalar,
  };
}

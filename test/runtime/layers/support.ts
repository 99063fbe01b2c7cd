// Test support for the layer kernels: a checked layer from a tiny .rnn source, seeded data,
// one forward + backward pass of rnnc's kernel, the same through a tfjs-layers reference (with
// tfjs autodiff, registered by @tensorflow/tfjs), float64 finite differences, and a closeness
// check. Nothing here computes an expected value from rnnc's own output.

import * as tfl from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import type { CheckedLayer, CheckedModel } from '../../../src/compiler/ir.ts';
import type { Mask } from '../../../src/runtime/layers/kernel.ts';
import { kernelFor } from '../../../src/runtime/layers/index.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf, type BackendName, type Tensor } from '../../../src/runtime/tf.ts';

export type Values = Float32Array | Int32Array;

/** A tensor as plain data, so it can cross backends and be compared. */
export interface Data {
  readonly shape: readonly number[];
  readonly values: Values;
}

export function model(source: string): CheckedModel {
  const result = check(source, 'm.rnn');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`test source does not check: ${errors.map((d) => d.message).join('; ')}`);
  return result.models[0]!;
}

/** The layer of a one-layer Sequential model `model m { <call> }`. */
export function layer(call: string): CheckedLayer {
  return model(`model m {\n  ${call}\n}\n`).nodes.at(-1)!.layer;
}

/** Runs fn inside tf.tidy for a result that holds no tensors. */
function scoped<T>(fn: () => T): T {
  let out!: T;
  tf.tidy(() => {
    out = fn();
  });
  return out;
}

/** The first node of type `type` in the model's functional body `body`. */
export function nodeOfType(body: string, type: string): CheckedLayer {
  const node = model(`model m {\n${body}\n}\n`).nodes.find((n) => n.layer.type === type);
  if (!node) throw new Error(`no ${type} in the test model`);
  return node.layer;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function normalData(rng: Rng, shape: readonly number[], scale = 1): Data {
  const values = new Float32Array(size(shape));
  for (let i = 0; i < values.length; i++) values[i] = scale * rng.normal();
  return { shape, values };
}

export function intData(rng: Rng, shape: readonly number[], below: number): Data {
  const values = new Int32Array(size(shape));
  for (let i = 0; i < values.length; i++) values[i] = Math.floor(rng.next() * below);
  return { shape, values };
}

export function data(shape: readonly number[], values: readonly number[]): Data {
  return { shape, values: Float32Array.from(values) };
}

export const toTensor = (d: Data) => tf.tensor(d.values, [...d.shape], d.values instanceof Int32Array ? 'int32' : 'float32');
export const fromTensor = (t: Tensor): Data => ({ shape: t.shape, values: t.dataSync() as Values });

/** Random weights of the layer's shapes; variances positive (BatchNormalization). */
export function weightsFor(l: CheckedLayer, rng: Rng): Data[] {
  return l.weights.map((w) => {
    const d = normalData(rng, w.shape, 0.5);
    if (w.name.endsWith('variance')) d.values.forEach((v, i) => (d.values[i] = 0.5 + Math.abs(v)));
    return d;
  });
}

export interface RunResult {
  readonly outputs: Data[];
  readonly masks: (Data | null)[];
  readonly dInputs: (Data | null)[];
  readonly dWeights: (Data | null)[];
  readonly weightUpdates: Map<number, Data>;
}

export interface RunArgs {
  readonly inputs: readonly Data[];
  readonly weights?: readonly Data[];
  readonly masks?: readonly (Data | null)[];
  readonly training?: boolean;
  readonly seed?: number;
  /** Gradient of the loss w.r.t. each output; default seeded normal values. */
  readonly dOutputs?: readonly Data[];
}

/** One forward and backward pass of rnnc's kernel for `l`, on the current backend. */
export function runKernel(l: CheckedLayer, a: RunArgs): RunResult {
  return scoped(() => {
    const kernel = kernelFor(l.type);
    const args = {
      layer: l,
      inputs: a.inputs.map(toTensor),
      masks: a.inputs.map((_, i) => (a.masks?.[i] ? toTensor(a.masks[i]) : null)) as Mask[],
      weights: (a.weights ?? []).map(toTensor),
      training: a.training ?? false,
      rng: new Rng(a.seed ?? 1),
    };
    const fwd = kernel.forward(args);
    const dOutputs = a.dOutputs ?? fwd.outputs.map((y, i) => normalData(new Rng(100 + i), y.shape));
    const back = kernel.backward({ ...args, outputs: fwd.outputs, dOutputs: dOutputs.map(toTensor), cache: fwd.cache });
    const updates = new Map<number, Data>();
    fwd.weightUpdates?.forEach((t, i) => updates.set(i, fromTensor(t)));
    return {
      outputs: fwd.outputs.map(fromTensor),
      masks: fwd.masks.map((m) => (m ? fromTensor(m) : null)),
      dInputs: back.dInputs.map((g) => (g ? fromTensor(g) : null)),
      dWeights: back.dWeights.map((g) => (g ? fromTensor(g) : null)),
      weightUpdates: updates,
    };
  });
}

/** The default output gradient runKernel uses, for building the same loss in a reference. */
export const defaultDy = (shape: readonly number[], i = 0) => normalData(new Rng(100 + i), shape);

export interface Reference {
  readonly output: Data;
  readonly mask?: Data | null;
  /** One per input (null for int inputs), then one per trainable weight. */
  readonly dInputs: (Data | null)[];
  readonly dWeights: Data[];
}

/**
 * The same layer in tfjs-layers, with the given weights (layer.setWeights, Keras's order), and
 * the gradients of sum(output · dy) from tfjs's autodiff.
 */
export async function tflReference(
  build: () => tfl.layers.Layer,
  a: {
    inputs: readonly Data[];
    weights: readonly Data[];
    dy: Data;
    training?: boolean;
    backend?: BackendName;
    masks?: readonly (Data | null)[];
    /** The layer has no tfjs gradient: outputs and masks only. */
    noGradients?: boolean;
  },
): Promise<Reference> {
  const backend = a.backend ?? 'wasm';
  await initBackend(backend);
  try {
    return scoped(() => {
      const layer = build();
      const xs = a.inputs.map((d) => (d.values instanceof Int32Array ? toTensor(d) : tfl.variable(toTensor(d))));
      const applyTo = (inputs: tfl.Tensor[]) => layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: a.training ?? false }) as tfl.Tensor;
      applyTo(xs); // builds the weights
      layer.setWeights(a.weights.map((w) => toTensor(w)));
      const weightVars = layer.trainableWeights.map((w) => w.read() as tfl.Variable);
      const inputVars = xs.filter((x): x is tfl.Variable => x instanceof tfl.Variable);
      let output!: Data;
      const loss = () => {
        const y = applyTo(xs);
        output = fromTensor(y);
        return tfl.sum<tfl.Scalar>(tfl.mul(y, toTensor(a.dy)));
      };
      const grads: tfl.NamedTensorMap = a.noGradients ? (loss(), {}) : tfl.variableGrads(loss, [...inputVars, ...weightVars]).grads;
      const maskTensor = layer.computeMask(
        (xs.length === 1 ? xs[0] : xs) as tfl.Tensor,
        a.masks ? (a.masks.length === 1 ? (a.masks[0] ? toTensor(a.masks[0]) : undefined) : a.masks.map((m) => (m ? toTensor(m) : null))) as tfl.Tensor : undefined,
      ) as tfl.Tensor | null | undefined;
      return {
        output,
        mask: maskTensor ? fromTensor(tfl.cast<Tensor>(maskTensor, 'float32')) : null,
        dInputs: xs.map((x) => (x instanceof tfl.Variable && grads[x.name] ? fromTensor(grads[x.name]!) : null)),
        dWeights: weightVars.filter((v) => grads[v.name]).map((v) => fromTensor(grads[v.name]!)),
      };
    });
  } finally {
    await initBackend('wasm');
  }
}

/**
 * Central finite differences of sum(f(xs) · dy) w.r.t. every entry of every input, in float64.
 * `f` is a float64 reference forward pass, so the difference quotients are accurate to ~1e-9.
 */
export function finiteDifferences(f: (xs: Float64Array[]) => Float64Array, xs: readonly Data[], dy: Data, h = 1e-5): Float64Array[] {
  const at = xs.map((x) => Float64Array.from(x.values));
  const loss = () => {
    const y = f(at);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i]! * dy.values[i]!;
    return s;
  };
  return at.map((x) => {
    const g = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const keep = x[i]!;
      x[i] = keep + h;
      const up = loss();
      x[i] = keep - h;
      const down = loss();
      x[i] = keep;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  });
}

/** max|a - e| ≤ rtol · max(|e|), on the same shape when both are Data. */
export function expectClose(actual: Data | ArrayLike<number> | null | undefined, expected: Data | ArrayLike<number>, rtol = 1e-5): void {
  expect(actual).toBeTruthy();
  const isData = (x: unknown): x is Data => !ArrayBuffer.isView(x) && !Array.isArray(x);
  const a = isData(actual) ? actual : null;
  const e = isData(expected) ? expected : null;
  if (a && e) expect([...a.shape]).toEqual([...e.shape]);
  const av = a ? a.values : (actual as ArrayLike<number>);
  const ev = e ? e.values : (expected as ArrayLike<number>);
  expect(av.length).toBe(ev.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < ev.length; i++) {
    scale = Math.max(scale, Math.abs(ev[i]!));
    worst = Math.max(worst, Math.abs(av[i]! - ev[i]!));
  }
  expect(Number.isFinite(worst)).toBe(true);
  expect(worst).toBeLessThanOrEqual(rtol * Math.max(scale, 1e-6));
}

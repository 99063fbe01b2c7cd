// Shared by the recurrent kernel tests: real CheckedLayers from .rnn source, seeded data, running
// a kernel forward and backward to plain arrays, and comparing numbers.

import { expect } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { RECURRENT_KERNELS } from '../../../src/runtime/layers/recurrent/index.ts';
import { kernelIn } from '../../../src/runtime/layers/kernel.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { tf, type Tensor } from '../../../src/runtime/tf.ts';
import type { Vec } from './reference.ts';

/**
 * The checked layer of `call` applied to Input(shape=(time, features)) in a functional model
 * that binds all its `outputs`, so multi-output layers check clean.
 */
export function checkedLayer(call: string, time: number, features: number, outputs = 1, batch?: number): CheckedLayer {
  const names = Array.from({ length: outputs }, (_, i) => `o${i}`).join(', ');
  const batchSize = batch === undefined ? '' : `, batch_size=${batch}`;
  const src = `model m {\n  x = Input(shape=(${time}, ${features})${batchSize})\n  ${names} = ${call}(x)\n  output ${names}\n}\n`;
  const r = check(src, 'm.rnn');
  if (r.diagnostics.length > 0) throw new Error(`${call}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const node = r.models[0]!.nodes.find((n) => n.layer.type !== 'Input');
  if (!node) throw new Error(`${call}: no layer node`);
  return node.layer;
}

/** n numbers uniform in [-scale, scale). */
export function randoms(rng: Rng, n: number, scale = 1): Vec {
  return Array.from({ length: n }, () => (2 * rng.next() - 1) * scale);
}

/** A [batch, time] mask of 1s for the given lengths (right padding). */
export function rightPadded(lengths: readonly number[], time: number): Vec {
  return lengths.flatMap((n) => Array.from({ length: time }, (_, t) => (t < n ? 1 : 0)));
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Random weights in the registry's shapes, small enough to keep gates away from saturation. */
export function randomWeights(layer: CheckedLayer, rng: Rng, scale = 0.5): Vec[] {
  return layer.weights.map((w) => randoms(rng, size(w.shape), scale));
}

export interface KernelCall {
  readonly layer: CheckedLayer;
  readonly x: Vec;
  readonly shape: readonly [number, number, number];
  readonly mask?: Vec | null;
  readonly weights: readonly Vec[];
  /** Each [batch, units]. */
  readonly initialState?: readonly Vec[];
  readonly training?: boolean;
  /** Seed of the kernel's Rng (dropout masks). */
  readonly seed?: number;
  /** The loss is Σ_i Σ(output_i ⊙ dOutputs_i); omit to run forward only. Null: no gradient. */
  readonly dOutputs?: readonly (Vec | null)[];
}

export interface KernelRun {
  readonly outputs: Vec[];
  readonly outputShapes: number[][];
  readonly masks: (Vec | null)[];
  readonly finalStates?: Vec[];
  readonly dx?: Vec;
  readonly dWeights?: Vec[];
  readonly dInitialState?: Vec[];
}

const toVec = (t: Tensor): Vec => Array.from(t.dataSync());

export function runKernel(c: KernelCall): KernelRun {
  const kernel = kernelIn(RECURRENT_KERNELS, c.layer.type);
  if (!kernel) throw new Error(`no kernel for ${c.layer.type}`);
  const [batch, time] = c.shape;
  let result: KernelRun | null = null;
  tf.tidy(() => {
    const args = {
      layer: c.layer,
      inputs: [tf.tensor3d(c.x, [...c.shape])],
      masks: [c.mask ? tf.tensor2d(c.mask, [batch, time]) : null],
      weights: c.weights.map((w, i) => tf.tensor(w, [...c.layer.weights[i]!.shape])),
      initialState: c.initialState?.map((s) => tf.tensor2d(s, [batch, s.length / batch])),
      training: c.training ?? false,
      rng: new Rng(c.seed ?? 1),
    };
    const fwd = kernel.forward(args);
    let grads: Pick<KernelRun, 'dx' | 'dWeights' | 'dInitialState'> = {};
    if (c.dOutputs) {
      const dOutputs = fwd.outputs.map((o, i) => {
        const d = c.dOutputs![i];
        return d ? tf.tensor(d, o.shape) : null;
      });
      const bwd = kernel.backward({ ...args, outputs: fwd.outputs, dOutputs, cache: fwd.cache });
      grads = {
        dx: toVec(bwd.dInputs[0]!),
        dWeights: bwd.dWeights.map((d) => toVec(d!)),
        dInitialState: bwd.dInitialState?.map((d) => toVec(d!)),
      };
    }
    result = {
      outputs: fwd.outputs.map(toVec),
      outputShapes: fwd.outputs.map((o) => o.shape),
      masks: fwd.masks.map((m) => (m ? toVec(m) : null)),
      finalStates: fwd.finalStates?.map(toVec),
      ...grads,
    };
  });
  return result!;
}

/** max |actual − expected| / max |expected|: the error relative to the tensor's scale. */
export function relativeError(actual: Vec, expected: Vec): number {
  if (actual.length !== expected.length) return Infinity;
  let err = 0;
  let scale = 0;
  expected.forEach((e, i) => {
    err = Math.max(err, Math.abs(actual[i]! - e));
    scale = Math.max(scale, Math.abs(e));
  });
  return scale === 0 ? err : err / scale;
}

export function expectClose(actual: Vec | undefined, expected: Vec, tolerance = 1e-5, what = ''): void {
  expect(actual, what).toBeDefined();
  expect(actual!.length, `${what}: length`).toBe(expected.length);
  expect(relativeError(actual!, expected), what).toBeLessThan(tolerance);
}

// The fused fast path against autodiff: for random layer configurations, shapes, masks and
// directions, rnnc's recurrent kernels (forward and hand-written BPTT through the fused step
// kernels) must give the outputs, final states and gradients — of the input, every weight and the
// initial states — that tfjs's autodiff gives through a plain-op implementation (plain-rnn.ts).
// Each case also asserts that the fast path really ran.

import * as fc from 'fast-check';
import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { kernelFor } from '../../../src/runtime/layers/index.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf, type Tensor } from '../../../src/runtime/tf.ts';
import { checkedLayer, randoms } from '../recurrent/helpers.ts';
import type { Vec } from '../recurrent/reference.ts';
import { plainRnn, type PlainSpec } from './plain-rnn.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

type Merge = 'concat' | 'sum' | 'mul' | 'ave' | 'None';

interface Case {
  readonly type: 'SimpleRNN' | 'LSTM' | 'GRU';
  readonly units: number;
  readonly batch: number;
  readonly time: number;
  readonly features: number;
  readonly activation: string;
  readonly recurrentActivation: string;
  readonly useBias: boolean;
  readonly resetAfter: boolean;
  readonly goBackwards: boolean;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  /** none; right padding (rows may be all padding); holes anywhere. */
  readonly mask: 'none' | 'right' | 'holes';
  readonly initialState: boolean;
  /** Wrapped in Bidirectional with this merge mode, or a single direction. */
  readonly bidirectional: Merge | null;
  readonly seed: number;
}

const ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'hard_sigmoid', 'linear'];
/**
 * Gates squash, as in every real LSTM and GRU. A linear gate makes the recurrence expansive: one
 * such GRU's input gradient reached 392 after 6 steps, where tfjs's float32 autodiff was itself
 * 5.5e-5 of scale off the float64 finite differences (the fused kernels: 1.6e-5).
 */
const GATE_ACTIVATIONS = ['tanh', 'sigmoid', 'hard_sigmoid'];

const caseArb = (bidirectional: boolean): fc.Arbitrary<Case> =>
  fc.record({
    type: fc.constantFrom('SimpleRNN' as const, 'LSTM' as const, 'GRU' as const),
    units: fc.integer({ min: 1, max: 6 }),
    batch: fc.integer({ min: 1, max: 5 }),
    time: fc.integer({ min: 1, max: 7 }),
    features: fc.integer({ min: 1, max: 5 }),
    activation: fc.constantFrom(...ACTIVATIONS),
    recurrentActivation: fc.constantFrom(...GATE_ACTIVATIONS),
    useBias: fc.boolean(),
    resetAfter: fc.boolean(),
    goBackwards: bidirectional ? fc.constant(false) : fc.boolean(),
    returnSequences: fc.boolean(),
    returnState: fc.boolean(),
    mask: fc.constantFrom('none' as const, 'right' as const, 'holes' as const),
    initialState: fc.boolean(),
    bidirectional: bidirectional ? fc.constantFrom<Merge>('concat', 'sum', 'mul', 'ave', 'None') : fc.constant(null),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  });

const stateCount = (c: Case) => (c.type === 'LSTM' ? 2 : 1);
const directions = (c: Case) => (c.bidirectional ? 2 : 1);
const mergedCount = (c: Case) => (c.bidirectional === 'None' ? 2 : 1);

function layerCall(c: Case): string {
  const args = [
    `${c.units}`,
    `activation=${c.activation}`,
    ...(c.type === 'SimpleRNN' ? [] : [`recurrent_activation=${c.recurrentActivation}`]),
    `use_bias=${c.useBias}`,
    ...(c.type === 'GRU' ? [`reset_after=${c.resetAfter}`] : []),
    `go_backwards=${c.goBackwards}`,
    `return_sequences=${c.returnSequences}`,
    `return_state=${c.returnState}`,
  ];
  const inner = `${c.type}(${args.join(', ')})`;
  if (!c.bidirectional) return inner;
  return `Bidirectional(${inner}, merge_mode=${c.bidirectional === 'None' ? 'None' : c.bidirectional})`;
}

function maskValues(c: Case, rng: Rng): Vec | null {
  if (c.mask === 'none') return null;
  const out: Vec = [];
  for (let b = 0; b < c.batch; b++) {
    const length = Math.floor(rng.next() * (c.time + 1));
    for (let t = 0; t < c.time; t++) out.push(c.mask === 'right' ? (t < length ? 1 : 0) : rng.next() < 0.7 ? 1 : 0);
  }
  return out;
}

interface Data {
  readonly layer: CheckedLayer;
  readonly x: Vec;
  readonly mask: Vec | null;
  readonly weights: Vec[];
  readonly initial: Vec[] | null;
  /** One per output of the layer. */
  readonly dOutputs: Vec[];
  readonly outputShapes: number[][];
}

function data(c: Case): Data {
  const outputs = mergedCount(c) + (c.returnState ? directions(c) * stateCount(c) : 0);
  const layer = checkedLayer(layerCall(c), c.time, c.features, outputs);
  const rng = new Rng(c.seed);
  const width = c.bidirectional === 'concat' ? 2 * c.units : c.units;
  const merged = c.returnSequences ? [c.batch, c.time, width] : [c.batch, width];
  const outputShapes = [
    ...Array.from({ length: mergedCount(c) }, () => merged),
    ...(c.returnState ? Array.from({ length: directions(c) * stateCount(c) }, () => [c.batch, c.units]) : []),
  ];
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return {
    layer,
    x: randoms(rng, c.batch * c.time * c.features),
    mask: maskValues(c, rng),
    weights: layer.weights.map((w) => randoms(rng, size(w.shape), 0.6)),
    initial: c.initialState ? Array.from({ length: directions(c) * stateCount(c) }, () => randoms(rng, c.batch * c.units, 0.5)) : null,
    dOutputs: outputShapes.map((s) => randoms(rng, size(s))),
    outputShapes,
  };
}

interface Result {
  readonly outputs: Vec[];
  readonly dx: Vec;
  readonly dWeights: Vec[];
  readonly dInitial: Vec[];
}

const vec = (t: Tensor | tfl.Tensor): Vec => Array.from(t.dataSync());

/** rnnc's kernel, forward and backward; fails unless every direction ran fused. */
function rnnc(c: Case, d: Data): Result {
  const kernel = kernelFor(d.layer.type);
  return tf.tidy(() => {
    const args = {
      layer: d.layer,
      inputs: [tf.tensor3d(d.x, [c.batch, c.time, c.features])],
      masks: [d.mask ? tf.tensor2d(d.mask, [c.batch, c.time]) : null],
      weights: d.weights.map((w, i) => tf.tensor(w, [...d.layer.weights[i]!.shape])),
      ...(d.initial ? { initialState: d.initial.map((s) => tf.tensor2d(s, [c.batch, c.units])) } : {}),
      training: true,
      rng: new Rng(1),
    };
    const fwd = kernel.forward(args);
    // The driver's cache (driver.ts) holds what choose.ts picked for each direction.
    type Direction = { args: { kernel: { path: string } } };
    const cache = fwd.cache as Direction & { forward?: { cache: Direction }; backward?: { cache: Direction } };
    const paths = c.bidirectional ? [cache.forward!.cache.args.kernel.path, cache.backward!.cache.args.kernel.path] : [cache.args.kernel.path];
    expect(paths, 'the fast path ran').toEqual(paths.map(() => 'fused'));
    const dOutputs = d.dOutputs.map((g, i) => tf.tensor(g, d.outputShapes[i]));
    const bwd = kernel.backward({ ...args, outputs: fwd.outputs, dOutputs, cache: fwd.cache });
    const result = {
      outputs: fwd.outputs.map(vec),
      dx: vec(bwd.dInputs[0]!),
      dWeights: bwd.dWeights.map((g) => vec(g!)),
      dInitial: (bwd.dInitialState ?? []).map((g) => vec(g!)),
    };
    // When nothing reads dx (a model's first layer), none is made, and nothing else changes.
    const again = { ...args, rng: new Rng(1) };
    const fwd2 = kernel.forward(again);
    const skipped = kernel.backward({ ...again, outputs: fwd2.outputs, dOutputs, cache: fwd2.cache, inputGradsWanted: [false] });
    expect(skipped.dInputs[0] ?? null, 'dx nobody reads').toBeNull();
    expect(skipped.dWeights.map((g) => vec(g!))).toEqual(result.dWeights);
    expect((skipped.dInitialState ?? []).map((g) => vec(g!))).toEqual(result.dInitial);
    return result;
  });
}

function spec(c: Case, backwards: boolean): PlainSpec {
  return {
    type: c.type,
    units: c.units,
    activation: c.activation,
    recurrentActivation: c.recurrentActivation,
    useBias: c.useBias,
    goBackwards: backwards,
    returnSequences: c.returnSequences,
    // Bidirectional forces zero_output_for_mask = return_sequences on both directions.
    zeroOutputForMask: c.bidirectional !== null && c.returnSequences,
    resetAfter: c.resetAfter,
  };
}

function merge(mode: Merge, y: tfl.Tensor, yRev: tfl.Tensor): tfl.Tensor[] {
  switch (mode) {
    case 'concat':
      return [tfl.concat([y, yRev], -1)];
    case 'sum':
      return [tfl.add(y, yRev)];
    case 'mul':
      return [tfl.mul(y, yRev)];
    case 'ave':
      return [tfl.div(tfl.add(y, yRev), 2)];
    case 'None':
      return [y, yRev];
  }
}

/** The plain implementation's outputs and tfjs's autodiff gradients of Σ output·dOutput. */
function reference(c: Case, d: Data): Result {
  return tfl.tidy(() => {
    const x = tfl.tensor3d(d.x, [c.batch, c.time, c.features]);
    const mask = d.mask ? tfl.tensor2d(d.mask, [c.batch, c.time]) : null;
    const weights = d.weights.map((w, i) => tfl.tensor(w, [...d.layer.weights[i]!.shape]));
    const initial = (d.initial ?? []).map((s) => tfl.tensor2d(s, [c.batch, c.units]));
    const perDirection = c.useBias ? 3 : 2;
    const outputsOf = (xv: tfl.Tensor, ws: tfl.Tensor[], init: tfl.Tensor[]): tfl.Tensor[] => {
      const run = (k: number, backwards: boolean) => {
        const [kernel, recurrentKernel, bias] = ws.slice(k * perDirection, (k + 1) * perDirection);
        const given = init.length ? init.slice(k * stateCount(c), (k + 1) * stateCount(c)) : null;
        return plainRnn(spec(c, backwards), { kernel: kernel!, recurrentKernel: recurrentKernel!, bias: bias ?? null }, xv, mask, given);
      };
      if (!c.bidirectional) {
        const r = run(0, c.goBackwards);
        return [r.output, ...(c.returnState ? r.states : [])];
      }
      const f = run(0, false);
      const b = run(1, true);
      const yRev = c.returnSequences ? tfl.reverse(b.output, 1) : b.output;
      return [...merge(c.bidirectional, f.output, yRev), ...(c.returnState ? [...f.states, ...b.states] : [])];
    };
    const dOutputs = d.dOutputs.map((g, i) => tfl.tensor(g, d.outputShapes[i]));
    const loss = (...args: tfl.Tensor[]) => {
      const outs = outputsOf(args[0]!, args.slice(1, 1 + weights.length), args.slice(1 + weights.length));
      return tfl.addN(outs.map((o, i) => tfl.sum(tfl.mul(o, dOutputs[i]!)))) as tfl.Scalar;
    };
    const grads = tfl.grads(loss)([x, ...weights, ...initial]);
    return {
      outputs: outputsOf(x, weights, initial).map(vec),
      dx: vec(grads[0]!),
      dWeights: grads.slice(1, 1 + weights.length).map(vec),
      dInitial: grads.slice(1 + weights.length).map(vec),
    };
  });
}

const TOLERANCE = 2e-5;

/**
 * max |a − b| over max(max |b|, 0.01): relative to the tensor's scale, but never to a scale below
 * 0.01 — a gradient that is the sum of O(0.1) terms cancelling to 4e-5 carries float32 rounding of
 * the terms, not of the sum (one such case, a 1-unit GRU's initial state, differed by 1.9e-9).
 */
function scaledError(a: Vec, b: Vec): number {
  if (a.length !== b.length) return Infinity;
  let err = 0;
  let scale = 0.01;
  b.forEach((v, k) => {
    err = Math.max(err, Math.abs(a[k]! - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return err / scale;
}

function agree(c: Case): void {
  const d = data(c);
  const got = rnnc(c, d);
  const want = reference(c, d);
  const close = (a: Vec, b: Vec, what: string) => expect(scaledError(a, b), `${what} of ${layerCall(c)} (seed ${c.seed})`).toBeLessThan(TOLERANCE);
  expect(got.outputs.length).toBe(want.outputs.length);
  got.outputs.forEach((o, i) => close(o, want.outputs[i]!, `output ${i}`));
  close(got.dx, want.dx, 'dx');
  got.dWeights.forEach((g, i) => close(g, want.dWeights[i]!, `d${d.layer.weights[i]!.name}`));
  expect(got.dInitial.length).toBe(want.dInitial.length);
  got.dInitial.forEach((g, i) => close(g, want.dInitial[i]!, `d initial state ${i}`));
}

describe('the fused recurrent kernels equal autodiff of a plain-op implementation', () => {
  it('SimpleRNN, LSTM and GRU (both reset modes): random shapes, activations, masks, directions, states', () => {
    fc.assert(fc.property(caseArb(false), (c) => agree(c)), { numRuns: 120 });
  });

  it('Bidirectional, every merge mode', () => {
    fc.assert(fc.property(caseArb(true), (c) => agree(c)), { numRuns: 50 });
  });

  it('on the cpu backend too (rnnc run --backend cpu): the same kernels through its memory', async () => {
    await initBackend('cpu');
    try {
      fc.assert(fc.property(caseArb(false), (c) => agree(c)), { numRuns: 30 });
      fc.assert(fc.property(caseArb(true), (c) => agree(c)), { numRuns: 10 });
    } finally {
      await initBackend('wasm');
    }
  });

  it('B1-sized LSTM with ragged masks, both directions (the shapes the benchmark runs)', () => {
    for (const goBackwards of [false, true]) {
      agree({
        type: 'LSTM', units: 64, batch: 16, time: 30, features: 8, activation: 'tanh', recurrentActivation: 'sigmoid', useBias: true,
        resetAfter: true, goBackwards, returnSequences: true, returnState: true, mask: 'right', initialState: true, bidirectional: null, seed: 7,
      });
    }
  });
});

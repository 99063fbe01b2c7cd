// The whole-sequence GRU (both reset_after forms) and SimpleRNN kernels (cells/gru/sequence.ts,
// cells/simple-rnn/sequence.ts) with the SIMD cells against the same kernels with the JavaScript
// cells (step.ts, the reference every other backend runs): every buffer they write — the gates
// (then dZ), the stacked operands, the output, the last h, the carried gradient and dh_{−1}'s
// recurrent part — must hold the same float32 bits. With and without masks (rows all padding,
// masked at the ends, left padding, holes), both directions, both output rules, with and without
// initial states and an output gradient.

import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryOf, type Memory } from '../../../src/runtime/kernels/heap.ts';
import { SIGMOID, TANH } from '../../../src/runtime/kernels/pointwise.ts';
import { xnnpackGemm, type Gemm } from '../../../src/runtime/kernels/wasm-gemm.ts';
import { simdOf, type Simd } from '../../../src/runtime/kernels/wasm-simd.ts';
import { gruAfterSequence, gruAfterSequenceBackward, gruBeforeSequence, gruBeforeSequenceBackward } from '../../../src/runtime/layers/recurrent/cells/gru/sequence.ts';
import { simpleRnnSequence, simpleRnnSequenceBackward } from '../../../src/runtime/layers/recurrent/cells/simple-rnn/sequence.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf, type Tensor } from '../../../src/runtime/tf.ts';
import { firstDifference, maskOf, randoms } from './simd-compare.ts';

let mem: Memory;
let gemm: Gemm;
let simd: Simd;

beforeAll(async () => {
  await initBackend('wasm');
  const backend = tf.backend();
  const s = simdOf(backend);
  if (!s) throw new Error('WebAssembly SIMD is unavailable');
  [mem, gemm, simd] = [memoryOf('wasm', backend), xnnpackGemm(backend), s];
});

interface Case {
  readonly batch: number;
  readonly units: number;
  readonly time: number;
  readonly features: number;
  readonly masked: boolean;
  readonly reverse: boolean;
  readonly zeroOutput: boolean;
  readonly returnSequences: boolean;
  readonly initialState: boolean;
  readonly initialGrad: boolean;
  readonly outputGrad: boolean;
  readonly seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  batch: fc.integer({ min: 1, max: 9 }),
  units: fc.integer({ min: 1, max: 6 }).map((n) => 2 * n),
  time: fc.integer({ min: 1, max: 7 }),
  features: fc.integer({ min: 1, max: 4 }),
  masked: fc.boolean(),
  reverse: fc.boolean(),
  zeroOutput: fc.boolean(),
  returnSequences: fc.boolean(),
  initialState: fc.boolean(),
  initialGrad: fc.boolean(),
  outputGrad: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

type Form = 'GRU reset_after=true' | 'GRU reset_after=false' | 'SimpleRNN';

/** The SIMD functions each form's steps call, forward then backward. */
const FUNCTIONS: Readonly<Record<Form, readonly string[]>> = {
  'GRU reset_after=true': ['gruAfterForward', 'gruAfterBackward'],
  'GRU reset_after=false': ['gruBeforeGates', 'gruBeforeCandidate', 'gruBeforeBackCandidate', 'gruBeforeBackReset'],
  SimpleRNN: ['simpleRnnForward', 'simpleRnnBackward'],
};

type Written = Record<string, Float32Array>;

function run(form: Form, c: Case, cells: Simd | null): Written {
  const rng = new Rng(c.seed);
  const [B, H, T, F] = [c.batch, c.units, c.time, c.features];
  const t = (values: Float32Array, shape: number[]) => tf.tensor(values, shape, 'float32');
  const zeros = (shape: number[]) => tf.zeros(shape);
  const mask = c.masked ? t(maskOf(rng, B, T), [B, T]) : null;
  const h0 = c.initialState ? t(randoms(rng, B * H, 1), [B, H]) : null;
  const carry = t(randoms(rng, B * H, 1), [1, B, H]);
  const dOutShape = c.returnSequences ? [B, T, H] : [B, H];
  const dOut = c.outputGrad ? t(randoms(rng, dOutShape.reduce((a, n) => a * n), 1), dOutShape) : null;
  const out = zeros(c.returnSequences ? [B, T, H] : [B, H]);
  const opt = <K extends string>(k: K, v: Tensor | null) => (v ? { [k]: v } : {}) as Partial<Record<K, Tensor>>;
  const common = { time: T, reverse: c.reverse, act: TANH, rec: SIGMOID, zeroOutput: c.zeroOutput, returnSequences: c.returnSequences };
  const back = { ...common, initialGrad: c.initialGrad };
  const owned: Tensor[] = [carry, out, ...[mask, h0, dOut].filter((x) => x !== null)];
  const keep = (ts: Record<string, Tensor>) => (owned.push(...Object.values(ts)), ts);
  let last: tf.TensorInfo;
  let rec: tf.TensorInfo;
  let buffers: Record<string, Tensor>;
  if (form === 'GRU reset_after=true') {
    const u = randoms(rng, H * 3 * H, 0.5);
    const w = keep({
      gates: t(randoms(rng, T * B * 3 * H, 1.5), [T * B, 3 * H]),
      aux: zeros([T * B, 3 * H]),
      at: zeros([T * B, H + 1]),
      recurrentKernel: t(u, [H, 3 * H]),
      bias: t(randoms(rng, 6 * H, 0.5), [2, 3 * H]),
    });
    const uT = keep({ u: tf.transpose(w['recurrentKernel']!) })['u']!;
    const a = { ...common, rowWidth: H + 1, hRow: 0 };
    last = gruAfterSequence(mem, gemm, cells, { gates: w['gates']!, aux: w['aux']!, at: w['at']!, out, recurrentKernel: w['recurrentKernel']!, bias: w['bias']!, ...opt('h0', h0), ...opt('mask', mask) }, a);
    rec = gruAfterSequenceBackward(mem, gemm, cells, { gates: w['gates']!, aux: w['aux']!, at: w['at']!, carry, recurrentKernelT: uT, ...opt('dOut', dOut), ...opt('mask', mask) }, { ...back, rowWidth: H + 1, hRow: 0 });
    buffers = { gates: w['gates']!, aux: w['aux']!, at: w['at']! };
  } else if (form === 'GRU reset_after=false') {
    const w = keep({
      zr: t(randoms(rng, T * B * 2 * H, 1.5), [T * B, 2 * H]),
      hh: t(randoms(rng, T * B * H, 1.5), [T * B, H]),
      atZr: zeros([T * B, F + H + 1]),
      atH: zeros([T * B, F + H + 1]),
      recurrentZr: t(randoms(rng, 2 * H * H, 0.5), [H, 2 * H]),
      recurrentH: t(randoms(rng, H * H, 0.5), [H, H]),
      bias: t(randoms(rng, 3 * H, 0.5), [3 * H]),
    });
    const tr = keep({ zrT: tf.transpose(w['recurrentZr']!), hT: tf.transpose(w['recurrentH']!) });
    const a = { ...common, rowWidth: F + H + 1, hRow: F };
    const ins = { zr: w['zr']!, hh: w['hh']!, atZr: w['atZr']! };
    last = gruBeforeSequence(mem, gemm, cells, { ...ins, atH: w['atH']!, out, recurrentZr: w['recurrentZr']!, recurrentH: w['recurrentH']!, bias: w['bias']!, ...opt('h0', h0), ...opt('mask', mask) }, a);
    rec = gruBeforeSequenceBackward(mem, gemm, cells, { ...ins, carry, recurrentZrT: tr['zrT']!, recurrentHT: tr['hT']!, ...opt('dOut', dOut), ...opt('mask', mask) }, { ...back, rowWidth: F + H + 1, hRow: F });
    buffers = { zr: w['zr']!, hh: w['hh']!, atZr: w['atZr']!, atH: w['atH']! };
  } else {
    const w = keep({
      pre: t(randoms(rng, T * B * H, 1.5), [T * B, H]),
      at: zeros([T * B, F + H + 1]),
      recurrentKernel: t(randoms(rng, H * H, 0.5), [H, H]),
      bias: t(randoms(rng, H, 0.5), [H]),
    });
    const uT = keep({ u: tf.transpose(w['recurrentKernel']!) })['u']!;
    last = simpleRnnSequence(mem, gemm, cells, { pre: w['pre']!, at: w['at']!, out, recurrentKernel: w['recurrentKernel']!, bias: w['bias']!, ...opt('h0', h0), ...opt('mask', mask) }, { ...common, rowWidth: F + H + 1, hRow: F });
    rec = simpleRnnSequenceBackward(mem, gemm, cells, { pre: w['pre']!, carry, recurrentKernelT: uT, ...opt('dOut', dOut), ...opt('mask', mask) }, back);
    buffers = { pre: w['pre']! };
  }
  const written: Written = { 'h_T−1': mem.view(last).slice(), 'dh_−1 through U': mem.view(rec).slice(), out: out.dataSync() as Float32Array, carry: carry.dataSync() as Float32Array };
  for (const [k, v] of Object.entries(buffers)) written[k] = v.dataSync() as Float32Array;
  mem.free(last);
  mem.free(rec);
  tf.dispose(owned);
  return written;
}

function agree(form: Form, c: Case): void {
  const js = run(form, c, null);
  // The SIMD cells really ran, every step, each of the form's functions.
  const calls: Record<string, number> = {};
  const functions = { ...simd.functions };
  for (const name of FUNCTIONS[form]) {
    const f = simd.functions[name]!;
    calls[name] = 0;
    functions[name] = (...args) => (calls[name]!++, f(...args));
  }
  const wasm = run(form, c, { ...simd, functions });
  expect(calls).toEqual(Object.fromEntries(FUNCTIONS[form].map((n) => [n, c.time])));
  for (const [what, values] of Object.entries(js)) {
    const at = firstDifference(values, wasm[what]!);
    expect(at, `${form}: ${what}[${at}]: JavaScript ${values[at]}, SIMD ${wasm[what]![at]} in ${JSON.stringify(c)}`).toBe(-1);
  }
}

describe.each(Object.keys(FUNCTIONS) as Form[])('%s sequences: the SIMD cells equal the JavaScript cells bit for bit', (form) => {
  it('random shapes, masks, directions and output rules', () => {
    fc.assert(
      fc.property(caseArb, (c) => agree(form, c)),
      { numRuns: 40 },
    );
  });

  it("B2's shape (batch 32, 128 units), masked and not, both directions", () => {
    for (const masked of [false, true]) {
      for (const reverse of [false, true]) {
        agree(form, { batch: 32, units: 128, time: 6, features: 16, masked, reverse, zeroOutput: masked, returnSequences: reverse, initialState: masked, initialGrad: true, outputGrad: true, seed: 5 });
      }
    }
  });
});

// The whole-sequence LSTM kernels (src/runtime/layers/recurrent/cells/lstm/sequence.ts) with the SIMD cells
// against the same kernels with the JavaScript cells, on masked sequences: every buffer they write —
// gates (then dZ), c, act(c), the output, the stacked operand A, the last h, the carried gradients
// and dh_{−1}'s recurrent part — must hold the same float32 bits. Masks have rows that are all
// padding, rows masked at their first and last steps, and random holes; go_backwards and
// zero_output_for_mask both ways, sequences and last outputs, with and without initial states and
// an output gradient.

import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryOf, type Memory } from '../../../src/runtime/kernels/heap.ts';
import { lstmSequence, lstmSequenceBackward } from '../../../src/runtime/layers/recurrent/cells/lstm/sequence.ts';
import { SIGMOID, TANH } from '../../../src/runtime/kernels/pointwise.ts';
import { xnnpackGemm, type Gemm } from '../../../src/runtime/kernels/wasm-gemm.ts';
import { simdOf, type Simd } from '../../../src/runtime/kernels/wasm-simd.ts';
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
  time: fc.integer({ min: 1, max: 8 }),
  features: fc.integer({ min: 1, max: 4 }),
  reverse: fc.boolean(),
  zeroOutput: fc.boolean(),
  returnSequences: fc.boolean(),
  initialState: fc.boolean(),
  initialGrad: fc.boolean(),
  outputGrad: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

/** Everything one pass forward and back writes, as float32 bits' carriers. */
type Written = Record<string, Float32Array>;

function run(c: Case, cells: Simd | null): Written {
  const rng = new Rng(c.seed);
  const [B, H, T, F] = [c.batch, c.units, c.time, c.features];
  const G = 4 * H;
  const rowWidth = F + H + 1;
  const mask = maskOf(rng, B, T);
  const cs0 = new Float32Array((T + 1) * B * H);
  if (c.initialState) cs0.set(randoms(rng, B * H, 1));
  const u = randoms(rng, H * G, 0.5);
  const t: Record<string, Tensor> = {
    gates: tf.tensor2d(randoms(rng, T * B * G, 1.5), [T * B, G]),
    cs: tf.tensor3d(cs0, [T + 1, B, H]),
    acs: tf.zeros([T, B, H]),
    out: tf.zeros(c.returnSequences ? [B, T, H] : [B, H]),
    at: tf.zeros([T * B, rowWidth]),
    recurrentKernel: tf.tensor2d(u, [H, G]),
    mask: tf.tensor2d(mask, [B, T]),
    bias: tf.tensor1d(randoms(rng, G, 0.5)),
    h0: tf.tensor2d(randoms(rng, B * H, 1), [B, H]),
    carry: tf.tensor3d(randoms(rng, 2 * B * H, 1), [2, B, H]),
    dOut: tf.tensor(randoms(rng, c.returnSequences ? B * T * H : B * H, 1), c.returnSequences ? [B, T, H] : [B, H]),
  };
  t['recurrentKernelT'] = tf.transpose(t['recurrentKernel']!);
  const attrs = { time: T, reverse: c.reverse, act: TANH, rec: SIGMOID, zeroOutput: c.zeroOutput, returnSequences: c.returnSequences };
  const ins = { gates: t['gates']!, cs: t['cs']!, acs: t['acs']!, out: t['out']!, at: t['at']!, mask: t['mask']! };
  const h0 = c.initialState ? { h0: t['h0']! } : {};
  const last = lstmSequence(mem, gemm, cells, { ...ins, recurrentKernel: t['recurrentKernel']!, bias: t['bias']!, ...h0 }, { ...attrs, rowWidth, hRow: F });
  const written: Written = { 'h_T−1': mem.view(last).slice() };
  for (const k of ['gates', 'cs', 'acs', 'out', 'at']) written[`forward ${k}`] = t[k]!.dataSync() as Float32Array;
  const dOut = c.outputGrad ? { dOut: t['dOut']! } : {};
  const back = { gates: ins.gates, cs: ins.cs, acs: ins.acs, mask: ins.mask, carry: t['carry']!, recurrentKernelT: t['recurrentKernelT'], ...dOut };
  const rec = lstmSequenceBackward(mem, gemm, cells, back, { ...attrs, initialGrad: c.initialGrad });
  written['dh_−1 through U'] = mem.view(rec).slice();
  for (const k of ['gates', 'carry']) written[`backward ${k}`] = t[k]!.dataSync() as Float32Array;
  mem.free(last);
  mem.free(rec);
  tf.dispose(Object.values(t));
  return written;
}

function agree(c: Case): void {
  const js = run(c, null);
  // The SIMD cells really ran, forward and backward, every step.
  const calls = { forward: 0, backward: 0 };
  const { lstmForward, lstmBackward } = simd.functions;
  const counted: Simd = {
    ...simd,
    functions: {
      ...simd.functions,
      lstmForward: (...args) => (calls.forward++, lstmForward!(...args)),
      lstmBackward: (...args) => (calls.backward++, lstmBackward!(...args)),
    },
  };
  const wasm = run(c, counted);
  expect(calls).toEqual({ forward: c.time, backward: c.time });
  for (const [what, values] of Object.entries(js)) {
    const at = firstDifference(values, wasm[what]!);
    expect(at, `${what}[${at}]: JavaScript ${values[at]}, SIMD ${wasm[what]![at]} in ${JSON.stringify(c)}`).toBe(-1);
  }
}

describe('masked LSTM sequences: the SIMD cells equal the JavaScript cells bit for bit', () => {
  it('random shapes, masks, directions and output rules', () => {
    fc.assert(fc.property(caseArb, (c) => agree(c)), { numRuns: 60 });
  });

  it("B3's shape (batch 32, LSTM(64)), left padding and holes, both directions", () => {
    for (const reverse of [false, true]) {
      for (const returnSequences of [false, true]) {
        agree({ batch: 32, units: 64, time: 24, features: 64, reverse, zeroOutput: returnSequences, returnSequences, initialState: false, initialGrad: false, outputGrad: true, seed: 3 });
      }
    }
  });
});

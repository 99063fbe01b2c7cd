// The LSTM cells in WebAssembly SIMD (src/runtime/layers/recurrent/cells/lstm/simd.ts) against the JavaScript
// cells they stand in for (step.ts): the same float32 bits everywhere they write, forward and
// backward, on random values and on the edges of the activations — beyond their clamps, ±0,
// ±Infinity and NaN, without a mask and with one (masked rows, go_backwards, zero_output_for_mask).
// Bit equality is the contract: it keeps results the same on every backend.

import { beforeAll, describe, expect, it } from 'vitest';
import { lstmBackwardCells, lstmForwardCells, stackPrevious } from '../../../src/runtime/layers/recurrent/cells/lstm/step.ts';
import { lstmSimdBackward, lstmSimdForward } from '../../../src/runtime/layers/recurrent/cells/lstm/sequence.ts';
import { SIGMOID, TANH } from '../../../src/runtime/kernels/pointwise.ts';
import { outputGates } from '../../../src/runtime/kernels/sequence-layout.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { simdOf, type Simd } from '../../../src/runtime/kernels/wasm-simd.ts';
import { initBackend, tf, type Tensor } from '../../../src/runtime/tf.ts';

let simd: Simd;

beforeAll(async () => {
  await initBackend('wasm');
  const s = simdOf(tf.backend());
  if (!s) throw new Error('WebAssembly SIMD is unavailable');
  simd = s;
});

const EDGES = [0, -0, 9, -9, 18, -18, 9.5, -40, 1e-30, -1e-40, 3e38, Infinity, -Infinity, NaN];

/** n float32 values: normal ones of the given scale, with every 7th an edge case. */
function values(rng: Rng, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i % 7 === 3 ? EDGES[(i / 7) % EDGES.length | 0]! : scale * rng.normal()));
}

/** Index of the first element whose float32 bits differ, or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  for (let i = 0; i < x.length; i++) {
    // Any NaN equals any NaN: the payload is not a number either side promises.
    if (x[i] !== y[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  }
  return -1;
}

function expectSameBits(js: Float32Array, wasm: Tensor, what: string): void {
  const w = wasm.dataSync() as Float32Array;
  const at = firstDifference(js, w);
  expect(at, `${what}[${at}]: JavaScript ${js[at]}, SIMD ${w[at]}`).toBe(-1);
}

/** How the step is masked: not at all, or by a random [B, T] mask with these attributes. */
interface Masking {
  readonly reverse: boolean;
  readonly zeroOutput: boolean;
}

/** A [B, T] mask of 0/1 (every third row all padding, others random), and step t's output gates. */
function maskOf(rng: Rng, B: number, T: number, t: number, m: Masking): { mask: Float32Array; gates: Float32Array } {
  const mask = Float32Array.from({ length: B * T }, (_, k) => (Math.floor(k / T) % 3 === 2 ? 0 : rng.next() < 0.5 ? 1 : 0));
  const all = new Float32Array(T * B);
  outputGates(mask, all, B, T, m.reverse, m.zeroOutput);
  return { mask, gates: all.slice(t * B, (t + 1) * B) };
}

describe('LSTM cells in WebAssembly SIMD', () => {
  // Step t of 3; with return_sequences the output's gradient reaches every step, else the last.
  const masked = (reverse: boolean, zeroOutput: boolean): Masking => ({ reverse, zeroOutput });
  for (const [batch, units, t, returnSequences, masking] of [
    [3, 2, 0, false, null],
    [5, 6, 2, false, null],
    [5, 6, 1, true, null],
    [64, 64, 1, false, null],
    [64, 64, 2, true, null],
    [7, 4, 0, true, masked(false, false)],
    [7, 4, 1, true, masked(true, false)],
    [7, 4, 2, true, masked(false, true)],
    [9, 6, 2, false, masked(true, true)],
    [9, 6, 2, false, masked(false, false)],
    [64, 64, 1, true, masked(true, false)],
  ] as const) {
    const what = `${returnSequences ? ', sequences' : ''}${masking ? `, masked${masking.reverse ? ', backwards' : ''}${masking.zeroOutput ? ', zero output' : ''}` : ''}`;
    it(`equal the JavaScript cells bit for bit (batch ${batch}, units ${units}, step ${t}${what})`, () => {
      const rng = new Rng(batch * 100 + units + t);
      const [B, H, T, G] = [batch, units, 3, 4 * units];
      const reverse = masking?.reverse ?? false;
      const attrs = { act: TANH, rec: SIGMOID, zeroOutput: masking?.zeroOutput ?? false, returnSequences, reverse, time: T, rowWidth: H, hRow: 0, t, cPrev: t, cNew: t + 1 };
      const m = masking ? maskOf(rng, B, T, t, masking) : null;
      const gates0 = values(rng, T * B * G, 4);
      const cs0 = values(rng, (T + 1) * B * H, 2);
      const hu = values(rng, B * G, 4);
      const bias = values(rng, G, 1);
      // JavaScript: the step, and what the next step writes into A (SIMD writes h_t there at once).
      const outSize = returnSequences ? B * T * H : B * H;
      const js = { gates: gates0.slice(), cs: cs0.slice(), acs: new Float32Array(T * B * H), h: new Float32Array(B * H), out: new Float32Array(outSize) };
      const hp = values(rng, B * H, 1);
      const views = { hu, hp, at: new Float32Array(T * B * H), mask: m?.mask ?? null, bias };
      lstmForwardCells({ ...views, ...js }, B, H, attrs);
      const nextA = new Float32Array(T * B * H);
      if (t < T - 1) stackPrevious(nextA, js.h, B, H, { ...attrs, t: t + 1 });

      const [gates, cs, acs, h, huT, biasT] = [tf.tensor(gates0), tf.tensor(cs0), tf.zeros([T * B * H]), tf.zeros([B * H]), tf.tensor(hu), tf.tensor(bias)];
      const [atT, outT, hpT] = [tf.zeros([T * B * H]), tf.zeros([outSize]), tf.tensor(hp)];
      const [maskT, gatesOutT] = [tf.tensor(m?.mask ?? [0]), tf.tensor(m?.gates ?? [0])];
      const a = simd.address.bind(simd);
      const tt = reverse ? T - 1 - t : t;
      const maskBlocks = m ? { mask: a(maskT) + 4 * tt, maskStride: 4 * T, outGate: a(gatesOutT) } : { mask: 0, maskStride: 0, outGate: 0 };
      const [stepBytes, gateBytes] = [4 * B * H, 4 * B * G];
      const toOut = returnSequences || t === T - 1;
      lstmSimdForward(
        simd,
        {
          gates: a(gates) + t * gateBytes,
          hU: a(huT),
          bias: a(biasT),
          cPrev: a(cs) + t * stepBytes,
          cNew: a(cs) + (t + 1) * stepBytes,
          acs: a(acs) + t * stepBytes,
          h: a(h),
          hPrev: a(hpT),
          nextA: t < T - 1 ? a(atT) + (t + 1) * stepBytes : 0,
          nextAStride: 4 * H,
          out: toOut ? a(outT) + (returnSequences ? 4 * t * H : 0) : 0,
          outStride: 4 * H * (returnSequences ? T : 1),
          ...maskBlocks,
        },
        B,
        H,
      );
      expectSameBits(js.gates, gates, 'gates');
      expectSameBits(js.cs, cs, 'c');
      expectSameBits(js.acs, acs, 'tanh(c)');
      expectSameBits(js.h, h, 'h');
      expectSameBits(nextA, atT, 'A');
      expectSameBits(js.out, outT, 'output');

      const carry0 = values(rng, 2 * B * H, 1);
      const dhRec = t === T - 1 ? null : values(rng, B * H, 1);
      const dOut = values(rng, returnSequences ? B * T * H : B * H, 1);
      const back = { gates: js.gates.slice(), carry: carry0.slice(), dz: new Float32Array(B * G) };
      lstmBackwardCells({ ...back, cs: js.cs, acs: js.acs, dhRec, dOut, mask: m?.mask ?? null }, B, H, attrs);
      const [gatesB, csB, acsB, carry, dz] = [tf.tensor(js.gates), tf.tensor(js.cs), tf.tensor(js.acs), tf.tensor(carry0), tf.zeros([B * G])];
      const [dhRecT, dOutT] = [tf.tensor(dhRec ?? [0]), tf.tensor(dOut)];
      const dOutAt = returnSequences || t === T - 1 ? a(dOutT) + (returnSequences ? 4 * t * H : 0) : 0;
      lstmSimdBackward(
        simd,
        {
          gates: a(gatesB) + t * gateBytes,
          cPrev: a(csB) + t * stepBytes,
          acs: a(acsB) + t * stepBytes,
          dh: a(carry),
          dc: a(carry) + stepBytes,
          dz: a(dz),
          dhRec: dhRec ? a(dhRecT) : 0,
          dOut: dOutAt,
          dOutStride: 4 * H * (returnSequences ? T : 1),
          ...maskBlocks,
        },
        B,
        H,
      );
      expectSameBits(back.gates, gatesB, 'dz over the gates');
      expectSameBits(back.dz, dz, 'dz');
      expectSameBits(back.carry, carry, 'carry');
      tf.dispose([gates, cs, acs, h, huT, biasT, atT, outT, hpT, maskT, gatesOutT, gatesB, csB, acsB, carry, dz, dhRecT, dOutT]);
    });
  }
});

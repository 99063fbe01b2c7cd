// The elementwise work of a GRU step (step.ts's gruForward, gruBackward, gruGates, gruCandidate,
// gruBackCandidate and gruBackReset) as WebAssembly SIMD, for the whole-sequence kernels on the
// wasm backend (sequence.ts), as ../lstm/simd.ts does for LSTM: two cells per instruction (f64x2),
// every value computed in doubles by the same operations in the same order as the JavaScript, and
// rounded to float32 exactly where the JavaScript stores into a Float32Array and reads back — so
// the same bits, and the choice of arithmetic never changes a result.
//
// What stays in JavaScript around each call (sequence.ts): copying h_{t−1} into the stacked
// operands, the layer's output, and completing dh (the dz·Uᵀ part and the output's gradient) —
// plain copies and additions that step.ts's helpers do the same way for both.
//
// Covered: tanh with a recurrent sigmoid (Keras's defaults), an even number of units, a mask or
// none; the forward steps need a bias (without one the JavaScript rounds once less). A masked row
// does no arithmetic: h is carried over, and backward its dZ rows are zeros, as in step.ts.

import { SIGMOID, SIGMOID_FIT, TANH, TANH_FIT, type Act } from '../../../../kernels/pointwise.ts';
import { either, forLoop, op, type Code, type WasmFunction } from '../../../../kernels/wasm-assembler.ts';
import { copyBytes, isMasked, rational, rowOf, sigmoidSlope, tanhSlope, zeroBytes } from '../../../../kernels/wasm-cell-code.ts';

/** Whether these SIMD cells cover a GRU with these activations and units (the forward also needs a bias). */
export function gruSimdCovers(act: Act, rec: Act, units: number): boolean {
  return act === TANH && rec === SIGMOID && units % 2 === 0;
}

// The instructions these functions use, by name (one declaration each: `rnnc build` copies declarations one by one).
const get = op.get;
const set = op.set;
const i32 = op.i32;
const i32Add = op.i32Add;
const i32Mul = op.i32Mul;
const loadF32x2 = op.loadF32x2;
const storeF32x2 = op.storeF32x2;
const roundF32 = op.roundF32;
const add = op.add;
const sub = op.sub;
const mul = op.mul;

/** base + k·hb + jb: pair jb of the k-th H-wide block of a row (hb = H·4 bytes). */
const cell = (base: number, k: number, hb: number, jb: number): Code =>
  k === 0 ? [...get(base), ...get(jb), ...i32Add] : [...get(base), ...get(hb), ...i32(k), ...i32Mul, ...i32Add, ...get(jb), ...i32Add];
const load = (base: number, k: number, hb: number, jb: number): Code => [...cell(base, k, hb, jb), ...loadF32x2];
/** `bytes`·k as code: k blocks of H. */
const blocks = (hb: number, k: number): Code => (k === 1 ? get(hb) : [...get(hb), ...i32(k), ...i32Mul]);
/** The row prologue: each (local, base, stride) pair sets local = base + r·stride. */
const rows = (r: number, pairs: readonly (readonly [number, number, number])[]): Code => pairs.flatMap(([local, base, stride]) => [...rowOf(base, r, stride), ...set(local)]);
/** hb = units·4 and, when asked, a second local = k·hb; then the loop over rows. */
function overRows(units: number, hb: number, wide: readonly (readonly [number, number])[], r: number, count: number, body: Code): Code {
  return [...get(units), ...i32(4), ...i32Mul, ...set(hb), ...wide.flatMap(([local, k]) => [...blocks(hb, k), ...set(local)]), ...forLoop(r, i32(0), get(count), 1, body)];
}

// ---- reset_after=true ----

/** gruAfterForward(gates, hU, bias, aux, h, hPrev, mask, maskStride, rows, units): step.ts's gruForward, gates and aux at the step's rows. */
function afterForward(): WasmFunction {
  const [gates, hU, bias, aux, h, hPrev, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, jb, hb, gb, g, u, ax, hr, pr, masked] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [x, sq, rh, hh] = [20, 21, 22, 23];
  // z and r: σ(round(round(x + hU + b_in) + b_rec)), as gruForward's two addRow calls round.
  const zr = forLoop(jb, i32(0), blocks(hb, 2), 8, [
    ...cell(g, 0, hb, jb),
    ...load(g, 0, hb, jb), ...load(u, 0, hb, jb), ...add, ...load(bias, 0, hb, jb), ...add, ...roundF32,
    ...get(bias), ...get(gb), ...i32Add, ...get(jb), ...i32Add, ...loadF32x2, ...add, ...roundF32,
    ...rational(SIGMOID_FIT, x, sq), ...storeF32x2,
  ]);
  const recBiasH = [...get(bias), ...get(gb), ...i32Add, ...blocks(hb, 2), ...i32Add, ...get(jb), ...i32Add, ...loadF32x2];
  const candidate = forLoop(jb, i32(0), get(hb), 8, [
    // rh = hU_h + b_rec_h, kept for the backward pass (aux); hh = act(x_h + b_in_h + r·rh).
    ...load(u, 2, hb, jb), ...recBiasH, ...add, ...set(rh),
    ...cell(ax, 2, hb, jb), ...get(rh), ...storeF32x2,
    ...cell(g, 2, hb, jb),
    ...load(g, 2, hb, jb), ...load(bias, 2, hb, jb), ...add, ...load(g, 1, hb, jb), ...get(rh), ...mul, ...add, ...roundF32,
    ...rational(TANH_FIT, x, sq), ...storeF32x2,
    ...load(g, 2, hb, jb), ...set(hh),
    // h = hh + z·(h_{t−1} − hh)
    ...cell(hr, 0, hb, jb), ...get(hh), ...load(g, 0, hb, jb), ...load(pr, 0, hb, jb), ...get(hh), ...sub, ...mul, ...add, ...storeF32x2,
  ]);
  const row = [
    ...rows(r, [[g, gates, gb], [u, hU, gb], [ax, aux, gb], [hr, h, hb], [pr, hPrev, hb]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, copyBytes(hr, pr, get(hb), jb), [...zr, ...candidate]),
  ];
  return { name: 'gruAfterForward', params: 10, i32Locals: 10, v128Locals: 4, body: overRows(units, hb, [[gb, 3]], r, count, row) };
}

/** gruAfterBackward(gates, aux, atH, atStride, dh, d, mask, maskStride, rows, units): step.ts's gruBackward after its gatherDh. */
function afterBackward(): WasmFunction {
  const [gates, aux, atH, atStride, dh, d, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, jb, hb, gb, g, ax, hp, dr, dd, masked] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [z, rv, hh, dhj, dzp, dhp, drp, x] = [20, 21, 22, 23, 24, 25, 26, 27];
  const store3 = (base: number, k: number, v: number): Code => [...cell(base, k, hb, jb), ...get(v), ...storeF32x2];
  const pair = forLoop(jb, i32(0), get(hb), 8, [
    ...load(g, 0, hb, jb), ...set(z), ...load(g, 1, hb, jb), ...set(rv), ...load(g, 2, hb, jb), ...set(hh), ...load(dr, 0, hb, jb), ...set(dhj),
    ...get(dhj), ...load(hp, 0, hb, jb), ...get(hh), ...sub, ...mul, ...sigmoidSlope(z), ...mul, ...set(dzp),
    ...get(dhj), ...op.f64x2(1), ...get(z), ...sub, ...mul, ...tanhSlope(hh), ...mul, ...set(dhp),
    ...get(dhp), ...load(ax, 2, hb, jb), ...mul, ...sigmoidSlope(rv), ...mul, ...set(drp),
    ...get(dhp), ...get(rv), ...mul, ...set(x),
    ...store3(g, 0, dzp), ...store3(g, 1, drp), ...store3(g, 2, dhp),
    ...store3(dd, 0, dzp), ...store3(dd, 1, drp), ...store3(dd, 2, x),
    ...store3(ax, 0, dzp), ...store3(ax, 1, drp), ...store3(ax, 2, x),
    ...cell(dr, 0, hb, jb), ...get(dhj), ...get(z), ...mul, ...storeF32x2,
  ]);
  const row = [
    ...rows(r, [[g, gates, gb], [ax, aux, gb], [hp, atH, atStride], [dr, dh, hb], [dd, d, gb]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, [...zeroBytes(dd, get(gb), jb), ...zeroBytes(g, get(gb), jb), ...zeroBytes(ax, get(gb), jb)], pair),
  ];
  return { name: 'gruAfterBackward', params: 10, i32Locals: 10, v128Locals: 8, body: overRows(units, hb, [[gb, 3]], r, count, row) };
}

// ---- reset_after=false ----

/** gruBeforeGates(zr, hU, bias, hPrev, rh, atH, atStride, mask, maskStride, rows, units): step.ts's gruGates without A_zr's copy. */
function beforeGates(): WasmFunction {
  const [zr, hU, bias, hPrev, rh, atH, atStride, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [r, jb, hb, zb, g, u, pr, rr, ah, masked] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const [x, sq, v] = [21, 22, 23];
  const gatesLoop = forLoop(jb, i32(0), get(zb), 8, [
    ...cell(g, 0, hb, jb), ...load(g, 0, hb, jb), ...load(u, 0, hb, jb), ...add, ...load(bias, 0, hb, jb), ...add, ...roundF32,
    ...rational(SIGMOID_FIT, x, sq), ...storeF32x2,
  ]);
  const reset = forLoop(jb, i32(0), get(hb), 8, [
    ...load(g, 1, hb, jb), ...load(pr, 0, hb, jb), ...mul, ...roundF32, ...set(v),
    ...cell(rr, 0, hb, jb), ...get(v), ...storeF32x2,
    ...cell(ah, 0, hb, jb), ...get(v), ...storeF32x2,
  ]);
  const row = [
    ...rows(r, [[g, zr, zb], [u, hU, zb], [pr, hPrev, hb], [rr, rh, hb], [ah, atH, atStride]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, [...zeroBytes(rr, get(hb), jb), ...zeroBytes(ah, get(hb), jb)], [...gatesLoop, ...reset]),
  ];
  return { name: 'gruBeforeGates', params: 11, i32Locals: 10, v128Locals: 3, body: overRows(units, hb, [[zb, 2]], r, count, row) };
}

/** gruBeforeCandidate(hh, hc, biasH, zr, hPrev, h, mask, maskStride, rows, units): step.ts's gruCandidate without the output. */
function beforeCandidate(): WasmFunction {
  const [hhs, hc, bias, zr, hPrev, h, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, jb, hb, zb, g, c, z, pr, hr, masked] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [x, sq, v] = [20, 21, 22];
  const pair = forLoop(jb, i32(0), get(hb), 8, [
    ...cell(g, 0, hb, jb), ...load(g, 0, hb, jb), ...load(c, 0, hb, jb), ...add, ...load(bias, 0, hb, jb), ...add, ...roundF32,
    ...rational(TANH_FIT, x, sq), ...storeF32x2,
    ...load(g, 0, hb, jb), ...set(v),
    ...cell(hr, 0, hb, jb), ...get(v), ...load(z, 0, hb, jb), ...load(pr, 0, hb, jb), ...get(v), ...sub, ...mul, ...add, ...storeF32x2,
  ]);
  const row = [
    ...rows(r, [[g, hhs, hb], [c, hc, hb], [z, zr, zb], [pr, hPrev, hb], [hr, h, hb]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, copyBytes(hr, pr, get(hb), jb), pair),
  ];
  return { name: 'gruBeforeCandidate', params: 10, i32Locals: 10, v128Locals: 3, body: overRows(units, hb, [[zb, 2]], r, count, row) };
}

/** gruBeforeBackCandidate(zr, hh, atZr, atStride, dh, d, mask, maskStride, rows, units): step.ts's gruBackCandidate after its gatherDh. */
function beforeBackCandidate(): WasmFunction {
  const [zr, hhs, atZr, atStride, dh, d, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, jb, hb, zb, z, g, ap, dr, dd, masked] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [zv, hv, dhj, dhp] = [20, 21, 22, 23];
  const pair = forLoop(jb, i32(0), get(hb), 8, [
    ...load(z, 0, hb, jb), ...set(zv), ...load(g, 0, hb, jb), ...set(hv), ...load(dr, 0, hb, jb), ...set(dhj),
    ...get(dhj), ...op.f64x2(1), ...get(zv), ...sub, ...mul, ...tanhSlope(hv), ...mul, ...set(dhp),
    ...cell(z, 0, hb, jb), ...get(dhj), ...load(ap, 0, hb, jb), ...get(hv), ...sub, ...mul, ...sigmoidSlope(zv), ...mul, ...storeF32x2,
    ...cell(g, 0, hb, jb), ...get(dhp), ...storeF32x2,
    ...cell(dd, 0, hb, jb), ...get(dhp), ...storeF32x2,
    ...cell(dr, 0, hb, jb), ...get(dhj), ...get(zv), ...mul, ...storeF32x2,
  ]);
  const row = [
    ...rows(r, [[z, zr, zb], [g, hhs, hb], [ap, atZr, atStride], [dr, dh, hb], [dd, d, hb]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, [...zeroBytes(dd, get(hb), jb), ...zeroBytes(g, get(hb), jb), ...zeroBytes(z, get(zb), jb)], pair),
  ];
  return { name: 'gruBeforeBackCandidate', params: 10, i32Locals: 10, v128Locals: 4, body: overRows(units, hb, [[zb, 2]], r, count, row) };
}

/** gruBeforeBackReset(zr, dRh, atZr, atStride, dh, d, mask, maskStride, rows, units): step.ts's gruBackReset. */
function beforeBackReset(): WasmFunction {
  const [zr, dRh, atZr, atStride, dh, d, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [r, jb, hb, zb, z, gr, ap, dr, dd, masked] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [rv, gv] = [20, 21];
  const pair = forLoop(jb, i32(0), get(hb), 8, [
    ...load(z, 1, hb, jb), ...set(rv), ...load(gr, 0, hb, jb), ...set(gv),
    ...cell(z, 1, hb, jb), ...get(gv), ...load(ap, 0, hb, jb), ...mul, ...sigmoidSlope(rv), ...mul, ...storeF32x2,
    ...cell(dr, 0, hb, jb), ...load(dr, 0, hb, jb), ...get(gv), ...get(rv), ...mul, ...add, ...storeF32x2,
  ]);
  const row = [
    ...rows(r, [[z, zr, zb], [gr, dRh, hb], [ap, atZr, atStride], [dr, dh, hb], [dd, d, zb]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, zeroBytes(dd, get(zb), jb), [...pair, ...copyBytes(dd, z, get(zb), jb)]),
  ];
  return { name: 'gruBeforeBackReset', params: 10, i32Locals: 10, v128Locals: 2, body: overRows(units, hb, [[zb, 2]], r, count, row) };
}

/** The functions as wasm-simd.ts assembles them into rnnc's module. */
export function gruFunctions(): WasmFunction[] {
  return [afterForward(), afterBackward(), beforeGates(), beforeCandidate(), beforeBackCandidate(), beforeBackReset()];
}

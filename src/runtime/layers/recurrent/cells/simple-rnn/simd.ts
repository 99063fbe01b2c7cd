// The elementwise work of a SimpleRNN step (step.ts's simpleRnnForward and simpleRnnBackward) as
// WebAssembly SIMD for the whole-sequence kernels on the wasm backend (sequence.ts), on the same
// terms as ../gru/simd.ts: the same doubles in the same order, rounded where the JavaScript
// stores, so the same bits. Covered: tanh (Keras's default), an even number of units; the forward
// needs a bias. The stacked operand's copy of h_{t−1}, the output and completing dh stay in
// JavaScript (sequence.ts).

import { TANH, TANH_FIT, type Act } from '../../../../kernels/pointwise.ts';
import { either, forLoop, op, type Code, type WasmFunction } from '../../../../kernels/wasm-assembler.ts';
import { at, copyBytes, isMasked, rational, rowOf, tanhSlope, zeroBytes } from '../../../../kernels/wasm-cell-code.ts';

/** Whether these SIMD cells cover a SimpleRNN with this activation and units (the forward also needs a bias). */
export function simpleRnnSimdCovers(act: Act, units: number): boolean {
  return act === TANH && units % 2 === 0;
}

// The instructions these functions use, by name (one declaration each: `rnnc build` copies declarations one by one).
const get = op.get;
const set = op.set;
const i32 = op.i32;
const i32Mul = op.i32Mul;
const loadF32x2 = op.loadF32x2;
const storeF32x2 = op.storeF32x2;
const roundF32 = op.roundF32;
const add = op.add;
const mul = op.mul;
const rowsOf = (r: number, pairs: readonly (readonly [number, number, number])[]): Code => pairs.flatMap(([local, base, stride]) => [...rowOf(base, r, stride), ...set(local)]);

/** simpleRnnForward(pre, hU, bias, hPrev, h, mask, maskStride, rows, units): pre = act(pre + hU + b), h = pre. */
function forward(): WasmFunction {
  const [pre, hU, bias, hPrev, h, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [r, jb, hb, p, u, pr, hr, masked] = [9, 10, 11, 12, 13, 14, 15, 16];
  const [x, sq, v] = [17, 18, 19];
  const pair = forLoop(jb, i32(0), get(hb), 8, [
    ...at(p, jb), ...loadF32x2, ...at(u, jb), ...loadF32x2, ...add, ...at(bias, jb), ...loadF32x2, ...add, ...roundF32,
    ...rational(TANH_FIT, x, sq), ...set(v),
    ...at(p, jb), ...get(v), ...storeF32x2,
    ...at(hr, jb), ...get(v), ...storeF32x2,
  ]);
  const row = [
    ...rowsOf(r, [[p, pre, hb], [u, hU, hb], [pr, hPrev, hb], [hr, h, hb]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, copyBytes(hr, pr, get(hb), jb), pair),
  ];
  return { name: 'simpleRnnForward', params: 9, i32Locals: 8, v128Locals: 3, body: [...get(units), ...i32(4), ...i32Mul, ...set(hb), ...forLoop(r, i32(0), get(count), 1, row)] };
}

/** simpleRnnBackward(pre, dh, d, mask, maskStride, rows, units): d = pre = dh·act'(pre), dh = 0 (dh completed before). */
function backward(): WasmFunction {
  const [pre, dh, d, mask, maskStride, count, units] = [0, 1, 2, 3, 4, 5, 6];
  const [r, jb, hb, p, dr, dd, masked] = [7, 8, 9, 10, 11, 12, 13];
  const [y, v] = [14, 15];
  const pair = forLoop(jb, i32(0), get(hb), 8, [
    ...at(p, jb), ...loadF32x2, ...set(y),
    ...at(dr, jb), ...loadF32x2, ...tanhSlope(y), ...mul, ...set(v),
    ...at(dd, jb), ...get(v), ...storeF32x2,
    ...at(p, jb), ...get(v), ...storeF32x2,
    ...at(dr, jb), ...op.f64x2(0), ...storeF32x2,
  ]);
  const row = [
    ...rowsOf(r, [[p, pre, hb], [dr, dh, hb], [dd, d, hb]]),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, [...zeroBytes(dd, get(hb), jb), ...zeroBytes(p, get(hb), jb)], pair),
  ];
  return { name: 'simpleRnnBackward', params: 7, i32Locals: 7, v128Locals: 2, body: [...get(units), ...i32(4), ...i32Mul, ...set(hb), ...forLoop(r, i32(0), get(count), 1, row)] };
}

/** The functions as wasm-simd.ts assembles them into rnnc's module. */
export function simpleRnnFunctions(): WasmFunction[] {
  return [forward(), backward()];
}

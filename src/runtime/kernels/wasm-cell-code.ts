// Code pieces every cell's SIMD steps share (cells/lstm/simd.ts, cells/gru/simd.ts,
// cells/simple-rnn/simd.ts): the activations' rational fits, their derivatives from the output,
// a row's mask test, and rows addressed as base + r·stride. Values are f64x2, two cells at a time,
// computed by the same operations in the same order as the JavaScript cells (pointwise.ts), so
// both give the same doubles and, stored, the same float32 bits.

import type { RationalFit } from './pointwise.ts';
import { forLoop, op, when, type Code } from './wasm-assembler.ts';

/** f(top of stack) by `fit`, using locals x and s as scratch (see pointwise.ts's tanh and sigmoid). */
export function rational(fit: RationalFit, x: number, s: number): Code {
  const { get, set, f64x2, add, mul, div, pmin, pmax } = op;
  const horner = (c: readonly number[]) => [...f64x2(c[c.length - 1]!), ...c.slice(0, -1).reverse().flatMap((k) => [...get(s), ...mul, ...f64x2(k), ...add])];
  return [
    ...f64x2(fit.clamp), ...pmin, ...f64x2(-fit.clamp), ...pmax, ...set(x),
    ...get(x), ...get(x), ...mul, ...set(s),
    ...horner(fit.p), ...get(x), ...mul,
    ...horner(fit.q), ...div,
    ...(fit.offset === 0 ? [] : [...f64x2(fit.offset), ...add]),
  ];
}

/** y(1 − y): the sigmoid's derivative from its output. */
export const sigmoidSlope = (y: number): Code => [...op.get(y), ...op.f64x2(1), ...op.get(y), ...op.sub, ...op.mul];
/** 1 − y²: tanh's derivative from its output. */
export const tanhSlope = (y: number): Code => [...op.f64x2(1), ...op.get(y), ...op.get(y), ...op.mul, ...op.sub];

/** masked = whether row r's mask (f32 at mask + r·stride) is 0, as the JavaScript's `=== 0`; 0 without a mask. */
export function isMasked(mask: number, stride: number, r: number, masked: number): Code {
  const { get, set, i32, i32Add, i32Mul } = op;
  return [...i32(0), ...set(masked), ...when(mask, [...get(mask), ...get(r), ...get(stride), ...i32Mul, ...i32Add, ...op.f32Load, ...op.f32Zero, ...op.f32Eq, ...set(masked)])];
}

/** base + r·stride (all locals): row r of a block whose rows are `stride` bytes apart. */
export const rowOf = (base: number, r: number, stride: number): Code => [...op.get(base), ...op.get(r), ...op.get(stride), ...op.i32Mul, ...op.i32Add];

/** base + offset (both locals). */
export const at = (base: number, offset: number): Code => [...op.get(base), ...op.get(offset), ...op.i32Add];

/** `bytes` bytes (a multiple of 8) from `from` to `to` (addresses on the stack as codes), eight at a time, counter `jb`. */
export function copyBytes(to: number, from: number, bytes: Code, jb: number): Code {
  return forLoop(jb, op.i32(0), bytes, 8, [...at(to, jb), ...at(from, jb), ...op.load64, ...op.store64]);
}

/** `bytes` bytes (a multiple of 8) at `to` zeroed, counter `jb`. */
export function zeroBytes(to: number, bytes: Code, jb: number): Code {
  return forLoop(jb, op.i32(0), bytes, 8, [...at(to, jb), ...op.f64x2(0), ...op.store64]);
}

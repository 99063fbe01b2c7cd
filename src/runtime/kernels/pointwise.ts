// Scalar activations for the fused recurrent kernels, in plain JavaScript doubles.
//
// V8's Math.tanh and Math.exp cost 15–25 ns a call here; an LSTM step evaluates five of them per
// cell, which made them the largest elementwise cost of a training step. `tanh` below is a
// rational minimax fit, x·P(x²)/Q(x²), made for rnnc on [0, 9] (a linear-programming fit of the
// relative error): its relative error is below 7.7e-9 there, and beyond ±9 it returns ±tanh(9),
// off by at most 3.1e-8 — under half a float32 ulp at 1. It costs about 4 ns.
// sigmoid(x) = (1 + tanh(x/2)) / 2, so its absolute error is below 1.6e-8 (1.3e-8 measured).
//
// Every activation here has a derivative that can be computed from its output y alone, which is
// what the kernels store; `derivative(code, y)` gives it. Codes outside this table are not fused:
// the layer runs its plain tfjs-op path instead.

/** An activation's number in the kernels' attributes. */
export type Act = number;
export const LINEAR = 0;
export const TANH = 1;
export const SIGMOID = 2;
export const HARD_SIGMOID = 3;
export const RELU = 4;

const CODES: Readonly<Record<string, Act>> = {
  linear: LINEAR,
  tanh: TANH,
  sigmoid: SIGMOID,
  hard_sigmoid: HARD_SIGMOID,
  relu: RELU,
};

/** The fused code of a Keras activation name (null: linear), or null when it has none. */
export function actCode(name: string | null): Act | null {
  return CODES[name ?? 'linear'] ?? null;
}

const P0 = 0.9999999923706052;
const P1 = 0.13078831922890732;
const P2 = 0.003098164816171163;
const P3 = 1.1093473725819803e-5;
const P4 = -1.9976594244701595e-8;
const P5 = 5.1571368944102945e-11;
const P6 = -8.175586429219083e-14;
const Q1 = 0.46412158137107723;
const Q2 = 0.02447213639322841;
const Q3 = 0.0002537697379277959;

export function tanh(x: number): number {
  if (x > 9) x = 9;
  else if (x < -9) x = -9;
  const s = x * x;
  const p = P0 + s * (P1 + s * (P2 + s * (P3 + s * (P4 + s * (P5 + s * P6)))));
  const q = 1 + s * (Q1 + s * (Q2 + s * Q3));
  return (x * p) / q;
}

// sigmoid(x) = 1/2 + tanh(x/2)/2 with the halvings folded into the coefficients:
// S_k = P_k / (4·4^k), R_k = Q_k / 4^k, clamped at ±18 (where tanh's fit is clamped at ±9).
const S0 = 0.2499999980926513;
const S1 = 0.008174269951806708;
const S2 = 4.840882525267442e-5;
const S3 = 4.3333881741483604e-8;
const S4 = -1.95083928170914e-11;
const S5 = 1.2590666246118883e-14;
const S6 = -4.989981951427663e-18;
const R1 = 0.11603039534276931;
const R2 = 0.0015295085245767756;
const R3 = 3.965152155121811e-6;

export function sigmoid(x: number): number {
  if (x > 18) x = 18;
  else if (x < -18) x = -18;
  const s = x * x;
  const p = S0 + s * (S1 + s * (S2 + s * (S3 + s * (S4 + s * (S5 + s * S6)))));
  const q = 1 + s * (R1 + s * (R2 + s * R3));
  return 0.5 + (x * p) / q;
}

/** A fit as the SIMD kernels evaluate it (layers/recurrent/cells/lstm/simd.ts): clamp, then x·P(x²)/Q(x²) + offset by
 *  Horner's rule, the same operations in the same order as `tanh` and `sigmoid` above, so both
 *  give the same doubles. Q's constant term is 1. */
export interface RationalFit {
  readonly clamp: number;
  readonly p: readonly number[];
  readonly q: readonly number[];
  readonly offset: number;
}

export const TANH_FIT: RationalFit = { clamp: 9, p: [P0, P1, P2, P3, P4, P5, P6], q: [1, Q1, Q2, Q3], offset: 0 };
export const SIGMOID_FIT: RationalFit = { clamp: 18, p: [S0, S1, S2, S3, S4, S5, S6], q: [1, R1, R2, R3], offset: 0.5 };

export function activate(code: Act, x: number): number {
  switch (code) {
    case TANH:
      return tanh(x);
    case SIGMOID:
      return sigmoid(x);
    case HARD_SIGMOID:
      // Keras 3: relu6(x + 3) / 6.
      return x <= -3 ? 0 : x >= 3 ? 1 : (x + 3) / 6;
    case RELU:
      return x > 0 ? x : 0;
    default:
      return x;
  }
}

/** f'(x) from y = f(x). hard_sigmoid's is 1/6 strictly inside (-3, 3), i.e. 0 < y < 1; relu's is
 *  1 for x > 0, i.e. y > 0 (the same choices as activations.ts's backward). */
export function derivative(code: Act, y: number): number {
  switch (code) {
    case TANH:
      return 1 - y * y;
    case SIGMOID:
      return y * (1 - y);
    case HARD_SIGMOID:
      return y > 0 && y < 1 ? 1 / 6 : 0;
    case RELU:
      return y > 0 ? 1 : 0;
    default:
      return 1;
  }
}

// The kernels apply activations over ranges, with the switch outside the loop: V8 does not
// inline `activate` into a loop body that also does the cell's arithmetic (2.7× slower there).

/** v[k] = f(v[k]) for k in [from, to). */
export function activateRange(v: Float32Array, from: number, to: number, code: Act): void {
  switch (code) {
    case TANH:
      for (let k = from; k < to; k++) v[k] = tanh(v[k]!);
      return;
    case SIGMOID:
      for (let k = from; k < to; k++) v[k] = sigmoid(v[k]!);
      return;
    case LINEAR:
      return;
    default:
      for (let k = from; k < to; k++) v[k] = activate(code, v[k]!);
  }
}

/** d[dAt + k] *= f'(x) where f(x) = y[yAt + k], for k in [0, n). */
export function scaleByDerivative(d: Float32Array, dAt: number, y: Float32Array, yAt: number, n: number, code: Act): void {
  switch (code) {
    case TANH:
      for (let k = 0; k < n; k++) {
        const v = y[yAt + k]!;
        d[dAt + k] = d[dAt + k]! * (1 - v * v);
      }
      return;
    case SIGMOID:
      for (let k = 0; k < n; k++) {
        const v = y[yAt + k]!;
        d[dAt + k] = d[dAt + k]! * v * (1 - v);
      }
      return;
    case LINEAR:
      return;
    default:
      for (let k = 0; k < n; k++) d[dAt + k] = d[dAt + k]! * derivative(code, y[yAt + k]!);
  }
}

/**
 * dst[at + k] = f(dst[at + k] + a[aAt + k] + bias[biasAt + k]) for k in [0, n): a block of gates
 * from the projection, h·U and the bias, in one pass (`bias` null: none).
 */
export function activateSum(dst: Float32Array, at: number, a: Float32Array, aAt: number, bias: Float32Array | null, biasAt: number, n: number, code: Act): void {
  if (bias === null) {
    for (let k = 0; k < n; k++) dst[at + k] = dst[at + k]! + a[aAt + k]!;
    activateRange(dst, at, at + n, code);
    return;
  }
  switch (code) {
    case TANH:
      for (let k = 0; k < n; k++) dst[at + k] = tanh(dst[at + k]! + a[aAt + k]! + bias[biasAt + k]!);
      return;
    case SIGMOID:
      for (let k = 0; k < n; k++) dst[at + k] = sigmoid(dst[at + k]! + a[aAt + k]! + bias[biasAt + k]!);
      return;
    default:
      for (let k = 0; k < n; k++) dst[at + k] = activate(code, dst[at + k]! + a[aAt + k]! + bias[biasAt + k]!);
  }
}

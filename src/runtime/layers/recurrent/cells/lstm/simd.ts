// The elementwise work of an LSTM step (step.ts's lstmForwardCells and lstmBackwardCells) as
// WebAssembly SIMD, for the whole-sequence kernels on the wasm backend (sequence.ts).
//
// Why: in JavaScript the cells cost about 10 ms of B1's training step — as much as the recurrent
// GEMMs — five rational activations per cell forward, and the scalar loads, stores and bounds
// checks of typed arrays. Here two cells go through every instruction at once (f64x2), reading and
// writing the backend's heap directly, with no call per row: about 45 µs a step forward and 7 µs
// backward for B1's [64, 64] (JavaScript: ~120 and ~95), 2.6 ms of the training step instead of 10.
// The clamps use pmin/pmax: wasm's exact min/max are about eight x64 instructions each, and with
// them the forward took 75 µs.
//
// Bit for bit the same numbers as the JavaScript: every value is computed in doubles by the same
// operations in the same order (no fused multiply-add), and rounded to float32 exactly where the
// JavaScript stores it into a Float32Array and reads it back. So the cpu backend, the wasm
// backend, and runs with or without this path all agree, and the same seed gives the same weights.
//
// Covered: Keras's default activations (tanh, recurrent sigmoid), a bias, an even number of units,
// with or without a mask. Anything else runs the JavaScript cells. A mask is read per row, and a
// masked row takes its own branch (its cells do no arithmetic: c and h are copied, or in the
// backward pass dz is zeroed), so a padded step costs less than a real one, as in the JavaScript.

import { SIGMOID, SIGMOID_FIT, TANH, TANH_FIT, type Act, type RationalFit } from '../../../../kernels/pointwise.ts';
import { at, isMasked, rational, sigmoidSlope, tanhSlope } from '../../../../kernels/wasm-cell-code.ts';
import { either, forLoop, op, when, type Code, type WasmFunction } from '../../../../kernels/wasm-assembler.ts';

/** Byte addresses on the backend's heap of one step's blocks (see step.ts's workspaces). */
export interface LstmForwardBlocks {
  readonly gates: number;
  readonly hU: number;
  readonly bias: number;
  readonly cPrev: number;
  readonly cNew: number;
  readonly acs: number;
  readonly h: number;
  /** h_{t−1}, which a masked row keeps. */
  readonly hPrev: number;
  /** Where h also goes, row b at copy + b·stride (0: nowhere): the next step's h columns of the
   *  stacked operand A, and the layer's output (step.ts's writeOutput). */
  readonly nextA: number;
  readonly nextAStride: number;
  readonly out: number;
  readonly outStride: number;
  /** The step's mask, row b at mask + b·maskStride (0: no mask), and with a mask and an output the
   *  step's output gates, row b at outGate + 4b (sequence-layout.ts's outputGates). */
  readonly mask: number;
  readonly maskStride: number;
  readonly outGate: number;
}

export interface LstmBackwardBlocks {
  readonly gates: number;
  readonly cPrev: number;
  readonly acs: number;
  /** carry[0] (dh, zeroed) and carry[1] (dc, updated). */
  readonly dh: number;
  readonly dc: number;
  readonly dz: number;
  /** dz_{t+1}·Uᵀ, added to dh first; 0: none (the last step). */
  readonly dhRec: number;
  /** The output's gradient at this step, row b at dOut + b·dOutStride, added next; 0: none. */
  readonly dOut: number;
  readonly dOutStride: number;
  /** As in LstmForwardBlocks; outGate is needed with a mask and a dOut. */
  readonly mask: number;
  readonly maskStride: number;
  readonly outGate: number;
}

/** Whether these SIMD cells cover a sequence with these activations and units (the forward also needs a bias). */
export function simdCovers(act: Act, rec: Act, units: number): boolean {
  return act === TANH && rec === SIGMOID && units % 2 === 0;
}

// ---- code generation ----

/** k·(units·4), the byte offset of gate block k in a row. */
const blockOffset = (hb: number, k: number): Code => (k === 0 ? op.i32(0) : [...op.get(hb), ...op.i32(k), ...op.i32Mul]);
/** base + k·(units·4): the k-th gate block of a row. */
const block = (base: number, hb: number, k: number): Code => (k === 0 ? op.get(base) : [...op.get(base), ...blockOffset(hb, k), ...op.i32Add]);

// The forward loops are short on purpose: a pair's five activations are dependent chains of ~60
// cycles each, and small loop bodies let the processor overlap several pairs (one body doing all
// five per pair ran about 15% slower). So each row runs three activation loops over its gate
// blocks, then the cell loop.

function forwardFunction(): Code {
  const { get, set, i32, i32Add, i32Mul, loadF32x2, storeF32x2, roundF32, add, mul, load64, store64, promote } = op;
  // params: gates hU bias cPrev cNew acs h hPrev nextA nextAStride out outStride mask maskStride outGate rows units
  const [gates, hU, bias, cPrev, cNew, acs, h, hPrev, nextA, nextAStride, out, outStride, mask, maskStride, outGate, rows, units] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  ];
  const [r, jb, hb, g, u, s, sj, masked] = [17, 18, 19, 20, 21, 22, 23, 24];
  const [x, sq, iv, fv, gv, ov, c, og] = [25, 26, 27, 28, 29, 30, 31, 32];
  // Row r's pair jb of a [rows, units] block with rows `stride` bytes apart.
  const rowPair = (to: number, stride: number): Code => [...get(to), ...get(r), ...get(stride), ...i32Mul, ...i32Add, ...get(jb), ...i32Add];
  const copyH = (to: number, stride: number): Code => when(to, [...rowPair(to, stride), ...get(c), ...storeF32x2]);
  // Gate blocks [from, to) of the row: f(projection + h·U + bias), stored over the projection.
  const activateBlocks = (from: number, to: number, fit: RationalFit): Code =>
    forLoop(jb, blockOffset(hb, from), blockOffset(hb, to), 8, [
      ...at(g, jb), ...at(g, jb), ...loadF32x2, ...at(u, jb), ...loadF32x2, ...add, ...at(bias, jb), ...loadF32x2, ...add,
      ...rational(fit, x, sq), ...storeF32x2,
    ]);
  // Gate n of the pair as stored (a Float32Array's value, as the JavaScript reads it).
  const stored = (n: number, into: number): Code => [...get(g), ...blockOffset(hb, n), ...i32Add, ...get(jb), ...i32Add, ...loadF32x2, ...set(into)];
  const cells = forLoop(jb, i32(0), get(hb), 8, [
    ...get(s), ...get(jb), ...i32Add, ...set(sj),
    ...stored(0, iv), ...stored(1, fv), ...stored(2, gv), ...stored(3, ov),
    // c_t = f·c_{t−1} + i·g, stored; act(c_t) of the stored value, stored; h = act(c_t)·o.
    ...get(fv), ...at(cPrev, sj), ...loadF32x2, ...mul, ...get(iv), ...get(gv), ...mul, ...add, ...set(c),
    ...at(cNew, sj), ...get(c), ...storeF32x2,
    ...get(c), ...roundF32, ...rational(TANH_FIT, x, sq), ...set(c),
    ...at(acs, sj), ...get(c), ...storeF32x2,
    ...get(c), ...roundF32, ...get(ov), ...mul, ...set(c),
    ...at(h, sj), ...get(c), ...storeF32x2,
    ...copyH(nextA, nextAStride),
    ...copyH(out, outStride),
  ]);
  // A masked row (step.ts): c and h carried over as they are, its gates and act(c) untouched; h
  // goes on into A, and the output is h_{t−1} times the row's output gate (step.ts's writeOutput).
  const keep = [
    ...when(out, [...get(outGate), ...get(r), ...i32(4), ...i32Mul, ...i32Add, ...op.f32Load, ...op.splatF32, ...set(og)]),
    ...forLoop(jb, i32(0), get(hb), 8, [
      ...get(s), ...get(jb), ...i32Add, ...set(sj),
      ...at(cNew, sj), ...at(cPrev, sj), ...load64, ...store64,
      ...at(hPrev, sj), ...load64, ...set(x),
      ...at(h, sj), ...get(x), ...store64,
      ...when(nextA, [...rowPair(nextA, nextAStride), ...get(x), ...store64]),
      ...when(out, [...rowPair(out, outStride), ...get(x), ...promote, ...get(og), ...mul, ...storeF32x2]),
    ]),
  ];
  const row = [
    ...get(gates), ...get(r), ...get(hb), ...i32(4), ...i32Mul, ...i32Mul, ...i32Add, ...set(g),
    ...get(hU), ...get(r), ...get(hb), ...i32(4), ...i32Mul, ...i32Mul, ...i32Add, ...set(u),
    ...get(r), ...get(hb), ...i32Mul, ...set(s),
    ...isMasked(mask, maskStride, r, masked),
    ...either(masked, keep, [
      ...activateBlocks(0, 2, SIGMOID_FIT),
      ...activateBlocks(2, 3, TANH_FIT),
      ...activateBlocks(3, 4, SIGMOID_FIT),
      ...cells,
    ]),
  ];
  return [...get(units), ...i32(4), ...i32Mul, ...set(hb), ...forLoop(r, i32(0), get(rows), 1, row)];
}

function backwardFunction(): Code {
  const { get, set, i32, i32Add, i32Mul, loadF32x2, storeF32x2, roundF32, add, mul } = op;
  // params: gates cPrev acs dh dc dz dhRec dOut dOutStride mask maskStride outGate rows units
  const [gates, cPrev, acs, dh, dc, dz, dhRec, dOut, dOutStride, mask, maskStride, outGate, rows, units] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [r, jb, hb, g, s, z, masked, withOut] = [14, 15, 16, 17, 18, 19, 20, 21];
  const [x, iv, fv, gv, ov, ac, dhv, dcv] = [22, 23, 24, 25, 26, 27, 28, 29];
  const load = (base: number, n: number, into: number): Code => [...block(base, hb, n), ...loadF32x2, ...set(into)];
  // dz of gate n, computed by `value`, into dz's row and over the gate's row.
  const dzOf = (n: number, value: Code): Code => [
    ...value, ...set(x),
    ...block(z, hb, n), ...get(x), ...storeF32x2,
    ...block(g, hb, n), ...get(x), ...storeF32x2,
  ];
  const rowOffset = (base: number): Code => [...get(base), ...get(r), ...get(hb), ...i32(4), ...i32Mul, ...i32Mul, ...i32Add, ...get(jb), ...i32Add];
  const start = [
    ...rowOffset(gates), ...set(g),
    ...rowOffset(dz), ...set(z),
    ...get(r), ...get(hb), ...i32Mul, ...get(jb), ...i32Add, ...set(s),
    // dh_t in full, rounded where step.ts's completeDh stores it: the part that skipped the cell,
    // + the recurrent part, + the output's gradient (where the row's output gate is not 0).
    ...at(dh, s), ...loadF32x2, ...set(dhv),
    ...when(dhRec, [...get(dhv), ...at(dhRec, s), ...loadF32x2, ...add, ...roundF32, ...set(dhv)]),
    ...when(withOut, [...get(dhv), ...get(dOut), ...get(r), ...get(dOutStride), ...i32Mul, ...i32Add, ...get(jb), ...i32Add, ...loadF32x2, ...add, ...roundF32, ...set(dhv)]),
  ];
  const pair = [
    ...start,
    ...load(g, 0, iv), ...load(g, 1, fv), ...load(g, 2, gv), ...load(g, 3, ov),
    ...at(acs, s), ...loadF32x2, ...set(ac),
    // dc = carried dc + dh·o·act'(c)
    ...at(dc, s), ...loadF32x2, ...get(dhv), ...get(ov), ...mul, ...tanhSlope(ac), ...mul, ...add, ...set(dcv),
    ...dzOf(0, [...get(dcv), ...get(gv), ...mul, ...sigmoidSlope(iv), ...mul]),
    ...dzOf(1, [...get(dcv), ...at(cPrev, s), ...loadF32x2, ...mul, ...sigmoidSlope(fv), ...mul]),
    ...dzOf(2, [...get(dcv), ...get(iv), ...mul, ...tanhSlope(gv), ...mul]),
    ...dzOf(3, [...get(dhv), ...get(ac), ...mul, ...sigmoidSlope(ov), ...mul]),
    ...at(dc, s), ...get(dcv), ...get(fv), ...mul, ...storeF32x2,
    ...at(dh, s), ...op.f64x2(0), ...storeF32x2,
  ];
  // A masked row passed h and c through: dh stays carried (completed), dc as it is, dz and the
  // gate rows are zeros.
  const keep = [...start, ...at(dh, s), ...get(dhv), ...storeF32x2, ...[0, 1, 2, 3].flatMap((n) => dzOf(n, op.f64x2(0)))];
  const row = [
    ...isMasked(mask, maskStride, r, masked),
    // step.ts's addOutputGrad: the output's gradient reaches h_t unless the row's output gate is 0.
    ...get(dOut), ...i32(0), ...op.i32Ne, ...set(withOut),
    ...when(masked, [...get(withOut), ...get(outGate), ...get(r), ...i32(4), ...i32Mul, ...i32Add, ...op.f32Load, ...op.f32Zero, ...op.f32Ne, ...op.i32And, ...set(withOut)]),
    ...either(masked, forLoop(jb, i32(0), get(hb), 8, keep), forLoop(jb, i32(0), get(hb), 8, pair)),
  ];
  return [...get(units), ...i32(4), ...i32Mul, ...set(hb), ...forLoop(r, i32(0), get(rows), 1, row)];
}

/** The two functions as wasm-simd.ts assembles them into rnnc's module. */
export function lstmFunctions(): WasmFunction[] {
  return [
    { name: 'lstmForward', params: 17, i32Locals: 8, v128Locals: 8, body: forwardFunction() },
    { name: 'lstmBackward', params: 14, i32Locals: 8, v128Locals: 8, body: backwardFunction() },
  ];
}

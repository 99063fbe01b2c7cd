// The recurrent GEMM: out[M, N] = a[M, K] · b[K, N] where b — a recurrent kernel U, or Uᵀ in the
// backward pass — is the same matrix at every step of a sequence. So b is packed once per sequence
// into panels of 8 columns ([N/8][K][8], the last panel padded with zeros), and each product is a
// loop of 4×8 register tiles: per k, two vector loads of b's panel, four broadcasts of a, and eight
// multiply-adds into eight f32x4 accumulators (a 1×8 tile for the last M mod 4 rows; lane stores
// for the last N mod 8 columns).
//
// Why not XNNPACK's BatchMatMul (wasm-gemm.ts): at B1's shapes its general path ran at 12–25
// GFLOP/s (the call goes through cwrap, copies its shape arrays and looks b's packing up by id);
// this loop, measured side by side at [64, 64]·[64, 256] … [64, 256]·[256, 1024]: 14–18 GFLOP/s
// with separate multiply and add, 31–48 with fused multiply-add (bench/recurrent-gemm.ts).
//
// Two forms, chosen once (wasm-simd.ts's simdFeatures):
// - plain SIMD: acc + a·b rounded twice, k ascending — the same operations in the same order as
//   XNNPACK's wasmsimd kernels, so bit for bit XNNPACK's results (test/runtime/recurrent-gemm.test.ts);
// - relaxed SIMD's f32x4.relaxed_madd, where the engine has it (Node 20: behind a V8 flag that
//   wasm-simd.ts sets before compiling): one rounding per multiply-add, so results differ from
//   XNNPACK's in the last bits (measured ≤ 2e-5 absolute at K = 256).

import { forLoop, op, uleb, type Code, type WasmFunction } from './wasm-assembler.ts';

const simd = (code: number, ...immediates: number[]): Code => [0xfd, ...uleb(code), ...immediates];
const v128Load = (offset: number): Code => simd(0x00, 4, ...uleb(offset));
const v128Store = (offset: number): Code => simd(0x0b, 4, ...uleb(offset));
const load32Splat: Code = simd(0x09, 2, 0);
/** Stack: address, v128 → lane `lane`'s f32 stored at address + offset. */
const store32Lane = (offset: number, lane: number): Code => simd(0x5a, 2, ...uleb(offset), lane);
const zero: Code = simd(0x0c, ...new Array<number>(16).fill(0));
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
/** relaxed SIMD: a·b + c (stack: a, b, c). */
const f32x4RelaxedMadd = simd(0x105);
const i32And: Code = [0x71];
const i32Sub: Code = [0x6b];
const ifTrue = (body: Code): Code => [0x04, 0x40, ...body, 0x0b];

/** Floats in the panel-packed copy of b [K, N]: ceil(N/8) panels of K rows of 8 floats. */
export const packedLength = (k: number, n: number): number => Math.ceil(n / 8) * 8 * k;

/**
 * `packPanels(b, packed, K, N)`: b [K, N] (row-major) into `packed` (packedLength floats) as the
 * GEMM reads it: column j of b at panel ⌊j/8⌋, lane j mod 8; the last panel's spare lanes zeros.
 */
export function packPanelsFunction(): WasmFunction {
  const { get, set, i32, i32Add, i32Mul } = op;
  const [B, PACKED, K, N] = [0, 1, 2, 3];
  const [P, KK, FROM, TO, N8, REM, J] = [4, 5, 6, 7, 8, 9, 10];
  const f32Load: Code = [0x2a, 2, 0];
  const f32Store: Code = [0x38, 2, 0];
  // FROM = b + 4·P, TO = packed + 4·P·K: row 0 of column P, and its panel.
  const start: Code = [
    ...get(B), ...get(P), ...i32(4), ...i32Mul, ...i32Add, ...set(FROM),
    ...get(PACKED), ...get(P), ...get(K), ...i32Mul, ...i32(4), ...i32Mul, ...i32Add, ...set(TO),
  ];
  const nextRow: Code = [...get(FROM), ...get(N), ...i32(4), ...i32Mul, ...i32Add, ...set(FROM), ...get(TO), ...i32(32), ...i32Add, ...set(TO)];
  const copyWhole: Code = [
    ...get(TO), ...get(FROM), ...v128Load(0), ...v128Store(0),
    ...get(TO), ...get(FROM), ...v128Load(16), ...v128Store(16),
    ...nextRow,
  ];
  const at = (base: number): Code => [...get(base), ...get(J), ...i32(4), ...i32Mul, ...i32Add];
  const copyTail: Code = [
    ...get(TO), ...zero, ...v128Store(0), ...get(TO), ...zero, ...v128Store(16),
    ...forLoop(J, i32(0), get(REM), 1, [...at(TO), ...at(FROM), ...f32Load, ...f32Store]),
    ...nextRow,
  ];
  const body: Code = [
    ...get(N), ...i32(~7), ...i32And, ...set(N8),
    ...get(N), ...get(N8), ...i32Sub, ...set(REM),
    ...forLoop(P, i32(0), get(N8), 8, [...start, ...forLoop(KK, i32(0), get(K), 1, copyWhole)]),
    ...get(REM), ...ifTrue([...get(N8), ...set(P), ...start, ...forLoop(KK, i32(0), get(K), 1, copyTail)]),
  ];
  return { name: 'packPanels', params: 4, i32Locals: 7, v128Locals: 0, body };
}

/** `recurrentGemm(a, packed, out, M, K, N)`: out[M, N] = a[M, K] · b, b packed by packPanels. */
export function recurrentGemmFunction(fused: boolean): WasmFunction {
  const { get, set, i32, i32Add, i32Mul } = op;
  const [A, PACKED, OUT, M, K, N] = [0, 1, 2, 3, 4, 5];
  const [I, P, KK, AP, BK, CP, M4, N8, REM] = [6, 7, 8, 9, 10, 11, 12, 13, 14];
  const ACC = 15; // 8 accumulators: row r, half h at ACC + 2r + h
  const [B0, B1, AV] = [23, 24, 25];

  const multiplyAdd = (acc: number, b: number): Code =>
    fused
      ? [...get(AV), ...get(b), ...get(acc), ...f32x4RelaxedMadd, ...set(acc)]
      : [...get(acc), ...get(AV), ...get(b), ...f32x4Mul, ...f32x4Add, ...set(acc)];

  /** One tile: rows I … I+rows−1, columns P … P+7; `tail`: store only the first REM columns. */
  const tile = (rows: 1 | 4, tail: boolean): Code => {
    const rowList = Array.from({ length: rows }, (_, r) => r);
    const accumulate: Code = [
      ...get(BK), ...v128Load(0), ...set(B0), ...get(BK), ...v128Load(16), ...set(B1),
      ...rowList.flatMap((r) => [
        ...get(AP), ...get(K), ...i32(4 * r), ...i32Mul, ...i32Add, ...load32Splat, ...set(AV),
        ...multiplyAdd(ACC + 2 * r, B0), ...multiplyAdd(ACC + 2 * r + 1, B1),
      ]),
      ...get(AP), ...i32(4), ...i32Add, ...set(AP),
      ...get(BK), ...i32(32), ...i32Add, ...set(BK),
    ];
    const store = (r: number): Code =>
      tail
        ? Array.from({ length: 8 }, (_, j) => j).flatMap((j) =>
            // if (REM ≥ j + 1) out[row, P + j] = lane j
            [...get(REM), ...i32(j + 1), ...op.i32GeU, ...ifTrue([...get(CP), ...get(ACC + 2 * r + (j >> 2)), ...store32Lane(4 * j, j & 3)])],
          )
        : [...get(CP), ...get(ACC + 2 * r), ...v128Store(0), ...get(CP), ...get(ACC + 2 * r + 1), ...v128Store(16)];
    return [
      ...rowList.flatMap((r) => [...zero, ...set(ACC + 2 * r), ...zero, ...set(ACC + 2 * r + 1)]),
      // AP = a + 4·I·K; BK = packed + 4·P·K (panel P/8 holds 8K floats)
      ...get(A), ...get(I), ...get(K), ...i32Mul, ...i32(4), ...i32Mul, ...i32Add, ...set(AP),
      ...get(PACKED), ...get(P), ...get(K), ...i32Mul, ...i32(4), ...i32Mul, ...i32Add, ...set(BK),
      ...forLoop(KK, i32(0), get(K), 1, accumulate),
      ...rowList.flatMap((r) => [
        // CP = out + 4·((I + r)·N + P)
        ...get(OUT), ...get(I), ...i32(r), ...i32Add, ...get(N), ...i32Mul, ...get(P), ...i32Add, ...i32(4), ...i32Mul, ...i32Add, ...set(CP),
        ...store(r),
      ]),
    ];
  };
  /** The row block at I: its whole panels, then the last partial one. */
  const rowBlock = (rows: 1 | 4): Code => [
    ...forLoop(P, i32(0), get(N8), 8, tile(rows, false)),
    ...get(REM), ...ifTrue([...get(N8), ...set(P), ...tile(rows, true)]),
  ];
  const body: Code = [
    ...get(M), ...i32(~3), ...i32And, ...set(M4),
    ...get(N), ...i32(~7), ...i32And, ...set(N8),
    ...get(N), ...get(N8), ...i32Sub, ...set(REM),
    ...forLoop(I, i32(0), get(M4), 4, rowBlock(4)),
    ...forLoop(I, get(M4), get(M), 1, rowBlock(1)),
  ];
  return { name: 'recurrentGemm', params: 6, i32Locals: 9, v128Locals: 11, body };
}

// A 2-D transpose as one pass: 4×4 blocks through WebAssembly SIMD shuffles on the wasm backend
// (wasm-simd.ts), a cache-blocked loop in JavaScript elsewhere and for the edges.
//
// Why not tf.transpose: on wasm it took 0.7–1 ms for B1's dZ [3200, 256], the SIMD pass about
// 0.35 ms, and every recurrent layer's weight gradients need dZᵀ (weightGrads in
// layers/recurrent/fused/plan.ts).

import type { tf } from '../tf.ts';
import type { Memory } from './heap.ts';
import { forLoop, op, type Code, type WasmFunction } from './wasm-assembler.ts';

type Info = tf.TensorInfo;

/** What the transpose needs of the SIMD module (wasm-simd.ts's Simd has it). */
export interface SimdTranspose {
  /** A tensor's byte address on the heap. */
  address(t: Info): number;
  /** The [rows4, cols4] corner (multiples of 4) of src [rows, cols] transposed into dst [cols, rows]. */
  transpose(src: number, dst: number, rows: number, cols: number, rows4: number, cols4: number): void;
}

/** x [R, C] → [C, R]. */
export function transpose2d(mem: Memory, simd: SimdTranspose | null, x: Info): Info {
  const [rows, cols] = x.shape as [number, number];
  const outInfo = mem.alloc([cols, rows]);
  // SIMD does the whole 4×4 blocks; the loop below, the last rows and columns they leave.
  const [r4, c4] = simd ? [rows - (rows % 4), cols - (cols % 4)] : [0, 0];
  if (simd && r4 > 0 && c4 > 0) simd.transpose(simd.address(x), simd.address(outInfo), rows, cols, r4, c4);
  const [from, to] = [mem.view(x), mem.view(outInfo)];
  const copy = (rFrom: number, rTo: number, cFrom: number, cTo: number) => {
    const block = 32;
    for (let r0 = rFrom; r0 < rTo; r0 += block) {
      for (let c0 = cFrom; c0 < cTo; c0 += block) {
        for (let r = r0; r < Math.min(r0 + block, rTo); r++) for (let c = c0; c < Math.min(c0 + block, cTo); c++) to[c * rows + r] = from[r * cols + c]!;
      }
    }
  };
  copy(0, r4, c4, cols);
  copy(r4, rows, 0, cols);
  return outInfo;
}

/** i8x16.shuffle of a and b (a below b on the stack) picking these four 32-bit lanes (0–3: a, 4–7: b). */
const lanes = (...l: readonly number[]): Code => [0xfd, 0x0d, ...l.flatMap((k) => [4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3])];

/** transpose(src, dst, rows, cols, rows4, cols4): the [rows4, cols4] corner of src [rows, cols] into dst [cols, rows]. */
export function transposeFunction(): WasmFunction {
  const { get, set, i32, i32Add, i32Mul } = op;
  const [src, dst, rows, cols, rows4, cols4] = [0, 1, 2, 3, 4, 5];
  const [r, c, from, to] = [6, 7, 8, 9];
  const [a, b, cc, d, t0, t1, t2, t3] = [10, 11, 12, 13, 14, 15, 16, 17];
  const load = (row: number): Code => [...get(from), ...get(cols), ...i32(4 * row), ...i32Mul, ...i32Add, 0xfd, 0x00, 2, 0];
  const store = (row: number, value: Code): Code => [...get(to), ...get(rows), ...i32(4 * row), ...i32Mul, ...i32Add, ...value, 0xfd, 0x0b, 2, 0];
  const block: Code = [
    // from = src + 4(r·cols + c), to = dst + 4(c·rows + r)
    ...get(src), ...get(r), ...get(cols), ...i32Mul, ...get(c), ...i32Add, ...i32(4), ...i32Mul, ...i32Add, ...set(from),
    ...get(dst), ...get(c), ...get(rows), ...i32Mul, ...get(r), ...i32Add, ...i32(4), ...i32Mul, ...i32Add, ...set(to),
    ...load(0), ...set(a), ...load(1), ...set(b), ...load(2), ...set(cc), ...load(3), ...set(d),
    ...get(a), ...get(b), ...lanes(0, 4, 1, 5), ...set(t0), // a0 b0 a1 b1
    ...get(a), ...get(b), ...lanes(2, 6, 3, 7), ...set(t1), // a2 b2 a3 b3
    ...get(cc), ...get(d), ...lanes(0, 4, 1, 5), ...set(t2), // c0 d0 c1 d1
    ...get(cc), ...get(d), ...lanes(2, 6, 3, 7), ...set(t3), // c2 d2 c3 d3
    ...store(0, [...get(t0), ...get(t2), ...lanes(0, 1, 4, 5)]),
    ...store(1, [...get(t0), ...get(t2), ...lanes(2, 3, 6, 7)]),
    ...store(2, [...get(t1), ...get(t3), ...lanes(0, 1, 4, 5)]),
    ...store(3, [...get(t1), ...get(t3), ...lanes(2, 3, 6, 7)]),
  ];
  return { name: 'transpose', params: 6, i32Locals: 4, v128Locals: 8, body: forLoop(r, i32(0), get(rows4), 4, forLoop(c, i32(0), get(cols4), 4, block)) };
}

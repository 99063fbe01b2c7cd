// rnnc's recurrent GEMM (src/runtime/kernels/recurrent-gemm.ts) on the wasm backend's heap:
// - packPanels writes the panel layout by its definition (every product below checks it);
// - the plain form against tf.matMul (XNNPACK): the same float32 bits, at every edge of its 4×8
//   tiles (M mod 4, N mod 8, K = 1) and at B1's shapes;
// - the fused (relaxed SIMD) form, where this engine has it, against a float64 product: within
//   the bound a float32 dot product of length K must meet, K·ε·Σ|a||b|;
// - neither writes outside out[M, N] (sentinels after it stay);
// - withGemm packs each right operand once per call and frees the packings when the call ends.

import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryOf, type Memory } from '../../../src/runtime/kernels/heap.ts';
import { packedLength, packPanelsFunction, recurrentGemmFunction } from '../../../src/runtime/kernels/recurrent-gemm.ts';
import { assemble } from '../../../src/runtime/kernels/wasm-assembler.ts';
import { withGemm } from '../../../src/runtime/kernels/wasm-gemm.ts';
import type { WasmInternals } from '../../../src/runtime/kernels/wasm-internals.ts';
import { simdFeatures } from '../../../src/runtime/kernels/wasm-simd.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import { firstDifference, randoms } from './simd-compare.ts';

type GemmFn = (a: number, packed: number, out: number, m: number, k: number, n: number) => void;
type PackFn = (b: number, packed: number, k: number, n: number) => void;

let mem: Memory;
let internals: WasmInternals;
let pack: PackFn;
const forms: { plain?: GemmFn; fused?: GemmFn } = {};

/** The layout packPanels must write, by its definition: column j of b at panel ⌊j/8⌋, lane j mod 8, zeros after. */
function panelsOf(b: Float32Array, k: number, n: number): Float32Array {
  const packed = new Float32Array(packedLength(k, n));
  for (let kk = 0; kk < k; kk++) for (let j = 0; j < n; j++) packed[(Math.floor(j / 8) * k + kk) * 8 + (j % 8)] = b[kk * n + j]!;
  return packed;
}

beforeAll(async () => {
  await initBackend('wasm');
  internals = tf.backend() as unknown as WasmInternals;
  mem = memoryOf('wasm', tf.backend());
  const instantiate = (fused: boolean) => {
    const module = new WebAssembly.Module(assemble([packPanelsFunction(), recurrentGemmFunction(fused)]));
    return new WebAssembly.Instance(module, { env: { memory: internals.wasm.asm.memory } }).exports as { recurrentGemm: GemmFn; packPanels: PackFn };
  };
  const plain = instantiate(false);
  [forms.plain, pack] = [plain.recurrentGemm, plain.packPanels];
  // simdFeatures turns relaxed SIMD on where the engine has it (Node 20: a V8 flag).
  if (simdFeatures() === 'relaxed') forms.fused = instantiate(true).recurrentGemm;
});

const address = (t: tf.TensorInfo) => internals.dataIdMap.get(t.dataId).memoryOffset;
const SENTINELS = 12;

/** a·b by one form: b packed, out followed by sentinels; returns out and what followed it. */
function product(form: GemmFn, a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
  const [aT, bT] = [tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])];
  const packed = mem.alloc([packedLength(k, n)]);
  const out = mem.alloc([m * n + SENTINELS]);
  mem.view(packed).fill(Number.NaN); // the padding lanes must be written as zeros
  pack(address(bT), address(packed), k, n);
  expect(firstDifference(mem.view(packed), panelsOf(b, k, n)), 'packPanels').toBe(-1);
  mem.view(out).fill(-7.5);
  form(address(aT), address(packed), address(out), m, k, n);
  const written = mem.view(out).slice();
  for (const t of [packed, out]) mem.free(t);
  tf.dispose([aT, bT]);
  return { out: written.subarray(0, m * n), after: written.subarray(m * n) };
}

const shapes = fc.record({
  m: fc.integer({ min: 1, max: 13 }),
  k: fc.integer({ min: 1, max: 40 }),
  n: fc.integer({ min: 1, max: 35 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

describe('the plain form', () => {
  it('is XNNPACK bit for bit, at every tile edge', () => {
    fc.assert(
      fc.property(shapes, ({ m, k, n, seed }) => {
        const rng = new Rng(seed);
        const [a, b] = [randoms(rng, m * k, 1), randoms(rng, k * n, 1)];
        const expected = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync());
        const { out, after } = product(forms.plain!, a, b, m, k, n);
        expect(firstDifference(out, expected as Float32Array)).toBe(-1);
        expect([...after]).toEqual(new Array<number>(SENTINELS).fill(-7.5));
      }),
      { numRuns: 150 },
    );
  });

  it('is XNNPACK bit for bit at the benchmarks\' recurrent shapes', () => {
    for (const [m, k, n] of [[64, 64, 256], [64, 256, 64], [32, 128, 384], [31, 128, 128]] as const) {
      const rng = new Rng(m * k + n);
      const [a, b] = [randoms(rng, m * k, 1), randoms(rng, k * n, 0.2)];
      const expected = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync());
      expect(firstDifference(product(forms.plain!, a, b, m, k, n).out, expected as Float32Array), `${m}×${k}×${n}`).toBe(-1);
    }
  });
});

describe('the fused form', () => {
  it('is within K·ε·Σ|a||b| of the float64 product, and writes nothing else', (ctx) => {
    if (!forms.fused) ctx.skip();
    fc.assert(
      fc.property(shapes, ({ m, k, n, seed }) => {
        const rng = new Rng(seed);
        const [a, b] = [randoms(rng, m * k, 1), randoms(rng, k * n, 1)];
        const { out, after } = product(forms.fused!, a, b, m, k, n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let [exact, magnitude] = [0, 0];
            for (let p = 0; p < k; p++) [exact, magnitude] = [exact + a[i * k + p]! * b[p * n + j]!, magnitude + Math.abs(a[i * k + p]! * b[p * n + j]!)];
            expect(Math.abs(out[i * n + j]! - exact)).toBeLessThanOrEqual(k * 2 ** -24 * magnitude + 1e-30);
          }
        }
        expect([...after]).toEqual(new Array<number>(SENTINELS).fill(-7.5));
      }),
      { numRuns: 100 },
    );
  });

  it('rounds once per multiply-add: a product XNNPACK rounds differently', (ctx) => {
    if (!forms.fused) ctx.skip();
    // The accumulator holds 1·(−1) first. (1 + 2⁻¹²)² is 1 + 2⁻¹¹ + 2⁻²⁴: a separate multiply rounds
    // the 2⁻²⁴ away (a tie, to even) and adding −1 leaves 2⁻¹¹; fused, x·x − 1 is exact: 2⁻¹¹ + 2⁻²⁴.
    // (Were the engine to lower relaxed_madd to a multiply and an add, both would be 2⁻¹¹.)
    const x = 1 + 2 ** -12;
    const [a, b] = [new Float32Array([1, x]), new Float32Array([-1, x])];
    expect(product(forms.plain!, a, b, 1, 2, 1).out[0]).toBe(2 ** -11);
    expect(product(forms.fused!, a, b, 1, 2, 1).out[0]).toBe(2 ** -11 + 2 ** -24);
  });
});

describe('withGemm', () => {
  it('packs a right operand once per call, and frees every packing when the call ends', () => {
    const rng = new Rng(5);
    const [a, u] = [tf.tensor2d(randoms(rng, 6 * 5, 1), [6, 5]), tf.tensor2d(randoms(rng, 5 * 12, 1), [5, 12])];
    // The form withGemm runs: the fused one where the engine has relaxed SIMD.
    const expected = product(simdFeatures() === 'relaxed' ? forms.fused! : forms.plain!, a.dataSync() as Float32Array, u.dataSync() as Float32Array, 6, 5, 12).out;
    const before = tf.backend().numDataIds();
    const allocated: number[] = [];
    const originalAlloc = mem.alloc.bind(mem);
    const counting: Memory = { ...mem, alloc: (shape) => (allocated.push(shape.reduce((x, y) => x * y, 1)), originalAlloc(shape)) };
    const outs = withGemm(tf.backend(), counting, (gemm) =>
      [0, 1, 2].map(() => {
        const out = originalAlloc([6, 12]);
        gemm.multiply(a, u, out);
        const values = mem.view(out).slice();
        mem.free(out);
        return values;
      }),
    );
    for (const values of outs) expect(values).toEqual(expected);
    // One packing of u (2 panels of 5 rows of 8), not three.
    expect(allocated).toEqual([2 * 8 * 5]);
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([a, u]);
  });
});

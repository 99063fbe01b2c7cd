// `npm run bench:gemm`: the recurrent GEMM at the benchmark models' real shapes — XNNPACK's
// BatchMatMul (what the whole-sequence kernels called before), rnnc's packed 4×8 kernel with
// separate multiply and add (XNNPACK's numbers bit for bit), and the same kernel with relaxed SIMD's
// fused multiply-add where the engine has it (kernels/recurrent-gemm.ts). Each product repeated
// as a sequence repeats it (b packed once, as withGemm does), interleaved rounds, medians of the
// process's CPU time (user + system), which a shared machine disturbs far less than wall time.

import { loadavg } from 'node:os';
import { memoryOf } from '../src/runtime/kernels/heap.ts';
import { packedLength, packPanelsFunction, recurrentGemmFunction } from '../src/runtime/kernels/recurrent-gemm.ts';
import { assemble } from '../src/runtime/kernels/wasm-assembler.ts';
import { xnnpackGemm } from '../src/runtime/kernels/wasm-gemm.ts';
import type { WasmInternals } from '../src/runtime/kernels/wasm-internals.ts';
import { simdFeatures } from '../src/runtime/kernels/wasm-simd.ts';
import { initBackend, tf } from '../src/runtime/tf.ts';

/** [M, K, N] of the recurrent products — h·U forward, dz·Uᵀ backward — and of the weight gradients
 *  dZᵀ·A (K = T·B, once per pass), where rnnc packs A for every product (`packEach`; XNNPACK is
 *  left its cached packing, which in training it would not have: a conservative comparison). */
const SHAPES: readonly { readonly label: string; readonly m: number; readonly k: number; readonly n: number; readonly packEach?: boolean }[] = [
  { label: 'B1/B4 LSTM(64) h·U', m: 64, k: 64, n: 256 },
  { label: 'B1/B4 LSTM(64) dz·Uᵀ', m: 64, k: 256, n: 64 },
  { label: 'B2 GRU(128) h·U_zr', m: 32, k: 128, n: 256 },
  { label: 'B2 GRU(128) (r⊙h)·U_h', m: 32, k: 128, n: 128 },
  { label: 'B2 GRU(128) dz·U_zrᵀ', m: 32, k: 256, n: 128 },
  { label: 'LSTM(256) h·U, batch 64', m: 64, k: 256, n: 1024 },
  { label: 'LSTM(256) dz·Uᵀ, batch 32', m: 32, k: 1024, n: 256 },
  { label: 'B1 weight gradient dZᵀ·A', m: 256, k: 3200, n: 73, packEach: true },
  { label: 'B2 weight gradient dZᵀ·A', m: 384, k: 3200, n: 145, packEach: true },
];
const STEPS = 50;
const RUNS = Number(process.argv[2] ?? 15);

await initBackend('wasm');
const backend = tf.backend();
const internals = backend as unknown as WasmInternals;
const mem = memoryOf('wasm', backend);
const address = (t: tf.TensorInfo) => internals.dataIdMap.get(t.dataId).memoryOffset;
const features = simdFeatures();
type GemmFn = (a: number, packed: number, out: number, m: number, k: number, n: number) => void;
type PackFn = (b: number, packed: number, k: number, n: number) => void;
const form = (fused: boolean) =>
  new WebAssembly.Instance(new WebAssembly.Module(assemble([packPanelsFunction(), recurrentGemmFunction(fused)])), { env: { memory: internals.wasm.asm.memory } })
    .exports as { recurrentGemm: GemmFn; packPanels: PackFn };
const plain = form(false).recurrentGemm;
const pack = form(false).packPanels;
const fused = features === 'relaxed' ? form(true).recurrentGemm : null;
const xnnpack = xnnpackGemm(backend);

interface Contender {
  readonly name: string;
  run(): void;
}

/** Median CPU milliseconds of each contender's run, in rounds whose order rotates, after 2 warm-up rounds. */
function cpuInterleave(contenders: readonly Contender[], runs: number): Map<string, number> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = -2; round < runs; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + Math.max(round, 0)) % contenders.length]!;
      const before = process.cpuUsage();
      c.run();
      const used = process.cpuUsage(before);
      if (round >= 0) times.get(c.name)!.push((used.user + used.system) / 1000);
    }
  }
  return new Map([...times].map(([name, xs]) => [name, [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!]));
}

const loadStart = loadavg()[0]!;
const rows: string[] = [];
for (const { label, m, k, n, packEach } of SHAPES) {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  const out = mem.alloc([m, n]);
  const packed = mem.alloc([packedLength(k, n)]);
  pack(address(b), address(packed), k, n);
  const steps = packEach ? 2 : STEPS;
  const ours = (f: GemmFn) => () => {
    for (let s = 0; s < steps; s++) {
      if (packEach) pack(address(b), address(packed), k, n);
      f(address(a), address(packed), address(out), m, k, n);
    }
  };
  const contenders: Contender[] = [
    { name: 'xnnpack', run: () => { for (let s = 0; s < steps; s++) xnnpack.multiply(a, b, out); } },
    { name: 'plain', run: ours(plain) },
    ...(fused ? [{ name: 'fused', run: ours(fused) }] : []),
  ];
  const t = cpuInterleave(contenders, RUNS);
  const gflops = (name: string) => (2 * m * k * n * steps) / (t.get(name)! * 1e6);
  const x = gflops('xnnpack');
  const cells = [x, gflops('plain'), ...(fused ? [gflops('fused')] : [])];
  rows.push(`| ${label} | ${m}×${k}·${k}×${n} | ${cells.map((g) => g.toFixed(1)).join(' | ')} | ${cells.slice(1).map((g) => (g / x).toFixed(2) + '×').join(' | ')} |`);
  tf.dispose([a, b]);
  for (const temp of [out, packed]) mem.free(temp);
}
const header = fused
  ? ['| product | shape | XNNPACK GFLOP/s | rnnc plain | rnnc fused | plain ÷ XNNPACK | fused ÷ XNNPACK |', '|---|---|---|---|---|---|---|']
  : ['| product | shape | XNNPACK GFLOP/s | rnnc plain | plain ÷ XNNPACK |', '|---|---|---|---|---|'];
process.stdout.write(
  [
    `recurrent GEMM, ${STEPS} products per run (2 for the weight gradients), medians of ${RUNS} interleaved runs' CPU time; relaxed SIMD: ${features === 'relaxed' ? 'yes' : 'no (fused column left out)'}`,
    `load average ${loadStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
    '',
    ...header,
    ...rows,
    '',
  ].join('\n'),
);

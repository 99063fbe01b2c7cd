// `npx tsx bench/profile-step.ts [B1|B2|B3|B4]`: where one rnnc training step's time and memory
// go. Time: every kernel call timed by wrapping the engine's runKernel (kernels run synchronously
// on wasm and cpu), by kind and by matMul shape. Memory: tf.profile's live bytes above the step's
// start, and where the peak falls (PROFILE_HEAD=n lists the first n kernels). For finding the next
// cure, not for comparing with tfjs-layers (bench/run.ts does that).

import { compile } from '../src/runtime/api.ts';
import { Rng } from '../src/runtime/rng.ts';
import { tf } from '../src/runtime/tf.ts';
import { compileLoss } from '../src/runtime/train/losses.ts';
import { makeOptimizer } from '../src/runtime/train/optimizers.ts';
import { MODELS } from './recurrent/models.ts';

const m = MODELS.find((x) => x.id === (process.argv[2] ?? 'B1'));
if (!m) throw new Error(`no model ${process.argv[2]}; one of ${MODELS.map((x) => x.id).join(', ')}`);
const rnn = await compile(m.source, { seed: 1 });
const rng = new Rng(3);
const x = m.vocab
  ? tf.tensor2d(Int32Array.from({ length: m.batch * m.time }, (_, i) => (i % m.time < m.time / 2 ? 1 + Math.floor(rng.next() * (m.vocab! - 1)) : 0)), [m.batch, m.time], 'int32')
  : tf.randomNormal([m.batch, m.time, m.directions[0]!.features]);
const y = tf.randomNormal([m.batch, 1]);
const loss = compileLoss(rnn.model.train!, rnn.model.outputs.length);
const optimizer = makeOptimizer(rnn.model.train!.optimizer);
const variables = rnn.network.trainable.map((w) => w.variable);
const step = () => {
  const s = rnn.network.step([x], [y], loss);
  optimizer.apply(variables, s.grads);
  tf.dispose([...s.grads, ...s.predictions]);
};
for (let i = 0; i < 3; i++) step();
const engine = tf.engine() as unknown as { runKernel: (name: string, inputs: Record<string, tf.Tensor>, attrs: object) => unknown };
const runKernel = engine.runKernel.bind(engine);
const byKernel = new Map<string, { n: number; ms: number }>();
engine.runKernel = (name, inputs, attrs) => {
  const t0 = performance.now();
  try {
    return runKernel(name, inputs, attrs);
  } finally {
    const key = name === 'BatchMatMul' ? `matMul ${Object.values(inputs).map((t) => `[${t.shape.join(',')}]`).join('·')}` : name;
    const e = byKernel.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += performance.now() - t0;
    byKernel.set(key, e);
  }
};
const RUNS = 10;
const t0 = performance.now();
for (let i = 0; i < RUNS; i++) step();
const stepMs = (performance.now() - t0) / RUNS;
engine.runKernel = runKernel;
const inKernels = [...byKernel.values()].reduce((s, e) => s + e.ms, 0) / RUNS;
const before = tf.memory().numBytes;
const p = await tf.profile(step);
const peakAt = p.kernels.findIndex((k) => k.totalBytesSnapshot === p.peakBytes);
const lines = [
  `${m.id}: step ${stepMs.toFixed(2)} ms (mean of ${RUNS}), ${inKernels.toFixed(2)} ms of it in ${p.kernels.length} kernels; ` +
    `peak ${((p.peakBytes - before) / 1e6).toFixed(1)} MB above the start, at kernel ${peakAt} (${p.kernels[peakAt]?.name})`,
  '',
  'kernel                                  per step      ms   µs/call',
  ...[...byKernel]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([name, e]) => `${name.padEnd(40)}${(e.n / RUNS).toFixed(0).padStart(8)} ${(e.ms / RUNS).toFixed(2).padStart(7)} ${((1000 * e.ms) / e.n).toFixed(0).padStart(9)}`),
  '',
  'live MB above the start, every 25th kernel:',
  '  ' + p.kernels.filter((_, i) => i % 25 === 0).map((k) => ((k.totalBytesSnapshot - before) / 1e6).toFixed(1)).join(' '),
];
process.stdout.write(lines.join('\n') + '\n');
if (process.env['PROFILE_HEAD']) {
  for (const [i, k] of p.kernels.slice(0, Number(process.env['PROFILE_HEAD'])).entries()) {
    process.stdout.write(`${i} ${k.name} ${((k.totalBytesSnapshot - before) / 1e6).toFixed(2)} ${k.outputShapes.map((s) => `[${s.join(',')}]`).join(' ')}\n`);
  }
}

// One worker against two (issue 16: use the second core), on B1 and B4's training step: each
// contender is a whole step as fit() runs it — forward, backward, optimizer — one on the calling
// thread alone (net.step), the other split across it and a worker thread (SplitSteps.step, the
// code fit() runs with `workers = 2`). The two run interleaved in one process (timing.ts), so load
// from other processes hits both alike; the report gives medians, minima, the speed-up as the
// ratio of medians, and the load average before and after. Beside the wall time, the process's CPU
// time per step (both threads): on a loaded machine, where no core is free for the worker, the wall
// times say little, but the CPU ratio still says what splitting costs — the work two workers do
// for a step against one's — which bounds what they can gain when the second core is idle.
//
//   npx tsx bench/workers.ts [--runs 15] [--only B1,B4]

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { check } from '../src/compiler/check.ts';
import { Network } from '../src/runtime/model/network.ts';
import { Rng } from '../src/runtime/rng.ts';
import { initBackend, tf } from '../src/runtime/tf.ts';
import type { HostArray } from '../src/runtime/train/batches.ts';
import { hostTensor } from '../src/runtime/train/batches.ts';
import { compileLoss } from '../src/runtime/train/losses.ts';
import { makeOptimizer } from '../src/runtime/train/optimizers.ts';
import { SplitSteps } from '../src/runtime/train/workers/split-step.ts';
import { MODELS } from './recurrent/models.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, only: { type: 'string', default: 'B1,B4' } } });
const runs = Number(values.runs);
const only = values.only.split(',');

await initBackend('wasm');
console.log(`one worker against two, training step; ${runs} interleaved runs each; load average ${loadavg()[0]!.toFixed(1)} at the start`);
for (const bench of MODELS.filter((m) => only.includes(m.id))) {
  const model = check(bench.source, `${bench.id}.rnn`).models[0]!;
  const train = model.train!;
  const rng = new Rng(7);
  const features = bench.firstInput;
  const x: HostArray = { dtype: 'float32', shape: [bench.batch, bench.time, features], data: Float32Array.from({ length: bench.batch * bench.time * features }, () => rng.next() - 0.5) };
  const y: HostArray = { dtype: 'float32', shape: [bench.batch, 1], data: Float32Array.from({ length: bench.batch }, () => rng.next()) };
  const loss = compileLoss(train, 1);
  const one = trainer(model, 1);
  const two = trainer(model, 1);
  const split = await SplitSteps.start(model, 1, 'wasm', { loss: train.loss }, 2);
  const half = bench.batch / 2;
  const loadBefore = loadavg()[0]!;
  const times = interleaveCpu(
    [
      {
        name: 'one',
        run: () => {
          const [xs, ys] = [[hostTensor(x)], [hostTensor(y)]];
          one.apply(one.net.step(xs, ys, loss));
          tf.dispose([...xs, ...ys]);
        },
      },
      { name: 'two', run: () => two.apply(split.step(two.net, { xs: [x], ys: [y] }, loss)) },
      {
        // The calling thread's share alone, with the optimizer: what a step would take if the
        // worker's share ran beside it for free and the shares' sum cost nothing.
        name: 'half',
        run: () => {
          const [xs, ys] = [[hostTensor(rowsOf(x, half))], [hostTensor(rowsOf(y, half))]];
          one.apply(one.net.step(xs, ys, loss));
          tf.dispose([...xs, ...ys]);
        },
      },
    ],
    runs,
  );
  await split.close();
  const a = times.get('one')!;
  const b = times.get('two')!;
  const h = times.get('half')!;
  console.log(
    `${bench.id} ${bench.title}: one worker ${a.median.toFixed(1)} ms (min ${a.min.toFixed(1)}), two workers ${b.median.toFixed(1)} ms (min ${b.min.toFixed(1)}): ` +
      `${(a.median / b.median).toFixed(2)}× (minima ${(a.min / b.min).toFixed(2)}×); CPU ms per step ${a.cpu.toFixed(1)} and ${b.cpu.toFixed(1)} ` +
      `(two ÷ one ${(b.cpu / a.cpu).toFixed(2)}); a half batch alone ${h.median.toFixed(1)} ms: the split's bound ${(a.median / h.median).toFixed(2)}×; load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
  );
}

/** The first `rows` rows of a host array. */
function rowsOf(a: HostArray, rows: number): HostArray {
  const row = a.data.length / a.shape[0]!;
  return { dtype: a.dtype, shape: [rows, ...a.shape.slice(1)], data: a.data.slice(0, rows * row) };
}

/** A network and its optimizer, and fit()'s work after a step: the update, then the disposal. */
function trainer(model: ReturnType<typeof check>['models'][number], seed: number) {
  const net = new Network(model, seed);
  const optimizer = makeOptimizer(model.train!.optimizer);
  const variables = net.trainable.map((w) => w.variable);
  return {
    net,
    apply(step: ReturnType<Network['step']>) {
      optimizer.apply(variables, step.grads);
      // Read back, as fit() does through the loss: the time is the whole work.
      variables[0]!.dataSync();
      tf.dispose([...step.grads, ...step.predictions]);
    },
  };
}

/** Medians and minima of wall time, and the median CPU time of the whole process, of each
 *  contender, run in turns whose order alternates (after two warm-up turns each). */
function interleaveCpu(contenders: readonly { name: string; run: () => void }[], runs: number): Map<string, { median: number; min: number; cpu: number }> {
  const wall = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = -2; round < runs; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      c.run();
      const ms = performance.now() - t0;
      const used = process.cpuUsage(c0);
      if (round < 0) continue;
      wall.get(c.name)!.push(ms);
      cpu.get(c.name)!.push((used.user + used.system) / 1000);
    }
  }
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
  return new Map(contenders.map((c) => [c.name, { median: median(wall.get(c.name)!), min: Math.min(...wall.get(c.name)!), cpu: median(cpu.get(c.name)!) }]));
}

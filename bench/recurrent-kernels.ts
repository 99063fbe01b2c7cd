// `npx tsx bench/recurrent-kernels.ts`: the LSTM kernel on the reference workload B1 (LSTM(64)
// on (50, 8), batch 64; docs/performance.md), forward alone and forward + backward (the layer's part
// of a training step: no Dense, loss or optimizer), beside tfjs-layers doing the same on the
// same WASM backend. Medians of several runs, and the fastest run, which is the better estimate
// when other processes share the cores; figures vary ±20–30% between runs here.

import * as tfl from '@tensorflow/tfjs';
import { check } from '../src/compiler/check.ts';
import { kernelFor } from '../src/runtime/layers/index.ts';
import { Rng } from '../src/runtime/rng.ts';
import { initBackend, tf } from '../src/runtime/tf.ts';

const [BATCH, TIME, FEATURES, UNITS] = [64, 50, 8, 64];
const RUNS = 15;

interface Timing {
  readonly median: number;
  readonly min: number;
}

function time(f: () => void): Timing {
  for (let i = 0; i < 3; i++) f();
  const times = Array.from({ length: RUNS }, () => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)]!, min: times[0]! };
}

await initBackend('wasm');
const layer = check(`model b1 {\n  LSTM(${UNITS}, input=(${TIME}, ${FEATURES}))\n}\n`, 'b1.rnn').models[0]!.nodes[0]!.layer;
const kernel = kernelFor(layer.type);
const rng = new Rng(1);
const uniform = (shape: number[], scale: number) => tf.mul(tf.sub(tf.randomUniform(shape, 0, 2, 'float32', rng.seed()), 1), scale);
const weights = layer.weights.map((w) => uniform([...w.shape], 0.1));
const x = uniform([BATCH, TIME, FEATURES], 1);
const dOutput = uniform([BATCH, UNITS], 1);
const args = { layer, inputs: [x], masks: [null], weights, training: true, rng };

const forwardMs = time(() =>
  tf.tidy(() => {
    kernel.forward({ ...args, training: false }).outputs[0]!.dataSync();
  }),
);
const trainMs = time(() =>
  tf.tidy(() => {
    const fwd = kernel.forward(args);
    const g = kernel.backward({ ...args, outputs: fwd.outputs, dOutputs: [dOutput], cache: fwd.cache });
    g.dWeights.forEach((d) => d!.dataSync());
    g.dInputs[0]!.dataSync();
  }),
);

// tfjs-layers, configured to Keras's semantics, with the same weights.
const ref = tfl.layers.lstm({ units: UNITS, recurrentActivation: 'sigmoid' });
ref.apply(x);
ref.setWeights(weights);
const refVars = ref.trainableWeights.map((w) => (w as unknown as { read(): tfl.Variable }).read());
const refForwardMs = time(() => tfl.tidy(() => void (ref.apply(x) as tfl.Tensor).dataSync()));
const refTrainMs = time(() =>
  tfl.tidy(() => {
    const { grads } = tfl.variableGrads(() => tfl.sum<tfl.Scalar>(tfl.mul(ref.apply(x) as tfl.Tensor, dOutput)), refVars);
    Object.values(grads).forEach((g) => g.dataSync());
  }),
);

const ms = (t: Timing) => `${t.median.toFixed(1).padStart(6)} ms (fastest ${t.min.toFixed(1).padStart(6)})`;
const row = (name: string, ours: Timing, theirs: Timing) =>
  `${name.padEnd(20)} ${ms(ours)}   tfjs-layers ${ms(theirs)}   ratio of fastest ${(theirs.min / ours.min).toFixed(1)}×`;
process.stdout.write(
  [
    `B1: LSTM(${UNITS}) on (${TIME}, ${FEATURES}), batch ${BATCH}, WASM backend, median of ${RUNS} runs`,
    row('forward', forwardMs, refForwardMs),
    row('forward + backward', trainMs, refTrainMs),
    '',
  ].join('\n'),
);

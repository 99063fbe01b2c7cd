// The small training job of the start-up benchmark, as a user would run it both ways: a GRU(96,
// reset_after=false) → LSTM(48) → Dense(1) stack on 512 samples of (40, 12), 2 epochs, batch 32,
// MSE, Adam. rnnc trains it from a .rnn file; the peer is a plain tfjs-layers script on its WASM
// backend with Keras's sigmoid recurrent activation, run by node as a user's script is. Both read
// the same .npy files and print how long fit() took, so that a whole process's time splits into
// start-up and training.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { Rng } from '../../src/runtime/rng.ts';

export const SAMPLES = 512;
export const STEPS = 40;
export const FEATURES = 12;

export const JOB_RNN = `# The start-up benchmark's job (bench/startup/job.ts).
model job {
  GRU(96, reset_after=false, return_sequences=true, input=(${STEPS}, ${FEATURES}))
  LSTM(48)
  Dense(1)
}
train {
  loss = mse
  optimizer = adam
  epochs = 2
  batch_size = 32
  shuffle = false
  seed = 1
  data = { x = "x.npy", y = "y.npy" }
}
`;

/** The tfjs-layers script: what a user of TensorFlow.js writes for the same job. */
export const JOB_TFJS = `import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// A v1 .npy of little-endian float32: the header's length, then the data.
function npy(path) {
  const b = readFileSync(path);
  const headerLength = b.readUInt16LE(8);
  const shape = /'shape': \\(([^)]*)\\)/.exec(b.toString('latin1', 10, 10 + headerLength))[1].split(',').filter((s) => s.trim()).map(Number);
  const data = new Float32Array(b.buffer.slice(b.byteOffset + 10 + headerLength, b.byteOffset + b.length));
  return tf.tensor(data, shape);
}

const require = createRequire(import.meta.url);
setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
await tf.setBackend('wasm');
const here = dirname(new URL(import.meta.url).pathname);
const x = npy(join(here, 'x.npy'));
const y = npy(join(here, 'y.npy'));
const model = tf.sequential();
model.add(tf.layers.gru({ units: 96, resetAfter: false, recurrentActivation: 'sigmoid', returnSequences: true, inputShape: [${STEPS}, ${FEATURES}] }));
model.add(tf.layers.lstm({ units: 48, recurrentActivation: 'sigmoid' }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ loss: 'meanSquaredError', optimizer: tf.train.adam(0.001) });
const started = performance.now();
const history = await model.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
const seconds = (performance.now() - started) / 1000;
console.log('trained 2 epochs in ' + seconds.toFixed(3) + 's: loss ' + history.history.loss.at(-1));
`;

/** Writes job.rnn, job-tfjs.mjs and the data into `dir`, which must lie inside the repository so
 *  that the script finds TensorFlow.js in its node_modules. */
export function writeJob(dir: string): { rnn: string; script: string } {
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(7);
  const x = new Float32Array(SAMPLES * STEPS * FEATURES).map(() => rng.next() * 2 - 1);
  const y = new Float32Array(SAMPLES).map((_, i) => x[i * STEPS * FEATURES]! * 0.5);
  writeFileSync(join(dir, 'x.npy'), writeNpy({ dtype: 'float32', shape: [SAMPLES, STEPS, FEATURES], data: x }));
  writeFileSync(join(dir, 'y.npy'), writeNpy({ dtype: 'float32', shape: [SAMPLES, 1], data: y }));
  writeFileSync(join(dir, 'job.rnn'), JOB_RNN);
  writeFileSync(join(dir, 'job-tfjs.mjs'), JOB_TFJS);
  return { rnn: join(dir, 'job.rnn'), script: join(dir, 'job-tfjs.mjs') };
}

// examples/basic_rnn.rnn at work: a SimpleRNN of 5 tanh units reads a batch of 4 sequences of
// 2 steps of 3 inputs and prints its output at each step; then examples/basic_rnn_masked.rnn,
// with the same weights, reads the second sequence as one step long (its second step is the
// padding [0, 0, 0]).
//
//   npx tsx examples/basic_rnn.ts [--seed N]
//
// With a mask, Keras (and so rnnc) keeps the state unchanged over the padding, so the final state
// of the short sequence is its first step's output; the masked model asks for zeros at the padded
// step (zero_output_for_mask=true, TensorFlow's dynamic_rnn with sequence_length; Keras's default
// would repeat the last real output).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/runtime/api.ts';
import type { HostArray } from '../src/runtime/train/batches.ts';

export const BATCH = [
  [[0, 1, 2], [9, 8, 7]],
  [[3, 4, 5], [0, 0, 0]],
  [[6, 7, 8], [6, 5, 4]],
  [[9, 0, 1], [3, 2, 1]],
];

const source = (name: string) => {
  const path = fileURLToPath(new URL(name, import.meta.url));
  return { text: readFileSync(path, 'utf8'), path };
};

/** The outputs [4, 2, 5] of both models and the masked one's final states [4, 5], same weights. */
export async function runBasicRnn(seed: number): Promise<{ plain: Float32Array; masked: Float32Array; state: Float32Array; weights: Float32Array[] }> {
  const plainSource = source('basic_rnn.rnn');
  const maskedSource = source('basic_rnn_masked.rnn');
  const plain = await compile(plainSource.text, { path: plainSource.path, seed });
  const masked = await compile(maskedSource.text, { path: maskedSource.path, seed });
  // Masking has no weights: the SimpleRNN's kernel, recurrent kernel and bias carry over as they are.
  const weights = plain.network.getWeightValues();
  masked.network.setWeightValues(weights);
  const x = { dtype: 'float32', shape: [4, 2, 3], data: Float32Array.from(BATCH.flat(2)) } as HostArray;
  const [outputs] = plain.predict(x);
  const [maskedOutputs, state] = masked.predict(x);
  plain.dispose();
  masked.dispose();
  return { plain: outputs!.data as Float32Array, masked: maskedOutputs!.data as Float32Array, state: state!.data as Float32Array, weights };
}

const row = (data: Float32Array, at: number) => `[${Array.from(data.subarray(at, at + 5), (v) => v.toFixed(4).padStart(7)).join(' ')}]`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '42' } } });
  const { plain, masked, state } = await runBasicRnn(Number(values.seed));
  for (const [title, outputs] of [['basic_rnn.rnn: the output at each step', plain], ['basic_rnn_masked.rnn: the same weights, padding [0, 0, 0] masked', masked]] as const) {
    console.log(title);
    BATCH.forEach((seq, i) => {
      console.log(`  instance ${i}  ${JSON.stringify(seq[0])} → ${row(outputs, i * 10)}`);
      console.log(`              ${JSON.stringify(seq[1])} → ${row(outputs, i * 10 + 5)}`);
    });
  }
  console.log('basic_rnn_masked.rnn: the final state of each instance');
  BATCH.forEach((_, i) => console.log(`  instance ${i}  ${row(state, i * 5)}`));
}

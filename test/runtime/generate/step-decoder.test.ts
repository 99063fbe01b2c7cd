// The decoder step derived from a decode block (runtime/generate/step-decoder.ts) against the
// training graph: feeding the teacher's tokens one step at a time, carrying the recurrent states
// between calls, must give at every step the probabilities the whole training forward pass gives
// for that position of the same sequence — the independent check the issue asks for.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/runtime/api.ts';
import { StepDecoder } from '../../../src/runtime/generate/step-decoder.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const SEQ2SEQ = `
model translate {
  src = Input(shape=(None,), dtype=int32)
  tgt = Input(shape=(None,), dtype=int32)
  _, h, c = LSTM(6, return_state=true)(Embedding(11, 4, mask_zero=true)(src))
  dec = LSTM(6, return_sequences=true)(Embedding(11, 5)(tgt), initial_state=[h, c])
  output TimeDistributed(Dense(11, activation=softmax))(dec)
}
decode translate { feed = tgt  start = 1  end = 2  max_length = 6 }
`;

const LANGUAGE_MODEL = `
model lm {
  Embedding(9, 4, input=(None,))
  GRU(7, return_sequences=true)
  Dropout(0.3)
  SimpleRNN(5, return_sequences=true)
  Dense(9, activation=softmax)
}
decode { end = 0 }
`;

// Two decoder layers fed from the encoder's states, a merge on the fed path, and a linear output
// trained from logits: the step applies the softmax itself.
const STACKED_LOGITS = `
model s2s {
  src = Input(shape=(None,), dtype=int32)
  tgt = Input(shape=(None,), dtype=int32)
  _, h = GRU(5, return_state=true)(Bidirectional(GRU(3, return_sequences=true))(Embedding(8, 3)(src)))
  e = Embedding(8, 5, mask_zero=true)(tgt)
  d1 = GRU(5, return_sequences=true)(e, initial_state=[h])
  d2 = LSTM(4, return_sequences=true)(Add()([d1, e]))
  output Dense(8)(LayerNormalization()(d2))
}
train s2s { loss = SparseCategoricalCrossentropy(from_logits=true) }
decode s2s { feed = tgt  start = 1 }
`;

function ids(rng: Rng, rows: number, time: number, vocab: number, from = 1): HostArray {
  return { dtype: 'int32', shape: [rows, time], data: Int32Array.from({ length: rows * time }, () => from + Math.floor(rng.next() * (vocab - from))) };
}

/** Step probabilities with the teacher's tokens, [rows, time, vocab] flattened. */
function stepwise(decoder: StepDecoder, sources: readonly HostArray[], target: HostArray): Float32Array {
  const [rows, time] = target.shape as [number, number];
  const vocab = decoder.plan.vocabulary;
  const tensors = sources.map((s) => tf.tensor(s.data, [...s.shape], s.dtype));
  let state = decoder.encode(tensors, rows);
  tf.dispose(tensors);
  const out = new Float32Array(rows * time * vocab);
  for (let t = 0; t < time; t++) {
    const tokens = Int32Array.from({ length: rows }, (_, r) => target.data[r * time + t]!);
    const { probabilities, next } = decoder.step(state, tokens);
    state.dispose();
    state = next;
    for (let r = 0; r < rows; r++) out.set(probabilities.subarray(r * vocab, (r + 1) * vocab), (r * time + t) * vocab);
  }
  state.dispose();
  return out;
}

async function check(source: string, seed: number, inputs: (rng: Rng) => { sources: HostArray[]; target: HostArray; all: HostArray[] }): Promise<void> {
  const model = await compile(source, { seed });
  const plan = model.model.decode!;
  expect(plan).toBeDefined();
  const { sources, target, all } = inputs(new Rng(seed));
  // Give the weights some size, so that states matter: the initializers' draws are small.
  const rng = new Rng(seed + 1);
  model.network.setWeightValues(model.network.getWeightValues().map((w) => w.map(() => rng.normal() * 0.6)));
  const [full] = model.predict(all);
  const tensorsBefore = tf.memory().numTensors;
  const steps = stepwise(new StepDecoder(model.network, plan), sources, target);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(steps.length).toBe(full!.data.length);
  let worst = 0;
  for (let i = 0; i < steps.length; i++) {
    const expected = plan.scores === 'logits' ? NaN : full!.data[i]!;
    if (!Number.isNaN(expected)) worst = Math.max(worst, Math.abs(steps[i]! - expected));
  }
  if (plan.scores === 'logits') worst = maxSoftmaxGap(full!, steps, plan.vocabulary);
  expect(worst).toBeLessThan(1e-5);
  model.dispose();
}

/** The full pass gives logits: compare its softmax (in float64) with the step's probabilities. */
function maxSoftmaxGap(full: HostArray, steps: Float32Array, vocab: number): number {
  let worst = 0;
  for (let row = 0; row < steps.length / vocab; row++) {
    const z = Array.from(full.data.subarray(row * vocab, (row + 1) * vocab));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, k) => (worst = Math.max(worst, Math.abs(v / s - steps[row * vocab + k]!))));
  }
  return worst;
}

describe('the decoder step equals the training graph, step by step', () => {
  it('an encoder-decoder LSTM whose decoder starts from the encoder states (padded sources)', async () => {
    await check(SEQ2SEQ, 3, (rng) => {
      const src = ids(rng, 3, 5, 11);
      // Padding at the end of two sources: the encoder's final states skip it.
      src.data[4] = 0;
      src.data[8] = 0;
      src.data[9] = 0;
      const tgt = ids(rng, 3, 6, 11);
      return { sources: [src], target: tgt, all: [src, tgt] };
    });
  });

  it('a language model of GRU, Dropout and SimpleRNN (one input, no encoder)', async () => {
    await check(LANGUAGE_MODEL, 5, (rng) => {
      const x = ids(rng, 2, 7, 9, 0);
      return { sources: [], target: x, all: [x] };
    });
  });

  it('two decoder layers, a merge on the fed path, masked target padding and logits', async () => {
    await check(STACKED_LOGITS, 7, (rng) => {
      const src = ids(rng, 2, 4, 8);
      const tgt = ids(rng, 2, 5, 8);
      tgt.data[4] = 0; // padding at the end of the first target: a masked step keeps the states
      return { sources: [src], target: tgt, all: [src, tgt] };
    });
  });
});

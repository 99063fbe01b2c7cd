// The models of the whole-model gradient test (gradients.test.ts): each is checked against central
// finite differences and, where tfjs-layers can build it, against its autodiff. The layer checklist
// (test/layer-checklist.test.ts) counts the layers they use.

import * as tfl from '@tensorflow/tfjs';
import type { Rng } from '../../../src/runtime/rng.ts';
import { binary, KERAS_LOSS, l2, normal, oneHot, paddedIds, twin, type Batch, type TfjsTwin } from './support.ts';

const [B, T, F] = [4, 5, 3];
const lstm = (a: Record<string, unknown>) => tfl.layers.lstm({ recurrentActivation: 'sigmoid', units: 1, ...a });
const gru = (a: Record<string, unknown>) => tfl.layers.gru({ recurrentActivation: 'sigmoid', units: 1, ...a });

export interface Case {
  readonly name: string;
  readonly source: string;
  readonly batch: (rng: Rng) => Batch;
  /** The same model in tfjs-layers; absent where tfjs-layers cannot represent it. */
  readonly twin?: () => TfjsTwin;
  /** tfjs's gradient of a gather needs UnsortedSegmentSum, which its WASM backend lacks. */
  readonly autodiffBackend?: 'cpu';
}

/** Small models whose gradients Network.step() must get right; the test runs each. */
export const GRADIENT_CASES: readonly Case[] = [
  {
    name: 'Dense stack with l2 on a kernel and a bias',
    source: `model m {
  Dense(6, activation=tanh, kernel_regularizer=l2(0.01), name="d1", input=(5,))
  Dense(4, activation=sigmoid, bias_regularizer=l2(0.02), name="d2")
  Dense(2, name="d3")
}
train { loss = mse }`,
    batch: (rng) => ({ x: [normal(rng, [B, 5])], y: [normal(rng, [B, 2])] }),
    twin: () =>
      twin(
        tfl.sequential({
          layers: [
            tfl.layers.dense({ units: 6, activation: 'tanh', inputShape: [5], name: 'd1' }),
            tfl.layers.dense({ units: 4, activation: 'sigmoid', name: 'd2' }),
            tfl.layers.dense({ units: 2, name: 'd3' }),
          ],
        }),
        KERAS_LOSS.mse,
        (w) => [...l2(0.01, ['d1/kernel'])(w), ...l2(0.02, ['d2/bias'])(w)],
      ),
  },
  {
    name: 'Embedding(mask_zero) → LSTM → Dense sigmoid, ragged ids',
    source: `model m {
  Embedding(12, 4, mask_zero=true, name="emb", input=(None,))
  LSTM(5, name="rnn")
  Dense(1, activation=sigmoid, name="out")
}
train { loss = binary_crossentropy }`,
    batch: (rng) => ({ x: [paddedIds(rng, [6, 3, 1, 4], 6, 12)], y: [binary(rng, B)] }),
    twin: () =>
      twin(
        tfl.sequential({
          layers: [
            tfl.layers.embedding({ inputDim: 12, outputDim: 4, maskZero: true, inputShape: [6], name: 'emb' }),
            lstm({ units: 5, name: 'rnn' }),
            tfl.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
          ],
        }),
        KERAS_LOSS.bce,
      ),
    autodiffBackend: 'cpu',
  },
  {
    name: 'stacked LSTM with return_sequences and l2 on the first kernel',
    source: `model m {
  LSTM(4, return_sequences=true, kernel_regularizer=l2(0.01), name="l1", input=(5, 3))
  LSTM(3, name="l2")
  Dense(2, name="out")
}
train { loss = mse }`,
    batch: (rng) => ({ x: [normal(rng, [B, T, F])], y: [normal(rng, [B, 2])] }),
    twin: () =>
      twin(
        tfl.sequential({
          layers: [
            lstm({ units: 4, returnSequences: true, inputShape: [T, F], name: 'l1' }),
            lstm({ units: 3, name: 'l2' }),
            tfl.layers.dense({ units: 2, name: 'out' }),
          ],
        }),
        KERAS_LOSS.mse,
        l2(0.01, ['l1/kernel']),
      ),
  },
  {
    name: 'Bidirectional GRU (reset_after=false), merged by concatenation',
    source: `model m {
  Bidirectional(GRU(3, reset_after=false, return_sequences=true), name="bi", input=(5, 3))
  GRU(2, reset_after=false, name="top")
  Dense(1, name="out")
}
train { loss = mse }`,
    batch: (rng) => ({ x: [normal(rng, [B, T, F])], y: [normal(rng, [B, 1])] }),
    twin: () =>
      twin(
        tfl.sequential({
          layers: [
            tfl.layers.bidirectional({ layer: gru({ units: 3, returnSequences: true }), inputShape: [T, F], name: 'bi' }),
            gru({ units: 2, name: 'top' }),
            tfl.layers.dense({ units: 1, name: 'out' }),
          ],
        }),
        KERAS_LOSS.mse,
      ),
  },
  {
    name: 'functional fan-out: one sequence read by two RNNs, one vector by Concatenate and Add',
    source: `model m {
  x = Input(shape=(5, 3))
  h = LSTM(4, return_sequences=true, name="enc")(x)
  a = SimpleRNN(3, name="a")(h)
  b = GRU(3, reset_after=false, name="b")(h)
  c = Concatenate(name="c")([a, b])
  s = Add(name="s")([Dense(3, activation=tanh, name="mix")(c), a])
  output Dense(1, name="out")(s)
}
train { loss = mse }`,
    batch: (rng) => ({ x: [normal(rng, [B, T, F])], y: [normal(rng, [B, 1])] }),
    twin: () => {
      const x = tfl.input({ shape: [T, F] });
      const h = lstm({ units: 4, returnSequences: true, name: 'enc' }).apply(x) as tfl.SymbolicTensor;
      const a = tfl.layers.simpleRNN({ units: 3, name: 'a' }).apply(h) as tfl.SymbolicTensor;
      const b = gru({ units: 3, name: 'b' }).apply(h) as tfl.SymbolicTensor;
      const c = tfl.layers.concatenate({ name: 'c' }).apply([a, b]) as tfl.SymbolicTensor;
      const mix = tfl.layers.dense({ units: 3, activation: 'tanh', name: 'mix' }).apply(c) as tfl.SymbolicTensor;
      const s = tfl.layers.add({ name: 's' }).apply([mix, a]) as tfl.SymbolicTensor;
      const out = tfl.layers.dense({ units: 1, name: 'out' }).apply(s) as tfl.SymbolicTensor;
      return twin(tfl.model({ inputs: x, outputs: out }), KERAS_LOSS.mse);
    },
  },
  {
    name: 'TimeDistributed(Dense softmax) over an LSTM sequence, categorical_crossentropy per step',
    source: `model m {
  LSTM(4, return_sequences=true, name="rnn", input=(5, 3))
  TimeDistributed(Dense(3, activation=softmax), name="td")
}
train { loss = categorical_crossentropy }`,
    batch: (rng) => ({ x: [normal(rng, [B, T, F])], y: [oneHot(rng, [B, T, 3])] }),
    twin: () =>
      twin(
        tfl.sequential({
          layers: [
            lstm({ units: 4, returnSequences: true, inputShape: [T, F], name: 'rnn' }),
            tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 3, activation: 'softmax' }), name: 'td' }),
          ],
        }),
        KERAS_LOSS.cce,
      ),
  },
  {
    // Keras's default GRU (reset_after=true), which tfjs-layers refuses: finite differences only.
    name: 'Bidirectional GRU (reset_after=true), merge_mode=ave, with l2 on both directions',
    source: `model m {
  Bidirectional(GRU(3, kernel_regularizer=l2(0.05)), merge_mode=ave, name="bi", input=(5, 3))
  Dense(1, name="out")
}
train { loss = mse }`,
    batch: (rng) => ({ x: [normal(rng, [B, T, F])], y: [normal(rng, [B, 1])] }),
  },
];

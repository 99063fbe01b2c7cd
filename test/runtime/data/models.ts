// Small checked models for the data tests, written in .rnn so the IR is the checker's own.

import { expect } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import type { CheckedModel } from '../../../src/compiler/ir.ts';

export function model(source: string): CheckedModel {
  const result = check(source, 'test.rnn');
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.models[0]!;
}

/** (None, 5, 1) → (None, 1), mean_absolute_error. */
export const nextNumber = () => model('model m { LSTM(1, input=(5, 1)) }\ntrain { loss = mae }');

/** int32 (None, None) ids < 100 → (None, 1) sigmoid, binary_crossentropy. */
export const sentiment = () =>
  model('model m { Embedding(100, 8, mask_zero=true, input=(None,)) LSTM(4) Dense(1, activation=sigmoid) }\ntrain { loss = binary_crossentropy }');

/** (None, 28, 28) → (None, 10) softmax, sparse_categorical_crossentropy. */
export const mnist = () => model('model m { LSTM(8, input=(28, 28)) Dense(10, activation=softmax) }\ntrain { loss = sparse_categorical_crossentropy }');

/** int32 (None, None) ids < 50 → (None, None, 50) per step, sparse_categorical_crossentropy. */
export const tagger = () =>
  model('model m { Embedding(50, 8, input=(None,)) LSTM(4, return_sequences=true) Dense(50, activation=softmax) }\ntrain { loss = sparse_categorical_crossentropy }');

/** (None, None, 12) → (None, 8, 12), categorical_crossentropy. */
export const encoderDecoder = () =>
  model('model m { LSTM(8, input=(None, 12)) RepeatVector(8) LSTM(8, return_sequences=true) TimeDistributed(Dense(12, activation=softmax)) }\ntrain { loss = categorical_crossentropy }');

/** (None, 20, 1) → (None, 20, 1), mse: a forecast at every step. */
export const forecast = () => model('model m { SimpleRNN(4, return_sequences=true, input=(20, 1)) Dense(1) }\ntrain { loss = mse }');

/** Two int32 inputs src, tgt (None, None) → (None, None, 30), sparse_categorical_crossentropy. */
export const translate = () =>
  model(`model m {
  src = Input(shape=(None,), dtype=int32, name="src")
  tgt = Input(shape=(None,), dtype=int32, name="tgt")
  _, h = GRU(4, return_state=true)(Embedding(20, 4)(src))
  output Dense(30, activation=softmax)(GRU(4, return_sequences=true)(Embedding(30, 4)(tgt), initial_state=[h]))
}
train { loss = sparse_categorical_crossentropy }`);

/** Two outputs. */
export const twoHeads = () =>
  model(`model m {
  x = Input(shape=(3,))
  output Dense(1)(x), Dense(2)(x)
}`);

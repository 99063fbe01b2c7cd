// SimpleRNN, LSTM, GRU (reset_after=false) and Bidirectional against TensorFlow.js Layers
// configured to Keras 3's semantics (recurrent activation sigmoid), with identical weights:
// forward outputs and the gradients with respect to the input, every weight and the initial
// states. Masks are right-padded with zero initial states, where tfjs-layers agrees with Keras.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { checkedLayer, expectClose, randoms, randomWeights, rightPadded, runKernel } from './helpers.ts';
import { runTfjs } from './tfjs-reference.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const [B, T, F, H] = [3, 5, 4, 3];

type Make = (args: Record<string, unknown>) => tfl.layers.Layer;
const MAKERS: Record<string, Make> = {
  SimpleRNN: (a) => tfl.layers.simpleRNN({ units: H, ...a }),
  LSTM: (a) => tfl.layers.lstm({ units: H, recurrentActivation: 'sigmoid', ...a }),
  GRU: (a) => tfl.layers.gru({ units: H, recurrentActivation: 'sigmoid', ...a }),
};

interface Case {
  readonly name: string;
  /** Arguments after the units, in .rnn syntax and as tfjs-layers config. */
  readonly args: string;
  readonly tfjs: Record<string, unknown>;
  readonly outputs?: number;
  readonly lengths?: readonly number[];
  readonly initialState?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'last output', args: '', tfjs: {} },
  { name: 'return_sequences', args: ', return_sequences=true', tfjs: { returnSequences: true } },
  { name: 'go_backwards', args: ', return_sequences=true, go_backwards=true', tfjs: { returnSequences: true, goBackwards: true } },
  { name: 'use_bias=false', args: ', use_bias=false', tfjs: { useBias: false } },
  { name: 'activation=relu', args: ', activation=relu, return_sequences=true', tfjs: { activation: 'relu', returnSequences: true } },
  { name: 'return_state with initial_state', args: ', return_state=true', tfjs: { returnState: true }, outputs: -1, initialState: true },
  { name: 'ragged mask', args: ', return_sequences=true', tfjs: { returnSequences: true }, lengths: [5, 3, 1] },
  { name: 'ragged mask, last output', args: ', return_state=true', tfjs: { returnState: true }, outputs: -1, lengths: [2, 5, 4] },
  {
    name: 'ragged mask, go_backwards',
    args: ', return_sequences=true, go_backwards=true',
    tfjs: { returnSequences: true, goBackwards: true },
    lengths: [4, 1, 5],
  },
];

const STATES: Record<string, number> = { SimpleRNN: 1, LSTM: 2, GRU: 1 };

function compare(type: string, call: string, make: () => tfl.layers.Layer, c: Case, outputs: number, states: number) {
  const rng = new Rng(7);
  const layer = checkedLayer(call, T, F, outputs);
  const x = randoms(rng, B * T * F);
  const weights = randomWeights(layer, rng);
  const initialState = c.initialState ? Array.from({ length: states }, () => randoms(rng, B * H, 0.8)) : undefined;
  const mask = c.lengths ? rightPadded(c.lengths, T) : null;
  const ours = runKernel({ layer, x, shape: [B, T, F], mask, weights, initialState, dOutputs: [] });
  const dOutputs = ours.outputs.map((o) => randoms(rng, o.length));
  const got = runKernel({ layer, x, shape: [B, T, F], mask, weights, initialState, dOutputs });
  const want = runTfjs(make(), { x, shape: [B, T, F], mask, weights, initialState, dOutputs });

  expect(got.outputs.length).toBe(want.outputs.length);
  got.outputs.forEach((o, i) => expectClose(o, want.outputs[i]!, 1e-5, `${type} output ${i}`));
  expectClose(got.dx, want.dx, 1e-5, `${type} dx`);
  got.dWeights!.forEach((d, i) => expectClose(d, want.dWeights[i]!, 1e-5, `${type} d${layer.weights[i]!.name}`));
  if (initialState) got.dInitialState!.forEach((d, i) => expectClose(d, want.dInitialState[i]!, 1e-5, `${type} dstate ${i}`));
}

describe.each(['SimpleRNN', 'LSTM', 'GRU'])('%s matches tfjs-layers', (type) => {
  it.each(CASES)('$name', (c) => {
    const resetBefore = type === 'GRU' ? ', reset_after=false' : '';
    const outputs = c.outputs === -1 ? 1 + STATES[type]! : 1;
    compare(type, `${type}(${H}${c.args}${resetBefore})`, () => MAKERS[type]!(c.tfjs), c, outputs, STATES[type]!);
  });
});

describe('Bidirectional matches tfjs-layers', () => {
  const modes = ['concat', 'sum', 'mul', 'ave', 'None'];
  it.each(modes)('LSTM, merge_mode=%s, sequences', (mode) => {
    const outputs = mode === 'None' ? 2 : 1;
    const mergeMode = mode === 'None' ? null : mode;
    const make = () =>
      tfl.layers.bidirectional({
        layer: MAKERS['LSTM']!({ returnSequences: true }) as tfl.RNN,
        mergeMode: mergeMode as 'concat',
      });
    compare('Bidirectional', `Bidirectional(LSTM(${H}, return_sequences=true), merge_mode=${mode})`, make, { name: mode, args: '', tfjs: {} }, outputs, 0);
  });

  it.each(modes)('GRU, merge_mode=%s, last output with states and initial states', (mode) => {
    const outputs = (mode === 'None' ? 2 : 1) + 2;
    const mergeMode = mode === 'None' ? null : mode;
    const make = () =>
      tfl.layers.bidirectional({
        layer: MAKERS['GRU']!({ returnState: true }) as tfl.RNN,
        mergeMode: mergeMode as 'concat',
      });
    const call = `Bidirectional(GRU(${H}, return_state=true, reset_after=false), merge_mode=${mode})`;
    compare('Bidirectional', call, make, { name: mode, args: '', tfjs: {}, initialState: true }, outputs, 2);
  });

  it('SimpleRNN without bias, sequences', () => {
    const make = () =>
      tfl.layers.bidirectional({ layer: MAKERS['SimpleRNN']!({ returnSequences: true, useBias: false }) as tfl.RNN, mergeMode: 'concat' });
    compare('Bidirectional', `Bidirectional(SimpleRNN(${H}, return_sequences=true, use_bias=false))`, make, { name: 'b', args: '', tfjs: {} }, 1, 0);
  });
});

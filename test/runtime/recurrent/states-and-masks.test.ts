// What flows around the loop: a stateful layer's carried states, the masks each output carries
// (rnn.py and bidirectional.py compute_mask), initial-state gradients, and gradients that reach
// the layer only through a state output.

import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { checkAgainstReference, DIMS } from './check-reference.ts';
import { checkedLayer, expectClose, randoms, randomWeights, rightPadded, runKernel } from './helpers.ts';
import { referenceModel } from './reference-model.ts';
import type { Vec } from './reference.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const { batch: B, features: F } = DIMS;
const H = 3;

/** Steps [from, to) of a [batch, time, width] array. */
const steps = (a: Vec, time: number, width: number, from: number, to: number) =>
  Array.from({ length: B }, (_, b) => a.slice((b * time + from) * width, (b * time + to) * width)).flat();

describe('stateful layers carry their final states', () => {
  it.each([
    ['SimpleRNN', 1],
    ['LSTM', 2],
    ['GRU', 1],
  ] as const)('%s: two calls of 3 steps equal one call of 6 on the reference', (type, states) => {
    const rng = new Rng(31);
    const [whole, half] = [6, 3];
    const layer = checkedLayer(`${type}(${H}, stateful=true, return_sequences=true, return_state=true)`, half, F, 1 + states, B);
    const x = randoms(rng, B * whole * F);
    // Every row has a real step at the start of the second call: Keras's masked output is the
    // previous output *within a call*, so a row masked there would output zeros, not the carry.
    const mask = rightPadded([6, 5, 4], whole);
    const weights = randomWeights(layer, rng);
    const call = (from: number, initialState?: Vec[]) =>
      runKernel({
        layer,
        x: steps(x, whole, F, from, from + half),
        shape: [B, half, F],
        mask: steps(mask, whole, 1, from, from + half),
        weights,
        initialState,
      });
    const first = call(0);
    expect(first.finalStates).toHaveLength(states);
    const second = call(half, first.finalStates);

    const expected = referenceModel(layer, { batch: B, time: whole, features: F }).run(weights, x, mask, null, []);
    expectClose(first.outputs[0], steps(expected[0]!, whole, H, 0, half), 1e-5, 'first call');
    expectClose(second.outputs[0], steps(expected[0]!, whole, H, half, whole), 1e-5, 'second call');
    second.finalStates!.forEach((s, i) => expectClose(s, expected[1 + i]!, 1e-5, `final state ${i}`));
  });

  it('Bidirectional carries both directions, forward first', () => {
    const rng = new Rng(32);
    const layer = checkedLayer(`Bidirectional(LSTM(${H}, stateful=true, return_state=true))`, 4, F, 5, B);
    const x = randoms(rng, B * 4 * F);
    const run = runKernel({ layer, x, shape: [B, 4, F], weights: randomWeights(layer, rng) });
    expect(run.finalStates).toEqual(run.outputs.slice(1));
  });

  it('a layer that is not stateful returns its final states too: the network decides what to carry (truncated BPTT carries them between windows)', () => {
    const rng = new Rng(33);
    const layer = checkedLayer(`GRU(${H}, return_state=true)`, 4, F, 2);
    const run = runKernel({ layer, x: randoms(rng, B * 4 * F), shape: [B, 4, F], weights: randomWeights(layer, rng) });
    expect(run.finalStates).toEqual(run.outputs.slice(1));
  });
});

describe('output masks', () => {
  const T = 4;
  const mask = rightPadded([4, 2, 3], T);
  const masksOf = (call: string, outputs: number, withMask = true) => {
    const rng = new Rng(34);
    const layer = checkedLayer(call, T, F, outputs);
    const run = runKernel({ layer, x: randoms(rng, B * T * F), shape: [B, T, F], mask: withMask ? mask : null, weights: randomWeights(layer, rng) });
    return run.masks;
  };
  it.each([
    ['LSTM(3, return_sequences=true, return_state=true)', 3, [mask, null, null]],
    ['LSTM(3, return_state=true)', 3, [null, null, null]],
    // Keras returns the input mask as it is, though go_backwards returns the sequence reversed.
    ['SimpleRNN(3, return_sequences=true, go_backwards=true)', 1, [mask]],
    ['Bidirectional(GRU(3, return_sequences=true), merge_mode=None)', 2, [mask, mask]],
    ['Bidirectional(GRU(3, return_sequences=true, return_state=true))', 3, [mask, null, null]],
    ['Bidirectional(GRU(3))', 1, [null]],
  ] as const)('%s', (call, outputs, expected) => {
    expect(masksOf(call, outputs)).toEqual(expected);
  });
  it('no input mask, no output mask', () => {
    expect(masksOf('GRU(3, return_sequences=true)', 1, false)).toEqual([null]);
  });
});

describe('initial states and state outputs in the backward pass', () => {
  it('gives initial-state gradients only when initial states were given', () => {
    const rng = new Rng(35);
    const layer = checkedLayer(`LSTM(${H})`, 4, F);
    const base = { layer, x: randoms(rng, B * 4 * F), shape: [B, 4, F] as const, weights: randomWeights(layer, rng), dOutputs: [randoms(rng, B * H)] };
    expect(runKernel(base).dInitialState).toBeUndefined();
    const initialState = [randoms(rng, B * H), randoms(rng, B * H)];
    expect(runKernel({ ...base, initialState }).dInitialState).toHaveLength(2);
  });

  it('LSTM: a loss on the final cell state only', () => {
    const gappy = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1];
    checkAgainstReference({ call: `LSTM(${H}, return_state=true)`, outputs: 3, mask: gappy, initialState: true, lossOn: [2] });
  });

  it('Bidirectional: a loss on the backward direction\'s state only', () => {
    checkAgainstReference({ call: `Bidirectional(GRU(${H}, return_sequences=true, return_state=true))`, outputs: 3, initialState: true, lossOn: [2] });
  });
});

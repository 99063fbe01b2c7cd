// Every recurrent layer against the float64 reference of Keras 3's semantics, where tfjs-layers
// cannot serve: GRU reset_after=true (Keras's default), masks that start with padding or have
// gaps while the initial state is not zero (Keras outputs zeros before the first real step, not
// the state), fully masked rows, Keras 3's hard_sigmoid, and Bidirectional over masks (whose
// directions output zeros at masked steps). Gradients: central finite differences.

import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/tf.ts';
import { checkAgainstReference, DIMS } from './check-reference.ts';
import { rightPadded } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const H = 3;
/** Left padding, a gap, a fully real row: [batch=3, time=5]. */
const GAPPY = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1];
/** The middle row fully masked. */
const EMPTY_ROW = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1];

const VARIANTS = [
  { name: 'SimpleRNN', call: (args: string) => `SimpleRNN(${H}${args})`, states: 1 },
  { name: 'LSTM', call: (args: string) => `LSTM(${H}${args})`, states: 2 },
  { name: 'GRU (reset_after=true)', call: (args: string) => `GRU(${H}${args})`, states: 1 },
  { name: 'GRU (reset_after=false)', call: (args: string) => `GRU(${H}${args}, reset_after=false)`, states: 1 },
];

describe.each(VARIANTS)('$name matches the Keras 3 reference', (v) => {
  const withStates = 1 + v.states;
  it('last output', () => {
    checkAgainstReference({ call: v.call('') });
  });
  it('return_sequences, go_backwards', () => {
    checkAgainstReference({ call: v.call(', return_sequences=true, go_backwards=true') });
  });
  it('use_bias=false, return_state, initial_state', () => {
    checkAgainstReference({ call: v.call(', use_bias=false, return_state=true'), outputs: withStates, initialState: true });
  });
  it('left padding and gaps with a non-zero initial state', () => {
    checkAgainstReference({ call: v.call(', return_sequences=true, return_state=true'), outputs: withStates, mask: GAPPY, initialState: true });
  });
  it('gaps, go_backwards, last output', () => {
    checkAgainstReference({ call: v.call(', go_backwards=true, return_state=true'), outputs: withStates, mask: GAPPY, initialState: true });
  });
  it('a fully masked row outputs zeros and keeps its initial state', () => {
    const got = checkAgainstReference({ call: v.call(', return_state=true'), outputs: withStates, mask: EMPTY_ROW, initialState: true });
    expect(got.outputs[0]!.slice(H, 2 * H).every((o) => o === 0)).toBe(true);
  });
  it('ragged right padding', () => {
    checkAgainstReference({ call: v.call(', return_sequences=true'), mask: rightPadded([5, 2, 3], DIMS.time) });
  });
});

describe('activations as Keras 3 defines them', () => {
  it('LSTM with hard_sigmoid gates (relu6(x + 3) / 6) and softsign', () => {
    checkAgainstReference({ call: `LSTM(${H}, activation=softsign, recurrent_activation=hard_sigmoid, return_sequences=true)` });
  });
  it('GRU with linear activation (None)', () => {
    checkAgainstReference({ call: `GRU(${H}, activation=None, return_sequences=true)` });
  });
});

describe('Bidirectional over masks matches the Keras 3 reference', () => {
  it.each(['concat', 'sum', 'mul', 'ave', 'None'])('merge_mode=%s: masked steps output zeros in both directions', (mode) => {
    const got = checkAgainstReference({
      call: `Bidirectional(LSTM(${H}, return_sequences=true), merge_mode=${mode})`,
      outputs: mode === 'None' ? 2 : 1,
      mask: GAPPY,
    });
    // Sample 0, step 0 is padding: every merged value there is zero.
    const width = mode === 'concat' ? 2 * H : H;
    expect(got.outputs[0]!.slice(0, width).every((v) => v === 0)).toBe(true);
  });
  it('GRU, last output, states of both directions from initial states', () => {
    checkAgainstReference({
      call: `Bidirectional(GRU(${H}, return_state=true))`,
      outputs: 3,
      mask: GAPPY,
      initialState: true,
    });
  });
  it('a given backward_layer of another width', () => {
    checkAgainstReference({
      call: `Bidirectional(LSTM(${H}, return_sequences=true), backward_layer=LSTM(2, return_sequences=true, go_backwards=true, use_bias=false))`,
      mask: rightPadded([5, 3, 4], DIMS.time),
    });
  });
});

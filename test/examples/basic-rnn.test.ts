// examples/basic_rnn.ts: the SimpleRNN's output at each step equals tanh(x·W + h·U + b) computed
// here in float64 from the layer's own weights, and with Masking the padded step of the second
// instance leaves its state (and, as in Keras, its output) at the first step's.

import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH, runBasicRnn } from '../../examples/basic_rnn.ts';
import { initBackend } from '../../src/runtime/tf.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** [instance][step][unit] of a SimpleRNN with kernel W [3, 5], recurrent kernel U [5, 5], bias b. */
function reference(W: Float32Array, U: Float32Array, b: Float32Array): number[][][] {
  return BATCH.map((steps) => {
    let h = [0, 0, 0, 0, 0];
    return steps.map((x) => {
      h = h.map((_, j) => Math.tanh(x.reduce((s, v, i) => s + v * W[i * 5 + j]!, 0) + h.reduce((s, v, k) => s + v * U[k * 5 + j]!, 0) + b[j]!));
      return h;
    });
  });
}

describe('examples/basic_rnn.ts', () => {
  it('prints tanh(x·W + h·U + b) at each step, and masking holds the second instance at its first step', async () => {
    const { plain, masked, state, weights } = await runBasicRnn(42);
    const [W, U, b] = weights;
    const want = reference(W!, U!, b!);
    want.forEach((steps, i) =>
      steps.forEach((h, t) => h.forEach((v, j) => expect(plain[(i * 2 + t) * 5 + j]).toBeCloseTo(v, 5))),
    );
    const at = (a: Float32Array, i: number, t: number) => Array.from(a.subarray((i * 2 + t) * 5, (i * 2 + t) * 5 + 5));
    // Unmasked, [0, 0, 0] is a real input and moves the state on.
    expect(at(plain, 1, 1)).not.toEqual(at(plain, 1, 0));
    // Masked: the second instance's second output is zero (zero_output_for_mask=true), and its
    // final state is its first step's output: the padded step left the state where it was.
    expect(at(masked, 1, 1).map(Math.abs)).toEqual([0, 0, 0, 0, 0]); // h·0 may be -0
    expect(at(masked, 1, 0)).toEqual(at(plain, 1, 0));
    expect(Array.from(state.subarray(5, 10))).toEqual(at(masked, 1, 0));
    // The other instances have no padding: the same outputs as without the mask, and the final
    // state is the last step's output.
    for (const i of [0, 2, 3]) {
      for (const t of [0, 1]) expect(at(masked, i, t)).toEqual(at(plain, i, t));
      expect(Array.from(state.subarray(i * 5, i * 5 + 5))).toEqual(at(plain, i, 1));
    }
  });
});

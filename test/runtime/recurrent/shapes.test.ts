// The kernels produce the shapes the checker promised (the registry's shape rules), for every
// recurrent layer type the registry has.

import { beforeAll, expect, it } from 'vitest';
import { RECURRENT_LAYERS } from '../../../src/compiler/layers/recurrent.ts';
import { RECURRENT_KERNELS } from '../../../src/runtime/layers/recurrent/index.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { checkedLayer, randoms, randomWeights, runKernel } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

it('has a kernel for every recurrent layer and for Bidirectional', () => {
  expect(Object.keys(RECURRENT_KERNELS).sort()).toEqual([...RECURRENT_LAYERS.keys(), 'Bidirectional'].sort());
});

const [B, T, F] = [2, 4, 3];

it.each([
  ['SimpleRNN(5)', 1],
  ['LSTM(5, return_sequences=true, return_state=true)', 3],
  ['GRU(5, return_state=true, go_backwards=true)', 2],
  ['GRU(5, return_sequences=true, reset_after=false)', 1],
  ['Bidirectional(LSTM(5, return_sequences=true))', 1],
  ['Bidirectional(GRU(5, return_state=true), merge_mode=None)', 4],
  ['Bidirectional(SimpleRNN(5, return_sequences=true, return_state=true), merge_mode=sum)', 3],
  ['Bidirectional(LSTM(5), backward_layer=GRU(2, go_backwards=true))', 1],
] as const)('%s outputs the checked shapes', (call, outputs) => {
  const rng = new Rng(41);
  const layer = checkedLayer(call, T, F, outputs);
  const run = runKernel({ layer, x: randoms(rng, B * T * F), shape: [B, T, F], weights: randomWeights(layer, rng) });
  const promised = layer.outputTypes.map((t) => (t.kind === 'tensor' ? [B, ...t.shape.slice(1)] : null));
  expect(run.outputShapes).toEqual(promised);
});

// dropout and recurrent_dropout as Keras 3 applies them (dropout_rnn_cell.py; lstm.py and gru.py
// since Keras 3.8): masks drawn once per call and reused at every step; per-gate masks for LSTM
// and GRU whenever recurrent_dropout != 0; nothing at all when not training.

import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { readRecurrentConfig } from '../../../src/runtime/layers/recurrent/config.ts';
import { drawDropoutMasks } from '../../../src/runtime/layers/recurrent/dropout.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf, type Tensor } from '../../../src/runtime/tf.ts';
import { checkAgainstReference, DIMS } from './check-reference.ts';
import { checkedLayer, randoms, randomWeights, runKernel } from './helpers.ts';
import type { DirectionMasks } from './reference-model.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const { batch: B, time: T, features: F } = DIMS;

/** The configs the kernel draws masks for, in its order (Bidirectional: forward, then backward). */
function directionConfigs(layer: CheckedLayer) {
  if (layer.type === 'SimpleRNN' || layer.type === 'LSTM' || layer.type === 'GRU') return [readRecurrentConfig(layer)];
  if (layer.type !== 'Bidirectional') throw new Error(`${layer.type} draws no dropout masks`);
  const { layer: inner, backward_layer: given } = layer.config;
  return [readRecurrentConfig(inner.layer), given ? readRecurrentConfig(given.layer) : readRecurrentConfig(inner.layer, true)];
}

/** The masks a kernel seeded with `seed` draws, as plain arrays for the reference. */
const drawnMasks = (seed: number) => (layer: CheckedLayer): DirectionMasks[] => {
  const rng = new Rng(seed);
  return directionConfigs(layer).map((cfg) => {
    const m = drawDropoutMasks(cfg, B, F, rng, true);
    const read = (ts: readonly Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
    const masks = { input: read(m.input), recurrent: read(m.recurrent) };
    tf.dispose([...m.input, ...m.recurrent]);
    return masks;
  });
};

describe('which masks Keras 3 draws', () => {
  const count = (call: string, training = true) => {
    const cfg = directionConfigs(checkedLayer(call, T, F))[0]!;
    const m = drawDropoutMasks(cfg, B, F, new Rng(1), training);
    return [m.input.length, m.recurrent.length];
  };
  it.each([
    ['LSTM(3, dropout=0.3)', [1, 0]],
    ['LSTM(3, dropout=0.3, recurrent_dropout=0.2)', [4, 4]],
    ['LSTM(3, recurrent_dropout=0.2)', [0, 4]],
    ['GRU(3, dropout=0.3, recurrent_dropout=0.2)', [3, 3]],
    ['GRU(3, dropout=0.3)', [1, 0]],
    ['SimpleRNN(3, dropout=0.3, recurrent_dropout=0.2)', [1, 1]],
  ])('%s → %j input and recurrent masks', (call, expected) => {
    expect(count(call)).toEqual(expected);
  });

  it('none when not training', () => {
    expect(count('LSTM(3, dropout=0.3, recurrent_dropout=0.2)', false)).toEqual([0, 0]);
  });

  it('keeps 1 − rate of the entries, scaled by 1 / (1 − rate)', () => {
    const cfg = directionConfigs(checkedLayer('LSTM(50, dropout=0.25)', T, F))[0]!;
    const values = Array.from(drawDropoutMasks(cfg, 400, 50, new Rng(3), true).input[0]!.dataSync());
    expect(new Set(values.map((v) => v.toFixed(6)))).toEqual(new Set([(0).toFixed(6), (1 / 0.75).toFixed(6)]));
    const kept = values.filter((v) => v > 0).length / values.length;
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.01);
  });
});

describe('inference ignores dropout', () => {
  it('training=false gives the output of the same layer without dropout, whatever the seed', () => {
    const rng = new Rng(5);
    const withDropout = checkedLayer('LSTM(3, dropout=0.5, recurrent_dropout=0.5, return_sequences=true)', T, F);
    const without = checkedLayer('LSTM(3, return_sequences=true)', T, F);
    const x = randoms(rng, B * T * F);
    const weights = randomWeights(without, rng);
    const run = (layer: CheckedLayer, seed: number) => runKernel({ layer, x, shape: [B, T, F], weights, seed }).outputs;
    expect(run(withDropout, 1)).toEqual(run(without, 1));
    expect(run(withDropout, 2)).toEqual(run(without, 1));
  });
});

describe('training with dropout', () => {
  it('is deterministic for a seed, and does drop', () => {
    const rng = new Rng(6);
    const layer = checkedLayer('GRU(3, dropout=0.4, recurrent_dropout=0.4, return_sequences=true)', T, F);
    const x = randoms(rng, B * T * F);
    const weights = randomWeights(layer, rng);
    const run = (training: boolean, seed: number) => runKernel({ layer, x, shape: [B, T, F], weights, training, seed }).outputs[0]!;
    expect(run(true, 9)).toEqual(run(true, 9));
    expect(run(true, 9)).not.toEqual(run(false, 9));
    expect(run(true, 9)).not.toEqual(run(true, 10));
  });

  // The masks are those an identically seeded Rng draws; the reference applies them where Keras
  // does, and the gradient is checked by finite differences for that fixed mask.
  it.each([
    'SimpleRNN(3, dropout=0.3, recurrent_dropout=0.4, return_sequences=true)',
    'LSTM(3, dropout=0.3, return_sequences=true)',
    'LSTM(3, dropout=0.3, recurrent_dropout=0.4, return_sequences=true)',
    'GRU(3, dropout=0.3, recurrent_dropout=0.4, return_sequences=true)',
    'GRU(3, dropout=0.3, recurrent_dropout=0.4, reset_after=false, return_sequences=true)',
    'GRU(3, recurrent_dropout=0.4, use_bias=false)',
    'Bidirectional(LSTM(3, dropout=0.3, recurrent_dropout=0.4, return_sequences=true))',
  ])('%s matches the reference with the same masks', (call) => {
    checkAgainstReference({ call, training: true, seed: 21, dropout: drawnMasks(21) });
  });
});

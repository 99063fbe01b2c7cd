// choose.ts, the one place that picks how a recurrent direction runs: the path (rnnc's fused
// kernels or tfjs ops), the fused plan, and whose arithmetic (JavaScript or SIMD) a
// whole-sequence kernel steps with — and the driver really runs what it picks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedLayerOf } from '../../../src/compiler/ir.ts';
import { RECURRENT_KERNELS } from '../../../src/runtime/layers/recurrent/index.ts';
import { chooseCellKernel, maskCounts, type CellKernel } from '../../../src/runtime/layers/recurrent/choose.ts';
import { readRecurrentConfig } from '../../../src/runtime/layers/recurrent/config.ts';
import { drawDropoutMasks } from '../../../src/runtime/layers/recurrent/dropout.ts';
import type { CellType } from '../../../src/runtime/layers/recurrent/config.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import { checkedLayer } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(async () => {
  await initBackend('wasm');
});

const layer = (call: string) => checkedLayer(call, 4, 3) as CheckedLayerOf<CellType>;
const settings = (call: string) => readRecurrentConfig(layer(call));
const choose = (call: string, backend = 'wasm', training = true) => {
  const s = settings(call);
  return chooseCellKernel(s, maskCounts(s, training), backend);
};
const fused = (plan: CellKernel['plan'], forwardCells = 'js', backwardCells = 'js') => ({ path: 'fused', plan, forwardCells, backwardCells });
const OPS = { path: 'ops', plan: null, forwardCells: 'js', backwardCells: 'js' };

describe('chooseCellKernel', () => {
  it('runs an LSTM on wasm as one whole-sequence kernel, its steps in SIMD where simd.ts covers them', () => {
    expect(choose('LSTM(4)')).toEqual(fused('lstmSequence', 'simd', 'simd'));
    // The SIMD forward adds the bias as it reads the projection; without one only the backward is SIMD.
    expect(choose('LSTM(4, use_bias=false)')).toEqual(fused('lstmSequence', 'js', 'simd'));
    // Odd units, or activations the SIMD cells do not have: the JavaScript cells.
    expect(choose('LSTM(3)')).toEqual(fused('lstmSequence'));
    expect(choose('LSTM(4, recurrent_activation=hard_sigmoid)')).toEqual(fused('lstmSequence'));
    expect(choose('LSTM(4, activation=relu)')).toEqual(fused('lstmSequence'));
  });

  it('runs GRU (both forms) and SimpleRNN on wasm as whole-sequence kernels, SIMD where their simd.ts covers them', () => {
    for (const gru of ['GRU(4', 'GRU(4, reset_after=false']) {
      expect(choose(`${gru})`)).toEqual(fused('gruSequence', 'simd', 'simd'));
      expect(choose(`${gru}, use_bias=false)`)).toEqual(fused('gruSequence', 'js', 'simd'));
      expect(choose(`${gru}, recurrent_activation=hard_sigmoid)`)).toEqual(fused('gruSequence'));
      expect(choose(`${gru}, activation=relu)`)).toEqual(fused('gruSequence'));
    }
    expect(choose('GRU(3)')).toEqual(fused('gruSequence'));
    expect(choose('SimpleRNN(4)')).toEqual(fused('simpleRnnSequence', 'simd', 'simd'));
    expect(choose('SimpleRNN(4, use_bias=false)')).toEqual(fused('simpleRnnSequence', 'js', 'simd'));
    expect(choose('SimpleRNN(3)')).toEqual(fused('simpleRnnSequence'));
    expect(choose('SimpleRNN(4, activation=relu)')).toEqual(fused('simpleRnnSequence'));
  });

  it('runs one kernel per step on cpu', () => {
    expect(choose('LSTM(4)', 'cpu')).toEqual(fused('lstmSteps'));
    expect(choose('GRU(4)', 'cpu')).toEqual(fused('gruSteps'));
    expect(choose('GRU(4, reset_after=false)', 'cpu')).toEqual(fused('gruSteps'));
    expect(choose('SimpleRNN(4)', 'cpu')).toEqual(fused('simpleRnnSteps'));
  });

  it('takes the plain-op path for recurrent dropout while training, other activations and other backends', () => {
    for (const cell of ['SimpleRNN', 'LSTM', 'GRU']) {
      expect(choose(`${cell}(4, recurrent_dropout=0.2)`)).toEqual(OPS);
      expect(choose(`${cell}(4, recurrent_dropout=0.2)`, 'wasm', false)).not.toEqual(OPS);
      expect(choose(`${cell}(4, activation=elu)`)).toEqual(OPS);
      expect(choose(`${cell}(4)`, 'webgl')).toEqual(OPS);
      // One input dropout mask is applied as the sequence is laid out; per-gate masks are not.
      expect(choose(`${cell}(4, dropout=0.3)`)).not.toEqual(OPS);
    }
    expect(choose('GRU(4, recurrent_activation=softsign)')).toEqual(OPS);
    // SimpleRNN has no recurrent activation to look at.
    expect(choose('SimpleRNN(4, activation=hard_sigmoid)')).toEqual(fused('simpleRnnSequence'));
  });

  it('counts the dropout masks drawDropoutMasks draws', () => {
    for (const call of ['SimpleRNN(4, dropout=0.2, recurrent_dropout=0.3)', 'LSTM(4, dropout=0.2)', 'LSTM(4, dropout=0.2, recurrent_dropout=0.3)', 'GRU(4, recurrent_dropout=0.3)', 'GRU(4, dropout=0, recurrent_dropout=0.1)', 'LSTM(4)']) {
      const cfg = settings(call);
      for (const training of [true, false]) {
        const m = drawDropoutMasks(cfg, 2, 3, new Rng(1), training);
        expect(maskCounts(cfg, training), `${call}, training ${training}`).toEqual({ input: m.input.length, recurrent: m.recurrent.length });
        tf.dispose([...m.input, ...m.recurrent]);
      }
    }
  });
});

describe('the driver', () => {
  /** The path and plan the layer's kernel ran, from the driver's cache (driver.ts). */
  function ran(call: string, training: boolean): CellKernel {
    const l = layer(call);
    let kernel: CellKernel | null = null;
    tf.tidy(() => {
      const fwd = RECURRENT_KERNELS[l.type]!.forward({
        layer: l,
        inputs: [tf.ones([2, 4, 3])],
        masks: [null],
        weights: l.weights.map((w) => tf.fill([...w.shape], 0.1)),
        training,
        rng: new Rng(1),
      });
      kernel = (fwd.cache as { args: { kernel: CellKernel } }).args.kernel;
    });
    return kernel!;
  }

  it('runs what chooseCellKernel picks, on the backend it runs on', async () => {
    expect(ran('LSTM(4, recurrent_dropout=0.5)', true).path).toBe('ops');
    expect(ran('LSTM(4, recurrent_dropout=0.5)', false)).toEqual(fused('lstmSequence', 'simd', 'simd'));
    expect(ran('GRU(4, reset_after=false)', true)).toEqual(fused('gruSequence', 'simd', 'simd'));
    expect(ran('SimpleRNN(4)', true)).toEqual(fused('simpleRnnSequence', 'simd', 'simd'));
    await initBackend('cpu');
    expect(ran('LSTM(4)', true)).toEqual(fused('lstmSteps'));
    await initBackend('wasm');
  });
});

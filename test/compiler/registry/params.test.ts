// Parameter counts against Keras's known figures, computed the way the checker does:
// inferShape, then weights, then paramCount.

import { describe, expect, it } from 'vitest';
import { batch, params } from './helpers.ts';
import { KERAS_PARAMS } from './keras-params.ts';

describe('parameter counts match Keras', () => {
  it.each(KERAS_PARAMS)('$what: $total', (k) => {
    const inputs = k.inputs.map((i) => ('shape' in i ? batch(i.shape, i.dtype) : batch(i)));
    const p = params(k.layer, inputs, k.given);
    expect(p.total).toBe(k.total);
    expect(p.nonTrainable).toBe(k.nonTrainable ?? 0);
  });

  it.each([
    [1, 1],
    [4, 3],
    [16, 8],
    [64, 32],
    [128, 300],
  ])('GRU(%i) on %i features: 3·(u·(d+u)+2u) with reset_after, 3·(u·(d+u)+u) without', (u, d) => {
    expect(params('GRU', [batch([10, d])], { units: u }).total).toBe(3 * (u * (d + u) + 2 * u));
    expect(params('GRU', [batch([10, d])], { units: u, reset_after: false }).total).toBe(3 * (u * (d + u) + u));
  });

  it('SimpleRNN(5) on 3 features has 5·(3+5)+5 = 45', () => {
    expect(params('SimpleRNN', [batch([7, 3])], { units: 5 }).total).toBe(45);
  });

  it('LSTM on d features: 4·(u·(d+u)+u)', () => {
    for (const [u, d] of [[32, 128], [256, 128], [50, 1]] as const) {
      expect(params('LSTM', [batch([null, d])], { units: u }).total).toBe(4 * (u * (d + u) + u));
    }
  });

  it('use_bias=false removes the bias', () => {
    expect(params('Dense', [batch([128])], { units: 1, use_bias: false }).total).toBe(128);
    expect(params('LSTM', [batch([5, 1])], { units: 1, use_bias: false }).total).toBe(8);
    expect(params('Conv1D', [batch([20, 8])], { filters: 32, kernel_size: 3, use_bias: false }).total).toBe(768);
  });

  it('LayerNormalization with rms_scaling has gamma only: 64 on 64 features', () => {
    expect(params('LayerNormalization', [batch([10, 64])], { rms_scaling: true }).total).toBe(64);
  });

  it('Conv1D with groups divides the kernel’s input channels', () => {
    // kernel (3, 8 / 2, 32) + bias 32
    expect(params('Conv1D', [batch([20, 8])], { filters: 32, kernel_size: 3, groups: 2 }).total).toBe(3 * 4 * 32 + 32);
  });
});

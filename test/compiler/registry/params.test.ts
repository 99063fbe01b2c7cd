// Parameter counts against Keras's known figures, computed the way the checker does:
// inferShape, then weights, then paramCount.

import { describe, expect, it } from 'vitest';
import { batch, inner, params } from './helpers.ts';

describe('parameter counts match Keras', () => {
  it('LSTM(1) on (5, 1) has 12', () => {
    expect(params('LSTM', [batch([5, 1])], { units: 1 }).total).toBe(12);
  });

  it('Bidirectional(LSTM(64)) on (T, 128) has 98,816', () => {
    expect(params('Bidirectional', [batch([null, 128])], { layer: inner('LSTM', { units: 64 }) }).total).toBe(98_816);
  });

  it('Dense(1) on 128 features has 129', () => {
    expect(params('Dense', [batch([128])], { units: 1 }).total).toBe(129);
  });

  it('Embedding(20000, 128) has 2,560,000', () => {
    expect(params('Embedding', [batch([null], 'int32')], { input_dim: 20000, output_dim: 128 }).total).toBe(2_560_000);
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

  it('SimpleRNN(100) on 1 feature has 10,200', () => {
    expect(params('SimpleRNN', [batch([null, 1])], { units: 100 }).total).toBe(10_200);
  });

  it('BatchNormalization on 64 features: 256 in all, 128 non-trainable', () => {
    const p = params('BatchNormalization', [batch([64])]);
    expect(p.total).toBe(256);
    expect(p.nonTrainable).toBe(128);
  });

  it('Conv1D(32, 3) on 8 features has 800', () => {
    expect(params('Conv1D', [batch([20, 8])], { filters: 32, kernel_size: 3 }).total).toBe(800);
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

  it('TimeDistributed(Dense(1)) has the inner layer’s parameters', () => {
    expect(params('TimeDistributed', [batch([10, 64])], { layer: inner('Dense', { units: 1 }) }).total).toBe(65);
  });

  it('LayerNormalization on 64 features has 128', () => {
    expect(params('LayerNormalization', [batch([10, 64])]).total).toBe(128);
    expect(params('LayerNormalization', [batch([10, 64])], { rms_scaling: true }).total).toBe(64);
  });

  it('Conv1D with groups divides the kernel’s input channels', () => {
    // kernel (3, 8 / 2, 32) + bias 32
    expect(params('Conv1D', [batch([20, 8])], { filters: 32, kernel_size: 3, groups: 2 }).total).toBe(3 * 4 * 32 + 32);
  });
});

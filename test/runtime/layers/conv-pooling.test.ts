// Conv1D and the 1-D poolings against tfjs-layers with identical weights, on the cpu backend:
// WASM has no Conv2DBackpropFilter, and its MaxPoolGrad drops gradients when there is more
// than one channel. Dilated and grouped convolutions (which tfjs cannot differentiate or
// does not have) and masked global average pooling against float64 references with finite
// differences; padded average pooling and the tie rules of max pooling in closed form.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { data, defaultDy, expectClose, finiteDifferences, layer, normalData, runKernel, tflReference, weightsFor } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('Conv1D', () => {
  const cases = [
    { call: 'Conv1D(4, 3, input=(9, 2))', ref: { filters: 4, kernelSize: 3 } },
    { call: 'Conv1D(3, 3, padding=same, activation=relu, input=(8, 2))', ref: { filters: 3, kernelSize: 3, padding: 'same' as const, activation: 'relu' as const } },
    { call: 'Conv1D(2, 4, padding=same, input=(7, 3))', ref: { filters: 2, kernelSize: 4, padding: 'same' as const } },
    { call: 'Conv1D(2, 3, strides=2, input=(10, 3))', ref: { filters: 2, kernelSize: 3, strides: 2 } },
    { call: 'Conv1D(2, 3, strides=3, padding=same, use_bias=false, input=(10, 2))', ref: { filters: 2, kernelSize: 3, strides: 3, padding: 'same' as const, useBias: false } },
  ];
  for (const c of cases) {
    it(`matches tfjs-layers: ${c.call}`, async () => {
      const rng = new Rng(21);
      const l = layer(c.call);
      const type = l.inputTypes[0]!;
      const x = normalData(rng, [2, ...(type.kind === 'tensor' ? type.shape.slice(1) : [])] as number[]);
      const weights = weightsFor(l, rng);
      const ours = runKernel(l, { inputs: [x], weights });
      const ref = await tflReference(() => tfl.layers.conv1d(c.ref), { inputs: [x], weights, dy: defaultDy(ours.outputs[0]!.shape), backend: 'cpu' });
      expectClose(ours.outputs[0], ref.output);
      expectClose(ours.dInputs[0], ref.dInputs[0]!);
      ours.dWeights.forEach((g, i) => expectClose(g, ref.dWeights[i]!));
      const out = l.outputTypes[0]!;
      expect(out.kind === 'tensor' && [2, ...out.shape.slice(1)]).toEqual([...ours.outputs[0]!.shape]);
    });
  }

  // tfjs cannot differentiate a dilated convolution and has neither groups nor causal padding
  // in conv1d: a float64 reference.
  const direct = [
    { call: 'Conv1D(4, 2, groups=2, padding=causal, input=(5, 6))', groups: 2, dilation: 1, strides: 1, causal: true },
    { call: 'Conv1D(3, 2, padding=causal, dilation_rate=2, input=(7, 2))', groups: 1, dilation: 2, strides: 1, causal: true },
    { call: 'Conv1D(2, 3, dilation_rate=3, input=(12, 2))', groups: 1, dilation: 3, strides: 1, causal: false },
    { call: 'Conv1D(6, 3, groups=3, strides=2, input=(9, 3))', groups: 3, dilation: 1, strides: 2, causal: false },
    { call: 'Conv1D(2, 3, padding=causal, strides=2, input=(8, 2))', groups: 1, dilation: 1, strides: 2, causal: true },
  ];
  for (const c of direct) {
    it(`matches a float64 reference with finite differences: ${c.call}`, () => {
      const rng = new Rng(4);
      const l = layer(c.call);
      const type = l.inputTypes[0]!;
      const [T, C] = (type.kind === 'tensor' ? type.shape.slice(1) : []) as number[];
      const out = l.outputTypes[0]!;
      const [T2, F] = (out.kind === 'tensor' ? out.shape.slice(1) : []) as number[];
      const B = 2;
      const x = normalData(rng, [B, T!, C!]);
      const [kernel, bias] = weightsFor(l, rng);
      const [K, Cg] = kernel!.shape as number[];
      expect(Cg).toBe(C! / c.groups);
      const Fg = F! / c.groups;
      const padLeft = c.causal ? c.dilation * (K! - 1) : 0;
      // y[b,t,f] = bias[f] + Σ_j Σ_c x[b, t·s + j·d - padLeft, group(f)·C/G + c] · kernel[j, c, f]
      const forward = ([xs, ks, bs]: Float64Array[]) => {
        const y = new Float64Array(B * T2! * F!);
        for (let b = 0; b < B; b++)
          for (let t = 0; t < T2!; t++)
            for (let f = 0; f < F!; f++) {
              const g = Math.floor(f / Fg);
              let s = bs![f]!;
              for (let j = 0; j < K!; j++) {
                const src = t * c.strides + j * c.dilation - padLeft;
                if (src < 0) continue;
                for (let ch = 0; ch < Cg!; ch++) s += xs![(b * T! + src) * C! + g * Cg! + ch]! * ks![(j * Cg! + ch) * F! + f]!;
              }
              y[(b * T2! + t) * F! + f] = s;
            }
        return y;
      };
      const ours = runKernel(l, { inputs: [x], weights: [kernel!, bias!] });
      const all = [x, kernel!, bias!];
      expectClose(ours.outputs[0]!.values, forward(all.map((d) => Float64Array.from(d.values))));
      const [dx, dk, db] = finiteDifferences(forward, all, defaultDy([B, T2!, F!]));
      expectClose(ours.dInputs[0]!.values, dx!, 1e-4);
      expectClose(ours.dWeights[0]!.values, dk!, 1e-4);
      expectClose(ours.dWeights[1]!.values, db!, 1e-4);
    });
  }
});

describe('MaxPooling1D and AveragePooling1D', () => {
  const cases = [
    { args: '', ref: {} },
    { args: '3', ref: { poolSize: 3 } },
    { args: '3, strides=1', ref: { poolSize: 3, strides: 1 } },
    { args: '2, padding=same', ref: { poolSize: 2, padding: 'same' as const } },
    { args: '4, strides=3, padding=same', ref: { poolSize: 4, strides: 3, padding: 'same' as const } },
  ];
  for (const kind of ['MaxPooling1D', 'AveragePooling1D'] as const) {
    for (const c of cases) {
      it(`matches tfjs-layers: ${kind}(${c.args})`, async () => {
        const l = layer(`${kind}(${c.args}${c.args ? ', ' : ''}input=(7, 3))`);
        const x = normalData(new Rng(9), [2, 7, 3]);
        const ours = runKernel(l, { inputs: [x] });
        const build = () => (kind === 'MaxPooling1D' ? tfl.layers.maxPooling1d(c.ref) : tfl.layers.averagePooling1d(c.ref));
        const ref = await tflReference(build, { inputs: [x], weights: [], dy: defaultDy(ours.outputs[0]!.shape), backend: 'cpu' });
        expectClose(ours.outputs[0], ref.output);
        // tfjs's AvgPoolGrad divides by the whole pool size even where its forward pass averaged
        // fewer real steps; the padded case's gradient is checked in closed form below.
        if (!(kind === 'AveragePooling1D' && c.args.includes('same'))) expectClose(ours.dInputs[0], ref.dInputs[0]!);
        expect(ours.masks).toEqual([null]);
      });
    }
  }

  it('averages only the real steps of a padded window (TensorFlow SAME average pooling)', () => {
    // T=5, pool 4, strides 2, same: 3 windows, padding 1 left and 2 right (total (3-1)·2+4-5 = 3).
    const l = layer('AveragePooling1D(4, strides=2, padding=same, input=(5, 1))');
    const ours = runKernel(l, { inputs: [data([1, 5, 1], [1, 2, 3, 4, 5])], dOutputs: [data([1, 3, 1], [1, 10, 100])] });
    expectClose(ours.outputs[0]!.values, [(1 + 2 + 3) / 3, (2 + 3 + 4 + 5) / 4, (4 + 5) / 2]);
    // Windows {x0, x1, x2}, {x1, x2, x3, x4}, {x3, x4}: each step gets dy / count of each window it is in.
    expectClose(ours.dInputs[0]!.values, [1 / 3, 1 / 3 + 10 / 4, 1 / 3 + 10 / 4, 10 / 4 + 100 / 2, 10 / 4 + 100 / 2]);
  });

  it('sends a tied maximum’s gradient to the first tap only', () => {
    const l = layer('MaxPooling1D(3, strides=1, input=(4, 1))');
    const ours = runKernel(l, { inputs: [data([1, 4, 1], [2, 2, 1, 2])], dOutputs: [data([1, 2, 1], [1, 10])] });
    expect([...ours.outputs[0]!.values]).toEqual([2, 2]);
    expect([...ours.dInputs[0]!.values]).toEqual([1, 10, 0, 0]);
  });
});

describe('global poolings', () => {
  for (const kind of ['GlobalAveragePooling1D', 'GlobalMaxPooling1D'] as const) {
    it(`matches tfjs-layers: ${kind}, and keepdims keeps the step axis`, async () => {
      const x = normalData(new Rng(13), [3, 5, 4]);
      const ours = runKernel(layer(`${kind}(input=(5, 4))`), { inputs: [x] });
      const build = () => (kind === 'GlobalMaxPooling1D' ? tfl.layers.globalMaxPooling1d({}) : tfl.layers.globalAveragePooling1d({}));
      const ref = await tflReference(build, { inputs: [x], weights: [], dy: defaultDy([3, 4]) });
      expectClose(ours.outputs[0], ref.output);
      expectClose(ours.dInputs[0], ref.dInputs[0]!);
      const kept = runKernel(layer(`${kind}(keepdims=true, input=(5, 4))`), { inputs: [x], dOutputs: [{ ...defaultDy([3, 4]), shape: [3, 1, 4] }] });
      expect([...kept.outputs[0]!.shape]).toEqual([3, 1, 4]);
      expectClose(kept.outputs[0]!.values, ref.output.values);
      expectClose(kept.dInputs[0], ref.dInputs[0]!);
    });
  }

  it('GlobalMaxPooling1D shares a tied maximum’s gradient equally (tf.reduce_max)', () => {
    const ours = runKernel(layer('GlobalMaxPooling1D(input=(3, 1))'), { inputs: [data([1, 3, 1], [4, 1, 4])], dOutputs: [data([1, 1], [6])] });
    expect([...ours.dInputs[0]!.values]).toEqual([3, 0, 3]);
  });

  it('GlobalAveragePooling1D averages the unmasked steps only and consumes the mask', () => {
    const l = layer('GlobalAveragePooling1D(input=(4, 2))');
    const x = normalData(new Rng(2), [2, 4, 2]);
    const mask = data([2, 4], [1, 1, 0, 0, 1, 0, 1, 1]);
    // y[b,f] = Σ_t m[b,t]·x[b,t,f] / Σ_t m[b,t], in float64.
    const forward = ([xs]: Float64Array[]) => {
      const y = new Float64Array(4);
      for (let b = 0; b < 2; b++) {
        let n = 0;
        for (let t = 0; t < 4; t++) n += mask.values[b * 4 + t]!;
        for (let f = 0; f < 2; f++) {
          let s = 0;
          for (let t = 0; t < 4; t++) s += mask.values[b * 4 + t]! * xs![(b * 4 + t) * 2 + f]!;
          y[b * 2 + f] = s / n;
        }
      }
      return y;
    };
    const ours = runKernel(l, { inputs: [x], masks: [mask] });
    expectClose(ours.outputs[0]!.values, forward([Float64Array.from(x.values)]));
    expectClose(ours.dInputs[0]!.values, finiteDifferences(forward, [x], defaultDy([2, 2]))[0]!, 1e-4);
    expect(ours.masks).toEqual([null]);
  });
});

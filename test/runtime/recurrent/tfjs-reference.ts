// TensorFlow.js Layers as an independent reference: the same call as a kernel test, run through
// a tfjs-layers layer given identical weights, with gradients from tfjs's autodiff
// (tfl.variableGrads). It shares the engine and WASM backend with rnnc's tfjs-core.
//
// Where tfjs-layers differs from Keras 3 the tests do not use it: it rejects GRU
// reset_after=true; its masked steps repeat the previous *state* h (Keras repeats the previous
// output, zeros before the first real step), which agrees only with zero initial states; and it
// has no zero_output_for_mask, which Keras's Bidirectional forces on.

import * as tfl from '@tensorflow/tfjs';
import type { Vec } from './reference.ts';

export interface TfjsCall {
  readonly x: Vec;
  readonly shape: readonly [number, number, number];
  readonly mask?: Vec | null;
  readonly weights: readonly Vec[];
  readonly initialState?: readonly Vec[];
  /** The loss is Σ_i Σ(output_i ⊙ dOutputs_i); null entries contribute nothing. */
  readonly dOutputs: readonly (Vec | null)[];
}

export interface TfjsRun {
  readonly outputs: Vec[];
  readonly dx: Vec;
  readonly dWeights: Vec[];
  readonly dInitialState: Vec[];
}

const toVec = (t: tfl.Tensor): Vec => Array.from(t.dataSync());

export function runTfjs(layer: tfl.layers.Layer, c: TfjsCall): TfjsRun {
  const [batch, time] = c.shape;
  let result: TfjsRun | null = null;
  tfl.tidy(() => {
    const x = tfl.variable(tfl.tensor3d(c.x, [...c.shape]));
    const init = c.initialState?.map((s) => tfl.variable(tfl.tensor2d(s, [batch, s.length / batch])));
    const mask = c.mask ? tfl.cast(tfl.tensor2d(c.mask, [batch, time]), 'bool') : null;
    const apply = () => {
      // Fresh kwargs each call: tfjs's Bidirectional.call overwrites kwargs.initialState.
      const kwargs: Record<string, unknown> = {};
      if (mask) kwargs['mask'] = mask;
      if (init) kwargs['initialState'] = [...init];
      const out = layer.apply(x, kwargs) as tfl.Tensor | tfl.Tensor[];
      return Array.isArray(out) ? out : [out];
    };
    apply(); // builds the layer, so its weights exist
    layer.setWeights(layer.getWeights().map((w, i) => tfl.tensor(c.weights[i]!, w.shape)));
    const trainables = layer.trainableWeights.map((w) => (w as unknown as { read(): tfl.Variable }).read());
    const vars = [x, ...(init ?? []), ...trainables];
    const loss = () =>
      tfl.addN(
        apply().flatMap((o, i) => {
          const d = c.dOutputs[i];
          return d ? [tfl.sum(tfl.mul(o, tfl.tensor(d, o.shape)))] : [];
        }),
      ) as tfl.Scalar;
    const { grads } = tfl.variableGrads(loss, vars);
    const grad = (v: tfl.Variable) => toVec(grads[v.name]!);
    result = {
      outputs: apply().map(toVec),
      dx: grad(x),
      dWeights: trainables.map(grad),
      dInitialState: (init ?? []).map(grad),
    };
    vars.slice(0, 1 + (init?.length ?? 0)).forEach((v) => v.dispose());
    layer.dispose();
  });
  return result!;
}

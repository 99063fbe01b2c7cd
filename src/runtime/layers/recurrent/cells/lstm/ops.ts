// LSTM (keras/src/layers/rnn/lstm.py, LSTMCell.call), gates in Keras's order i, f, c, o:
//   z = x_t·W + b + h_{t-1}·U,  [z_i, z_f, z_c, z_o] = split(z, 4)
//   i = σ(z_i), f = σ(z_f), g = act(z_c), o = σ(z_o)    (σ: recurrent_activation)
//   c_t = f·c_{t-1} + i·g,  h_t = o·act(c_t)
// With recurrent_dropout each gate's h_{t-1} has its own mask (implementation 1); the math per
// block is the same, so GateProjection handles it.
//
// This is the cell's step in tfjs ops, for the plain-op path (../../ops/run.ts); step.ts is the
// same step as rnnc's kernels, and plan.ts runs those on the fused path (../../choose.ts picks).

import { tf, type Tensor } from '../../../../tf.ts';
import type { Cell, CellWeights, OpsConfig, StepCache } from '../../ops/cell.ts';
import { GateProjection } from '../../ops/projection.ts';

interface LstmCache extends StepCache {
  readonly cPrev: Tensor;
  /** Pre-activations, then activations, of the four gates. */
  readonly zi: Tensor;
  readonly zf: Tensor;
  readonly zc: Tensor;
  readonly zo: Tensor;
  readonly i: Tensor;
  readonly f: Tensor;
  readonly g: Tensor;
  readonly o: Tensor;
  readonly c: Tensor;
  /** act(c_t). */
  readonly ac: Tensor;
}

export function lstmCell(cfg: OpsConfig, w: CellWeights, recurrentMasks: readonly Tensor[]): Cell<LstmCache> {
  const act = cfg.activation;
  const gate = cfg.recurrentActivation;
  const rec = new GateProjection(w.recurrentKernel, recurrentMasks);
  return {
    inputBias: w.bias,
    biasGrad: (dInputBias) => dInputBias,
    step(xw, [hPrev, cPrev]) {
      const recIn = rec.operands(hPrev!);
      const z = tf.add(xw, rec.forward(recIn));
      const [zi, zf, zc, zo] = tf.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
      const i = gate.forward(zi);
      const f = gate.forward(zf);
      const g = act.forward(zc);
      const o = gate.forward(zo);
      const c = tf.add(tf.mul(f, cPrev!), tf.mul(i, g));
      const ac = act.forward(c);
      const h = tf.mul(o, ac);
      return { states: [h, c], cache: { recIn, cPrev: cPrev!, zi, zf, zc, zo, i, f, g, o, c, ac } };
    },
    backStep(k, [dh, dcNext]) {
      const dzo = gate.backward(k.zo, k.o, tf.mul(dh!, k.ac));
      const dc = tf.add(dcNext!, act.backward(k.c, k.ac, tf.mul(dh!, k.o)));
      const dzi = gate.backward(k.zi, k.i, tf.mul(dc, k.g));
      const dzf = gate.backward(k.zf, k.f, tf.mul(dc, k.cPrev));
      const dzc = act.backward(k.zc, k.g, tf.mul(dc, k.i));
      const dz = tf.concat([dzi, dzf, dzc, dzo], 1);
      const { dBlocks, dx } = rec.backward(dz);
      return { dxw: dz, dRec: dBlocks, dStates: [dx, tf.mul(dc, k.f)] };
    },
  };
}

// SimpleRNN (keras/src/layers/rnn/simple_rnn.py, SimpleRNNCell.call):
//   h_t = activation(x_t·W + b + h_{t-1}·U), with dropout masks on x_t and h_{t-1}.
//
// This is the cell's step in tfjs ops, for the plain-op path (../../ops/run.ts); step.ts is the
// same step as rnnc's kernels, and plan.ts runs those on the fused path (../../choose.ts picks).

import { tf, type Tensor } from '../../../../tf.ts';
import type { Cell, CellWeights, OpsConfig, StepCache } from '../../ops/cell.ts';
import { GateProjection } from '../../ops/projection.ts';

interface SimpleRnnCache extends StepCache {
  readonly pre: Tensor;
  readonly h: Tensor;
}

export function simpleRnnCell(cfg: OpsConfig, w: CellWeights, recurrentMasks: readonly Tensor[]): Cell<SimpleRnnCache> {
  const act = cfg.activation;
  const rec = new GateProjection(w.recurrentKernel, recurrentMasks);
  return {
    inputBias: w.bias,
    biasGrad: (dInputBias) => dInputBias,
    step(xw, [hPrev]) {
      const recIn = rec.operands(hPrev!);
      const pre = tf.add(xw, rec.forward(recIn));
      const h = act.forward(pre);
      return { states: [h], cache: { recIn, pre, h } };
    },
    backStep(k, [dh]) {
      const dPre = act.backward(k.pre, k.h, dh!);
      const { dBlocks, dx } = rec.backward(dPre);
      return { dxw: dPre, dRec: dBlocks, dStates: [dx] };
    },
  };
}

// The elementwise work of one SimpleRNN step (keras/src/layers/rnn/simple_rnn.py):
//   h_t = act(xw_t + h_{t−1}·U)
// Workspaces as in ../lstm/step.ts: `pre` [T·B, H] holds the projection, then h_t before masking, then the
// pre-activation gradient; `at` gets h_{t−1}; `carry` [1, B, H] the part of dh that skips the cell.

import type { tf } from '../../../../tf.ts';
import type { Memory } from '../../../../kernels/heap.ts';
import { infos, kernel, type TensorsOf } from '../../../../kernels/registry.ts';
import { activateRange, derivative } from '../../../../kernels/pointwise.ts';
import { timeIndex } from '../../../../kernels/sequence-layout.ts';
import { addOutputGrad, addRow, writeOutput, type RowAttrs, type StepAttrs } from '../../../../kernels/step.ts';

type Info = tf.TensorInfo;

export interface SimpleRnnForwardInputs {
  readonly hU: Info;
  readonly hPrev: Info;
  readonly pre: Info;
  readonly out: Info;
  readonly at: Info;
  readonly mask?: Info;
  readonly bias?: Info;
}

export function simpleRnnForward(mem: Memory, ins: SimpleRnnForwardInputs, a: RowAttrs): Info {
  const [batch, units] = ins.hPrev.shape as [number, number];
  const hInfo = mem.alloc([batch, units]);
  const h = mem.view(hInfo);
  const hu = mem.view(ins.hU);
  const hp = mem.view(ins.hPrev);
  const pre = mem.view(ins.pre);
  const at = mem.view(ins.at);
  const mask = ins.mask ? mem.view(ins.mask) : null;
  const bias = ins.bias ? mem.view(ins.bias) : null;
  const { t, time } = a;
  for (let b = 0; b < batch; b++) {
    const r = (t * batch + b) * units;
    const hr = b * units;
    at.set(hp.subarray(hr, hr + units), (t * batch + b) * a.rowWidth + a.hRow);
    if (mask && mask[b * time + timeIndex(t, time, a.reverse)] === 0) {
      h.set(hp.subarray(hr, hr + units), hr);
      continue;
    }
    addRow(pre, r, hu, hr, bias, 0, units);
    activateRange(pre, r, r + units, a.act);
    h.set(pre.subarray(r, r + units), hr);
  }
  writeOutput(mem.view(ins.out), h, mask, batch, units, a);
  return hInfo;
}

export interface SimpleRnnBackwardInputs {
  readonly dhRec?: Info;
  readonly carry: Info;
  readonly pre: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

/** Returns d(pre-activation) [B, H], also written over the step's rows of `pre`. */
export function simpleRnnBackward(mem: Memory, ins: SimpleRnnBackwardInputs, a: StepAttrs): Info {
  const [, batch, units] = ins.carry.shape as [number, number, number];
  const dInfo = mem.alloc([batch, units]);
  const d = mem.view(dInfo);
  const dh = mem.view(ins.carry);
  const pre = mem.view(ins.pre);
  const dhRec = ins.dhRec ? mem.view(ins.dhRec) : null;
  const mask = ins.mask ? mem.view(ins.mask) : null;
  const { t, time } = a;
  if (dhRec) for (let k = 0; k < batch * units; k++) dh[k] = dh[k]! + dhRec[k]!;
  addOutputGrad(dh, ins.dOut ? mem.view(ins.dOut) : null, mask, batch, units, a);
  for (let b = 0; b < batch; b++) {
    const r = (t * batch + b) * units;
    const hr = b * units;
    if (mask && mask[b * time + timeIndex(t, time, a.reverse)] === 0) {
      d.fill(0, hr, hr + units);
      pre.fill(0, r, r + units);
      continue;
    }
    for (let j = 0; j < units; j++) {
      const v = dh[hr + j]! * derivative(a.act, pre[r + j]!);
      d[hr + j] = v;
      pre[r + j] = v;
      dh[hr + j] = 0;
    }
  }
  return dInfo;
}

/** One step forward as one kernel (the simpleRnnSteps plan). */
export const simpleRnnForwardStep = kernel<TensorsOf<SimpleRnnForwardInputs>, RowAttrs>('RnncSimpleRnnForward', (mem, ins, a) => simpleRnnForward(mem, infos(ins), a));
/** One step backward as one kernel. */
export const simpleRnnBackwardStep = kernel<TensorsOf<SimpleRnnBackwardInputs>, StepAttrs>('RnncSimpleRnnBackward', (mem, ins, a) => simpleRnnBackward(mem, infos(ins), a));

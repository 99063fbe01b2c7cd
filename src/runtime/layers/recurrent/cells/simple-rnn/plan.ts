// SimpleRNN's fused plans: fused/plan.ts's single-GEMM plan around one kernel per step (step.ts;
// simpleRnnSteps, the cpu backend) or the whole sequence as one kernel each way (sequence.ts;
// simpleRnnSequence, wasm), its workspace `pre` [T·B, H] being the plan's gates buffer.

import { singleGemmPlan, stepAttrs, stepLoop, type Context, type Plan, type SingleLoop } from '../../fused/plan.ts';
import { simpleRnnSequenceBackRun, simpleRnnSequenceRun } from './sequence.ts';
import { simpleRnnBackwardStep, simpleRnnForwardStep } from './step.ts';

const steps = (c: Context): SingleLoop => {
  const { time, features: F, cfg, mask, out } = c;
  return stepLoop(c, {
    forward: (t, hU, h, { gates: pre, at, rowWidth, bias }) => simpleRnnForwardStep({ hU, hPrev: h, pre, out, at, mask, bias }, { ...stepAttrs(cfg, t, time), rowWidth, hRow: F }),
    backward: (t, dhRec, { carry, gates: pre, dOut }) => simpleRnnBackwardStep({ dhRec, carry, pre, dOut, mask }, stepAttrs(cfg, t, time)),
  });
};

const sequence = ({ cfg, time, features: F, mask, out, kernel }: Context): SingleLoop => ({
  forward: (h0, { gates: pre, at, rowWidth, bias, recurrentKernel }) =>
    simpleRnnSequenceRun({ pre, at, out, recurrentKernel, h0: h0 ?? null, mask, bias }, { ...stepAttrs(cfg, 0, time), rowWidth, hRow: F, cells: kernel.forwardCells }),
  backward: (wantInitial, { carry, gates: pre, dOut, recurrentT }) =>
    simpleRnnSequenceBackRun({ pre, carry, recurrentKernelT: recurrentT, dOut, mask }, { ...stepAttrs(cfg, 0, time), initialGrad: wantInitial, cells: kernel.backwardCells }),
});

const simpleRnnPlan = (c: Context, loop: SingleLoop): Plan => singleGemmPlan(c, { slots: 1, states: (h) => [h], release: () => {}, loop });

/** One kernel per step (the cpu backend). */
export const simpleRnnStepsPlan = (c: Context): Plan => simpleRnnPlan(c, steps(c));
/** The whole sequence in one kernel each way (wasm). */
export const simpleRnnSequencePlan = (c: Context): Plan => simpleRnnPlan(c, sequence(c));

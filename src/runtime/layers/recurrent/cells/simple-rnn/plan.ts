// SimpleRNN's fused plan: fused/plan.ts's single-GEMM plan around one kernel per step (step.ts),
// its workspace `pre` [T·B, H] being the plan's gates buffer.

import { singleGemmPlan, stepAttrs, stepLoop, type Context, type Plan } from '../../fused/plan.ts';
import { simpleRnnBackwardStep, simpleRnnForwardStep } from './step.ts';

export function simpleRnnStepsPlan(c: Context): Plan {
  const { time, features: F, cfg, mask, out } = c;
  return singleGemmPlan(c, {
    slots: 1,
    states: (h) => [h],
    release: () => {},
    loop: stepLoop(c, {
      forward: (t, hU, h, { gates: pre, at, rowWidth, bias }) => simpleRnnForwardStep({ hU, hPrev: h, pre, out, at, mask, bias }, { ...stepAttrs(cfg, t, time), rowWidth, hRow: F }),
      backward: (t, dhRec, { carry, gates: pre, dOut }) => simpleRnnBackwardStep({ dhRec, carry, pre, dOut, mask }, stepAttrs(cfg, t, time)),
    }),
  });
}

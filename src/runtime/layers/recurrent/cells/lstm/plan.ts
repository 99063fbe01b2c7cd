// LSTM's fused plans (fused/plan.ts's single-GEMM plan around LSTM's kernels): lstmSteps, one
// kernel per step (step.ts), and lstmSequence, the whole direction as one kernel each way on the
// wasm backend (sequence.ts). choose.ts picks one.
//
// Workspaces besides the plan's: cs [T+1, B, H] holds c_{−1} … c_{T−1}, acs [T, B, H] act(c_t).

import { piecesOf, workspace } from '../../../../kernels/registry.ts';
import { tf, type Tensor } from '../../../../tf.ts';
import { singleGemmPlan, stepAttrs, stepLoop, type Context, type Plan, type SingleLoop } from '../../fused/plan.ts';
import { lstmSequenceBackRun, lstmSequenceRun } from './sequence.ts';
import { lstmBackwardStep, lstmForwardStep } from './step.ts';

type LstmLoop = (c: Context, cs: Tensor, acs: Tensor) => SingleLoop;

function lstmPlan(c: Context, loop: LstmLoop): Plan {
  const { batch, time, units: H } = c;
  const cs = workspace([time + 1, batch, H], [c.initialState[1] ?? null]);
  const acs = workspace([time, batch, H]);
  return singleGemmPlan(c, {
    slots: 2,
    states: (h) => [h, piecesOf(cs, { offsets: [time * batch * H], shapes: [[batch, H]] })[0]!],
    release: () => tf.dispose([cs, acs]),
    loop: loop(c, cs, acs),
  });
}

const steps: LstmLoop = (c, cs, acs) => {
  const { cfg, time, features: F, mask, out } = c;
  return stepLoop(c, {
    forward: (t, hU, h, { gates, at, rowWidth, bias }) =>
      lstmForwardStep({ hU, hPrev: h, gates, cs, acs, out, at, mask, bias }, { ...stepAttrs(cfg, t, time), cPrev: t, cNew: t + 1, rowWidth, hRow: F }),
    backward: (t, dhRec, { carry, gates, dOut }) => lstmBackwardStep({ dhRec, carry, gates, cs, acs, dOut, mask }, stepAttrs(cfg, t, time)),
  });
};

const sequence: LstmLoop = ({ cfg, time, features: F, mask, out, kernel }, cs, acs) => ({
  forward: (h0, { gates, at, rowWidth, bias, recurrentKernel }) =>
    lstmSequenceRun({ gates, cs, acs, out, at, recurrentKernel, h0: h0 ?? null, mask, bias }, { ...stepAttrs(cfg, 0, time), rowWidth, hRow: F, cells: kernel.forwardCells }),
  backward: (wantInitial, { carry, gates, dOut, recurrentT }) =>
    lstmSequenceBackRun(
      { gates, cs, acs, carry, recurrentKernelT: recurrentT, dOut, mask },
      { ...stepAttrs(cfg, 0, time), initialGrad: wantInitial, cells: kernel.backwardCells },
    ),
});

/** One kernel per step (the cpu backend). */
export const lstmStepsPlan = (c: Context): Plan => lstmPlan(c, steps);
/** The whole sequence in one kernel each way (wasm). */
export const lstmSequencePlan = (c: Context): Plan => lstmPlan(c, sequence);

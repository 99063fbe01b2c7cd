// GRU's fused plans in its two variants: reset_after=true, one GEMM h·U per step with both biases
// added by the step, and reset_after=false, two GEMMs per step, (r ⊙ h)·U_h second. Each runs as
// gruSteps, one kernel per step between tfjs GEMMs (step.ts; the cpu backend), or gruSequence, the
// whole direction as one kernel each way (sequence.ts; wasm). choose.ts picks one.

import { joinedColumns, stacked, workspace } from '../../../../kernels/registry.ts';
import { tf, type Tensor } from '../../../../tf.ts';
import { backwardSteps, carryOf, forwardSteps, initialGrads, inputGrad, rowsOf, stepAttrs, weightGrads, type Context, type Plan } from '../../fused/plan.ts';
import { gruAfterSequenceBackRun, gruAfterSequenceRun, gruBeforeSequenceBackRun, gruBeforeSequenceRun } from './sequence.ts';
import { gruBackCandidateStep, gruBackResetStep, gruBackwardStep, gruCandidateStep, gruForwardStep, gruGatesStep } from './step.ts';

/** One kernel per step (the cpu backend). */
export const gruStepsPlan = (c: Context): Plan => (c.cfg.resetAfter ? gruAfterPlan(c, false) : gruBeforePlan(c, false));
/** The whole sequence in one kernel each way (wasm). */
export const gruSequencePlan = (c: Context): Plan => (c.cfg.resetAfter ? gruAfterPlan(c, true) : gruBeforePlan(c, true));

/** reset_after=true: one GEMM h·U per step (the step adds both biases); input and recurrent sides get separate dZ. */
function gruAfterPlan(c: Context, sequence: boolean): Plan {
  const { batch, time, features: F, units: H, cfg } = c;
  const [kernel, recurrentKernel] = c.weights as [Tensor, Tensor];
  const bias = cfg.useBias ? c.weights[2]! : null;
  const gates = tf.matMul(c.xt, kernel);
  const aux = workspace([time * batch, 3 * H]);
  const hWidth = H + (cfg.useBias ? 1 : 0);
  const atH = stacked(c.xt, { width: hWidth, xCol: -1, onesCol: cfg.useBias ? H : -1 });
  const atX = cfg.useBias ? stacked(c.xt, { width: F + 1, xCol: 0, onesCol: F }) : c.xt;
  if (atX !== c.xt) c.xt.dispose();
  const rowAttrs = (t: number) => ({ ...stepAttrs(cfg, t, time), rowWidth: hWidth, hRow: 0 });
  let carry: Tensor;
  let dOut: Tensor | null = null;
  let recurrentT: Tensor;
  return {
    forward: (h0) =>
      sequence
        ? gruAfterSequenceRun({ gates, aux, at: atH, out: c.out, recurrentKernel, h0: h0 ?? null, mask: c.mask, bias }, { ...rowAttrs(0), cells: c.kernel.forwardCells })
        : forwardSteps(c, h0, (t, h) => {
        const hU = tf.matMul(h, recurrentKernel);
        const next = gruForwardStep({ hU, hPrev: h, gates, aux, at: atH, out: c.out, mask: c.mask, bias }, rowAttrs(t));
        hU.dispose();
        return next;
      }),
    states: (h) => [h],
    begin(d, dStates) {
      dOut = d;
      carry = carryOf(c, 1, dStates);
      recurrentT = tf.transpose(recurrentKernel);
    },
    backward: (wantInitial) =>
      sequence
        ? gruAfterSequenceBackRun(
            { gates, aux, at: atH, carry, recurrentKernelT: recurrentT, dOut, mask: c.mask },
            { ...rowAttrs(0), initialGrad: wantInitial, cells: c.kernel.backwardCells },
          )
        : backwardSteps(c, wantInitial, (t, dhRec, wanted) => {
        const d = gruBackwardStep({ dhRec, carry, gates, aux, at: atH, dOut, mask: c.mask }, rowAttrs(t));
        const rec = wanted ? tf.matMul(d, recurrentT) : null;
        d.dispose();
        return rec;
      }),
    finish(dhRec, wantInitial, wantDx) {
      const [dKernel, dInputBias] = rowsOf(weightGrads(atX, gates), cfg.useBias ? [F, 0] : [F]);
      const [dRecurrent, dRecurrentBias] = rowsOf(weightGrads(atH, aux), cfg.useBias ? [H, 0] : [H]);
      aux.dispose();
      const dWeights = [dKernel!, dRecurrent!, ...(cfg.useBias ? [tf.stack([dInputBias!, dRecurrentBias!])] : [])];
      const dxt = inputGrad(gates, kernel, wantDx);
      return { dWeights, dxt, dInitialState: wantInitial ? initialGrads(c, carry, dhRec, 1) : [] };
    },
  };
}

/** reset_after=false: h·U_zr, then (r ⊙ h)·U_h; z, r and the candidate keep separate dZ blocks. */
function gruBeforePlan(c: Context, sequence: boolean): Plan {
  const { time, features: F, units: H, cfg } = c;
  const [kernel, recurrentKernel] = c.weights as [Tensor, Tensor];
  const bias = cfg.useBias ? c.weights[2]! : null;
  const [kernelZr, kernelH] = tf.split(kernel, [2 * H, H], 1) as [Tensor, Tensor];
  const [recurrentZr, recurrentH] = tf.split(recurrentKernel, [2 * H, H], 1) as [Tensor, Tensor];
  const zr = tf.matMul(c.xt, kernelZr);
  const hh = tf.matMul(c.xt, kernelH);
  const rowWidth = F + H + (bias ? 1 : 0);
  const operand = { width: rowWidth, xCol: 0, onesCol: bias ? F + H : -1 };
  const atZr = stacked(c.xt, operand);
  const atH = stacked(c.xt, operand);
  c.xt.dispose();
  const rowAttrs = (t: number) => ({ ...stepAttrs(cfg, t, time), rowWidth, hRow: F });
  let carry: Tensor;
  let dOut: Tensor | null = null;
  let recurrentZrT: Tensor;
  let recurrentHT: Tensor;
  return {
    forward: (h0) =>
      sequence
        ? gruBeforeSequenceRun(
            { zr, hh, atZr, atH, out: c.out, recurrentZr, recurrentH, h0: h0 ?? null, mask: c.mask, bias },
            { ...rowAttrs(0), cells: c.kernel.forwardCells },
          )
        : forwardSteps(c, h0, (t, h) => {
        const hU = tf.matMul(h, recurrentZr);
        const rh = gruGatesStep({ hU, hPrev: h, zr, atZr, atH, mask: c.mask, bias }, rowAttrs(t));
        hU.dispose();
        const hc = tf.matMul(rh, recurrentH);
        rh.dispose();
        const next = gruCandidateStep({ hc, hPrev: h, zr, hh, out: c.out, mask: c.mask, bias }, stepAttrs(cfg, t, time));
        hc.dispose();
        return next;
      }),
    states: (h) => [h],
    begin(d, dStates) {
      dOut = d;
      carry = carryOf(c, 1, dStates);
      recurrentZrT = tf.transpose(recurrentZr);
      recurrentHT = tf.transpose(recurrentH);
    },
    backward: (wantInitial) =>
      sequence
        ? gruBeforeSequenceBackRun(
            { zr, hh, atZr, carry, recurrentZrT, recurrentHT, dOut, mask: c.mask },
            { ...rowAttrs(0), initialGrad: wantInitial, cells: c.kernel.backwardCells },
          )
        : backwardSteps(c, wantInitial, (t, dhRec, wanted) => {
        const dhp = gruBackCandidateStep({ dhRec, carry, zr, hh, atZr, dOut, mask: c.mask }, rowAttrs(t));
        const dRh = tf.matMul(dhp, recurrentHT);
        dhp.dispose();
        const dzr = gruBackResetStep({ dRh, carry, zr, atZr, mask: c.mask }, rowAttrs(t));
        dRh.dispose();
        const rec = wanted ? tf.matMul(dzr, recurrentZrT) : null;
        dzr.dispose();
        return rec;
      }),
    finish(dhRec, wantInitial, wantDx) {
      const dWeights = joinedColumns([weightGrads(atZr, zr), weightGrads(atH, hh)], {
        rowStarts: [0, F, F + H],
        rowCounts: bias ? [F, H, 1] : [F, H],
        shapes: bias ? [[F, 3 * H], [H, 3 * H], [3 * H]] : [[F, 3 * H], [H, 3 * H]],
      });
      const [dxZr, dxH] = [inputGrad(zr, kernelZr, wantDx), inputGrad(hh, kernelH, wantDx)];
      const dxt = dxZr && dxH && tf.add(dxZr, dxH);
      return { dWeights, dxt, dInitialState: wantInitial ? initialGrads(c, carry, dhRec, 1) : [] };
    },
  };
}

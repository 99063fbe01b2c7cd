// GRU (keras/src/layers/rnn/gru.py, GRUCell.call), gates in Keras's order z, r, h:
//   [x_z, x_r, x_h] = split(x_t·W + b_in, 3)
//   z = σ(x_z + h·U_z [+ b_rz]),  r = σ(x_r + h·U_r [+ b_rr])
//   reset_after=true  (Keras 3 default, bias [2, 3u]):  hh = act(x_h + r ⊙ (h·U_h + b_rh))
//   reset_after=false (bias [3u]):                      hh = act(x_h + (r ⊙ h)·U_h)
//   h_t = z ⊙ h_{t-1} + (1 − z) ⊙ hh
// With recurrent_dropout, h_{t-1} gets one mask per gate (implementation 1) before its matmul,
// while the final mix uses the undropped h_{t-1}.
//
// This is the cell's step in tfjs ops, for the plain-op path (../../ops/run.ts); step.ts is the
// same step as rnnc's kernels, and plan.ts runs those on the fused path (../../choose.ts picks).

import { tf, type Tensor } from '../../../../tf.ts';
import type { Activation } from '../../../../activations.ts';
import type { BackStep, Cell, CellWeights, OpsConfig, StepCache } from '../../ops/cell.ts';
import { GateProjection } from '../../ops/projection.ts';

interface GruCache extends StepCache {
  readonly hPrev: Tensor;
  readonly zp: Tensor;
  readonly z: Tensor;
  readonly rp: Tensor;
  readonly r: Tensor;
  readonly hp: Tensor;
  readonly hh: Tensor;
  /** reset_after: h·U_h + b_rh, which r multiplies. reset_before: the dropped h that r multiplies. */
  readonly resetOperand: Tensor;
}

export function gruCell(cfg: OpsConfig, w: CellWeights, recurrentMasks: readonly Tensor[]): Cell<GruCache> {
  return cfg.resetAfter ? resetAfterCell(cfg, w, recurrentMasks) : resetBeforeCell(cfg, w, recurrentMasks);
}

/** The gates' activations and the final mix, shared by both variants. */
function gates(gate: Activation, act: Activation, xw: Tensor, rz: Tensor, rr: Tensor) {
  const [xz, xr, xh] = tf.split(xw, 3, 1) as [Tensor, Tensor, Tensor];
  const zp = tf.add(xz, rz);
  const rp = tf.add(xr, rr);
  return { xh, zp, z: gate.forward(zp), rp, r: gate.forward(rp) };
}

/** h_t = z ⊙ h + (1 − z) ⊙ hh, written as hh + z ⊙ (h − hh). */
const mix = (z: Tensor, hPrev: Tensor, hh: Tensor) => tf.add(hh, tf.mul(z, tf.sub(hPrev, hh)));

/** Backward of mix and of the candidate's activation: d(z pre-act), d(hh pre-act), direct dh. */
function mixBackward(gate: Activation, act: Activation, k: GruCache, dh: Tensor) {
  const dzp = gate.backward(k.zp, k.z, tf.mul(dh, tf.sub(k.hPrev, k.hh)));
  const dhDirect = tf.mul(dh, k.z);
  const dhp = act.backward(k.hp, k.hh, tf.sub(dh, dhDirect));
  return { dzp, dhp, dhDirect };
}

function resetAfterCell(cfg: OpsConfig, w: CellWeights, recurrentMasks: readonly Tensor[]): Cell<GruCache> {
  const { activation: act, recurrentActivation: gate } = cfg;
  const rec = new GateProjection(w.recurrentKernel, recurrentMasks);
  const [inputBias, recurrentBias] = w.bias ? (tf.unstack(w.bias) as [Tensor, Tensor]) : [null, null];
  return {
    inputBias,
    biasGrad: (dInputBias, dRecurrentBias) => tf.stack([dInputBias, dRecurrentBias()]),
    step(xw, [hPrev]) {
      const recIn = rec.operands(hPrev!);
      const projected = rec.forward(recIn);
      const hu = recurrentBias ? tf.add(projected, recurrentBias) : projected;
      const [rz, rr, rh] = tf.split(hu, 3, 1) as [Tensor, Tensor, Tensor];
      const { xh, zp, z, rp, r } = gates(gate, act, xw, rz, rr);
      const hp = tf.add(xh, tf.mul(r, rh));
      const hh = act.forward(hp);
      return { states: [mix(z, hPrev!, hh)], cache: { recIn, hPrev: hPrev!, zp, z, rp, r, hp, hh, resetOperand: rh } };
    },
    backStep(k, [dh]): BackStep {
      const { dzp, dhp, dhDirect } = mixBackward(gate, act, k, dh!);
      const drp = gate.backward(k.rp, k.r, tf.mul(dhp, k.resetOperand));
      const dhu = tf.concat([dzp, drp, tf.mul(dhp, k.r)], 1);
      const { dBlocks, dx } = rec.backward(dhu);
      return { dxw: tf.concat([dzp, drp, dhp], 1), dRec: dBlocks, dStates: [tf.add(dhDirect, dx)] };
    },
  };
}

function resetBeforeCell(cfg: OpsConfig, w: CellWeights, recurrentMasks: readonly Tensor[]): Cell<GruCache> {
  const { activation: act, recurrentActivation: gate, units } = cfg;
  const [uzr, uh] = tf.split(w.recurrentKernel, [2 * units, units], 1) as [Tensor, Tensor];
  // z and r read h (or h ⊙ m_z, h ⊙ m_r); the candidate reads r ⊙ h (or r ⊙ h ⊙ m_h).
  const zr = new GateProjection(uzr, recurrentMasks.slice(0, 2));
  const candidate = new GateProjection(uh, []);
  const candidateMask = recurrentMasks[2] ?? null;
  return {
    inputBias: w.bias,
    biasGrad: (dInputBias) => dInputBias,
    step(xw, [hPrev]) {
      const zrIn = zr.operands(hPrev!);
      const [rz, rr] = tf.split(zr.forward(zrIn), 2, 1) as [Tensor, Tensor];
      const { xh, zp, z, rp, r } = gates(gate, act, xw, rz, rr);
      const hDropped = candidateMask ? tf.mul(hPrev!, candidateMask) : hPrev!;
      const hIn = tf.mul(r, hDropped);
      const hp = tf.add(xh, candidate.forward([hIn]));
      const hh = act.forward(hp);
      const cache = { recIn: [...zrIn, hIn], hPrev: hPrev!, zp, z, rp, r, hp, hh, resetOperand: hDropped };
      return { states: [mix(z, hPrev!, hh)], cache };
    },
    backStep(k, [dh]): BackStep {
      const { dzp, dhp, dhDirect } = mixBackward(gate, act, k, dh!);
      const dhIn = candidate.backward(dhp).dx;
      const drp = gate.backward(k.rp, k.r, tf.mul(dhIn, k.resetOperand));
      const dDropped = tf.mul(dhIn, k.r);
      const dFromCandidate = candidateMask ? tf.mul(dDropped, candidateMask) : dDropped;
      const { dBlocks, dx } = zr.backward(tf.concat([dzp, drp], 1));
      return {
        dxw: tf.concat([dzp, drp, dhp], 1),
        dRec: [...dBlocks, dhp],
        dStates: [tf.addN([dhDirect, dFromCandidate, dx])],
      };
    },
  };
}

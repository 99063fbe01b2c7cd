// What the fused plans (fused.ts, fused-gru.ts) share: a plan's shape, its context, and the pieces
// every cell's plan uses around its kernels.

import { actCode } from '../../kernels/pointwise.ts';
import { piecesOf, transposed, workspace } from '../../kernels/registry.ts';
import { tf, type Tensor } from '../../tf.ts';
import type { RecurrentConfig } from './config.ts';

/** One cell type's workspaces and kernels for one call, forward and backward. */
export interface Plan {
  /** One step forward from h_{t−1}: returns h_t (every intermediate disposed). */
  step(t: number, h: Tensor): Tensor;
  /** Instead of `step`, when the whole sequence runs as one kernel: returns h_{T−1}. */
  forwardAll?(h0: Tensor | undefined): Tensor;
  /** The final states, from the last h. */
  states(h: Tensor): Tensor[];
  /** Before BPTT: the gradients of the output and of the final states. */
  begin(dOut: Tensor | null, dStates: readonly (Tensor | null)[]): void;
  /** One step backward; returns dh_{t−1} through U when `wanted` (it is not at t = 0 without
   *  an initial state), else null. `dhRec` is the previous call's result. */
  backStep(t: number, dhRec: Tensor | null, wanted: boolean): Tensor | null;
  /** Instead of `backStep`: all steps at once; returns dh_{−1}'s recurrent part when wanted. */
  backwardAll?(wanted: boolean): Tensor | null;
  /** After BPTT: the weight gradients in weight order, dx time-major [T·B, F] (null unless
   *  wantDx), and the gradient of the initial states given dh_{−1}'s recurrent part. It frees the
   *  workspaces as it goes: a forward pass supports one backward pass (the trainer's contract). */
  finish(dhRec: Tensor | null, wantInitial: boolean, wantDx: boolean): { dWeights: Tensor[]; dxt: Tensor | null; dInitialState: Tensor[] };
}

export interface Context {
  readonly cfg: RecurrentConfig;
  readonly batch: number;
  readonly time: number;
  readonly features: number;
  readonly units: number;
  readonly weights: readonly Tensor[];
  /** The input, time-major [T·B, F], dropout applied. */
  readonly xt: Tensor;
  readonly mask: Tensor | null;
  readonly out: Tensor;
  readonly initialState: readonly Tensor[];
}

export function stepAttrs(cfg: RecurrentConfig, t: number, time: number) {
  return {
    t,
    time,
    reverse: cfg.goBackwards,
    act: actCode(cfg.activationName)!,
    rec: actCode(cfg.recurrentActivationName) ?? 0,
    zeroOutput: cfg.zeroOutputForMask,
    returnSequences: cfg.returnSequences,
  };
}


/** The rows of a [K, N] tensor as separate tensors: `counts[i]` rows each (0: one row as [N]). */
export function rowsOf(g: Tensor, counts: readonly number[]): Tensor[] {
  const width = g.shape[1]!;
  const offsets: number[] = [];
  let at = 0;
  for (const n of counts) {
    offsets.push(at * width);
    at += Math.max(n, 1);
  }
  return piecesOf(g, { offsets, shapes: counts.map((n) => (n === 0 ? [width] : [n, width])) });
}

/**
 * Aᵀ·dZ, computed as (dZᵀ·A)ᵀ: XNNPACK packs a GEMM's right operand anew for every new tensor, and
 * packing dZ [T·B, gates·H] took 2 of the 5.4 ms of B1's Aᵀ·dZ; A [T·B, K] is a quarter of its
 * size. Both transposes are one pass each (transpose.ts). A and dZᵀ are freed as soon as the GEMM
 * has read them (the backward pass consumes the forward pass's workspaces, see `finish`, so the
 * step's peak memory stays near what BPTT needs); dZ stays for dx.
 */
export function weightGrads(a: Tensor, dz: Tensor): Tensor {
  const dzT = transposed(dz);
  const gT = tf.matMul(dzT, a);
  tf.dispose([dzT, a]);
  const g = transposed(gT);
  gT.dispose();
  return g;
}

/** dZ·Wᵀ when wanted (null otherwise); either way dZ's buffer is freed. */
export function inputGrad(dz: Tensor, kernel: Tensor, wanted: boolean): Tensor | null {
  if (!wanted) {
    dz.dispose();
    return null;
  }
  const dxt = tf.matMul(dz, tf.transpose(kernel));
  dz.dispose();
  return dxt;
}

/** The carried gradients' initial values (dL/d final states), zeros where none flows. */
export const carryOf = (c: Context, slots: number, dStates: readonly (Tensor | null)[]) =>
  workspace([slots, c.batch, c.units], Array.from({ length: slots }, (_, i) => dStates[i] ?? null));

export function initialGrads(c: Context, carry: Tensor, dhRec: Tensor | null, slots: number): Tensor[] {
  const size = c.batch * c.units;
  const parts = piecesOf(carry, {
    offsets: Array.from({ length: slots }, (_, i) => i * size),
    shapes: Array.from({ length: slots }, () => [c.batch, c.units]),
  });
  return [dhRec ? tf.add(parts[0]!, dhRec) : parts[0]!, ...parts.slice(1)];
}

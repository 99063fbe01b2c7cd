// Adam's update of one variable in one pass (keras/src/optimizers/adam.py, update_step):
//   m ← m + (g − m)(1 − β1),  v ← v + (g² − v)(1 − β2),  [v̂ ← max(v̂, v)],
//   w ← w − α·m / (√v (or √v̂) + ε),  α = lr·√(1 − β2^t) / (1 − β1^t)
// The op-by-op rule makes 12 tensors the variable's size and dispatches 12 kernels; this makes the
// three (or four) new values only. For an Embedding's table (B3: 10,000 × 64) that is the
// difference between 31 MB and 8 MB at the peak of a training step. Outputs are new tensors, never
// the inputs overwritten: a weight must change only by `assign` (see heap.ts).

import type { tf } from '../tf.ts';
import type { Memory } from './heap.ts';

type Info = tf.TensorInfo;

export interface AdamAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly alpha: number;
}

export interface AdamInputs {
  readonly variable: Info;
  readonly grad: Info;
  readonly m: Info;
  readonly v: Info;
  /** amsgrad's running maximum of v. */
  readonly vHat?: Info;
}

/** Returns the new variable, m, v (and v̂). */
export function adamUpdate(mem: Memory, ins: AdamInputs, a: AdamAttrs): Info[] {
  const shape = ins.variable.shape;
  const outs = (ins.vHat ? [0, 1, 2, 3] : [0, 1, 2]).map(() => mem.alloc(shape));
  const [w, m, v, vHat] = outs.map((o) => mem.view(o)) as [Float32Array, Float32Array, Float32Array, Float32Array | undefined];
  const w0 = mem.view(ins.variable);
  const g = mem.view(ins.grad);
  const m0 = mem.view(ins.m);
  const v0 = mem.view(ins.v);
  const vHat0 = ins.vHat ? mem.view(ins.vHat) : null;
  const [c1, c2] = [1 - a.beta1, 1 - a.beta2];
  for (let k = 0; k < w0.length; k++) {
    const gk = g[k]!;
    const mk = m0[k]! + (gk - m0[k]!) * c1;
    const vk = v0[k]! + (gk * gk - v0[k]!) * c2;
    let second = vk;
    if (vHat && vHat0) second = vHat[k] = Math.max(vHat0[k]!, vk);
    m[k] = mk;
    v[k] = vk;
    w[k] = w0[k]! - (mk * a.alpha) / (Math.sqrt(second) + a.epsilon);
  }
  return outs;
}

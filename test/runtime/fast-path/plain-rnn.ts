// A plain-op recurrent layer in TensorFlow.js (@tensorflow/tfjs, which registers every gradient),
// written the way Keras's rnn() loop and cells read (keras/src/backend/tensorflow/rnn.py,
// keras/src/layers/rnn/{simple_rnn,lstm,gru}.py): one step at a time, masked steps keeping their
// states by a 0/1 blend, Keras's output rule. It shares no code with rnnc; its gradients come from
// tfjs's autodiff (tfl.grads), which makes it the reference the fused kernels are compared with.

import * as tfl from '@tensorflow/tfjs';

export interface PlainSpec {
  readonly type: 'SimpleRNN' | 'LSTM' | 'GRU';
  readonly units: number;
  readonly activation: string;
  readonly recurrentActivation: string;
  readonly useBias: boolean;
  readonly goBackwards: boolean;
  readonly returnSequences: boolean;
  readonly zeroOutputForMask: boolean;
  readonly resetAfter: boolean;
}

export interface PlainWeights {
  readonly kernel: tfl.Tensor;
  readonly recurrentKernel: tfl.Tensor;
  readonly bias: tfl.Tensor | null;
}

const T = tfl;

function activate(name: string, x: tfl.Tensor): tfl.Tensor {
  switch (name) {
    case 'tanh':
      return T.tanh(x);
    case 'sigmoid':
      return T.sigmoid(x);
    case 'relu':
      return T.relu(x);
    case 'hard_sigmoid':
      return T.div(T.relu6(T.add(x, 3)), 6); // Keras 3
    case 'linear':
      return x;
    default:
      throw new Error(`plain reference: no activation ${name}`);
  }
}

/** One cell step on x_t [B, F] and the states; returns the new states (h first). */
function cell(s: PlainSpec, w: PlainWeights, x: tfl.Tensor, states: readonly tfl.Tensor[]): tfl.Tensor[] {
  const act = (v: tfl.Tensor) => activate(s.activation, v);
  const rec = (v: tfl.Tensor) => activate(s.recurrentActivation, v);
  const h = states[0]!;
  if (s.type === 'SimpleRNN') {
    const z = T.add(T.matMul(x, w.kernel), T.matMul(h, w.recurrentKernel));
    return [act(w.bias ? T.add(z, w.bias) : z)];
  }
  if (s.type === 'LSTM') {
    const zz = T.add(T.matMul(x, w.kernel), T.matMul(h, w.recurrentKernel));
    const z = w.bias ? T.add(zz, w.bias) : zz;
    const [zi, zf, zc, zo] = T.split(z, 4, 1) as [tfl.Tensor, tfl.Tensor, tfl.Tensor, tfl.Tensor];
    const c = T.add(T.mul(rec(zf), states[1]!), T.mul(rec(zi), act(zc)));
    return [T.mul(rec(zo), act(c)), c];
  }
  const [bIn, bRec] = w.bias ? (s.resetAfter ? T.unstack(w.bias) : [w.bias, null]) : [null, null];
  const xw0 = T.matMul(x, w.kernel);
  const [xz, xr, xh] = T.split(bIn ? T.add(xw0, bIn) : xw0, 3, 1) as [tfl.Tensor, tfl.Tensor, tfl.Tensor];
  const [uz, ur, uh] = T.split(w.recurrentKernel, 3, 1) as [tfl.Tensor, tfl.Tensor, tfl.Tensor];
  const [bz, br, bh] = bRec ? (T.split(bRec, 3) as [tfl.Tensor, tfl.Tensor, tfl.Tensor]) : [null, null, null];
  const plus = (a: tfl.Tensor, b: tfl.Tensor | null) => (b ? T.add(a, b) : a);
  const z = rec(T.add(xz, plus(T.matMul(h, uz), bz)));
  const r = rec(T.add(xr, plus(T.matMul(h, ur), br)));
  const candidate = s.resetAfter ? T.mul(r, plus(T.matMul(h, uh), bh)) : T.matMul(T.mul(r, h), uh);
  const hh = act(T.add(xh, candidate));
  return [T.add(T.mul(z, h), T.mul(T.sub(1, z), hh))];
}

export interface PlainRun {
  /** [B, T, H] in processing order with return_sequences, else [B, H]. */
  readonly output: tfl.Tensor;
  readonly states: tfl.Tensor[];
}

/** x [B, T, F]; mask [B, T] of 1/0 or null; initial states (each [B, H]) or zeros. */
export function plainRnn(s: PlainSpec, w: PlainWeights, x: tfl.Tensor, mask: tfl.Tensor | null, initial: readonly tfl.Tensor[] | null): PlainRun {
  const [batch, time, features] = x.shape as [number, number, number];
  const zeros = () => T.zeros([batch, s.units]);
  let states = initial ? [...initial] : Array.from({ length: s.type === 'LSTM' ? 2 : 1 }, zeros);
  // Slices, not unstack: unstack's gradient (stack) rejects the engine's tensors when tfjs and
  // tfjs-core are two copies of the Tensor class in one process.
  const xs = Array.from({ length: time }, (_, t) => T.reshape(T.slice(x, [0, t, 0], [batch, 1, features]), [batch, features]));
  const ms = mask ? Array.from({ length: time }, (_, t) => T.slice(mask, [0, t], [batch, 1])) : null;
  let previous = zeros();
  const outputs: tfl.Tensor[] = [];
  for (let k = 0; k < time; k++) {
    const t = s.goBackwards ? time - 1 - k : k;
    const next = cell(s, w, xs[t]!, states);
    const m = ms?.[t];
    if (m) {
      const keep = T.sub(1, m);
      states = next.map((n, i) => T.add(T.mul(n, m), T.mul(states[i]!, keep)));
      previous = s.zeroOutputForMask ? T.mul(next[0]!, m) : T.add(T.mul(next[0]!, m), T.mul(previous, keep));
    } else {
      states = next;
      previous = next[0]!;
    }
    outputs.push(previous);
  }
  return { output: s.returnSequences ? T.stack(outputs, 1) : outputs[time - 1]!, states };
}

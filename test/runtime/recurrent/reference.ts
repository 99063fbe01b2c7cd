// An independent float64 implementation of Keras 3's recurrent layers, written the way Keras's
// cells read (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py, implementation 1: gate by gate, one
// sample at a time) and its loop (keras/src/backend/tensorflow/rnn.py: masked steps keep the
// states and repeat the previous output, zeros before the first real step, or zeros with
// zero_output_for_mask). It shares no code with the kernels under test. Gradients come from
// central finite differences on it.

export type Vec = number[];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const ACT: Readonly<Record<string, (x: number) => number>> = {
  tanh: Math.tanh,
  sigmoid,
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  hard_sigmoid: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
  softsign: (x) => x / (1 + Math.abs(x)),
};

export interface RefSpec {
  readonly type: 'SimpleRNN' | 'LSTM' | 'GRU';
  readonly units: number;
  readonly activation: string;
  readonly recurrentActivation: string;
  readonly goBackwards: boolean;
  readonly returnSequences: boolean;
  readonly zeroOutputForMask: boolean;
  readonly resetAfter: boolean;
}

export interface RefParams {
  /** [F, G·H] row-major. */
  readonly kernel: Vec;
  /** [H, G·H] row-major. */
  readonly recurrentKernel: Vec;
  /** [G·H], or [2, G·H] for GRU reset_after (input row, then recurrent row); null without bias. */
  readonly bias: Vec | null;
}

export interface RefInputs {
  readonly batch: number;
  readonly time: number;
  readonly features: number;
  /** [B, T, F] row-major. */
  readonly x: Vec;
  /** [B, T] 1/0, or null. */
  readonly mask: Vec | null;
  /** Each [B, H]; null for zeros. */
  readonly initialState: Vec[] | null;
  /** Keras's dropout masks, each [B, F] (input) or [B, H] (recurrent): none, one shared, or one per gate. */
  readonly inputMasks: Vec[];
  readonly recurrentMasks: Vec[];
}

export interface RefResult {
  /** [B, T, H] (processing order) with return_sequences, else [B, H]. */
  readonly output: Vec;
  /** Each [B, H]. */
  readonly states: Vec[];
}

const GATES = { SimpleRNN: 1, LSTM: 4, GRU: 3 } as const;
const STATES = { SimpleRNN: 1, LSTM: 2, GRU: 1 } as const;

/** v · M[:, col0 : col0 + width] for M of `cols` columns. */
function dot(v: Vec, m: Vec, cols: number, col0: number, width: number): Vec {
  const out = new Array<number>(width).fill(0);
  for (let r = 0; r < v.length; r++) {
    const vr = v[r]!;
    for (let j = 0; j < width; j++) out[j]! += vr * m[r * cols + col0 + j]!;
  }
  return out;
}

const add = (...vs: Vec[]) => vs[0]!.map((_, j) => vs.reduce((s, v) => s + v[j]!, 0));
const mul = (a: Vec, b: Vec) => a.map((x, j) => x * b[j]!);
const row = (flat: Vec, r: number, width: number) => flat.slice(r * width, (r + 1) * width);

/** One sample's step. `dm(g)` and `rm(g)` are the dropout masks gate g sees, or null. */
function cellStep(spec: RefSpec, p: RefParams, x: Vec, states: Vec[], dm: (g: number) => Vec | null, rm: (g: number) => Vec | null): Vec[] {
  const H = spec.units;
  const G = GATES[spec.type];
  const act = ACT[spec.activation]!;
  const ract = ACT[spec.recurrentActivation]!;
  const h = states[0]!;
  const masked = (v: Vec, m: Vec | null) => (m ? mul(v, m) : v);
  const inputBias = (g: number): Vec =>
    p.bias ? p.bias.slice(g * H, (g + 1) * H) : new Array<number>(H).fill(0);
  const recurrentBias = (g: number): Vec =>
    p.bias && spec.resetAfter ? p.bias.slice(G * H + g * H, G * H + (g + 1) * H) : new Array<number>(H).fill(0);
  const xg = (g: number) => add(dot(masked(x, dm(g)), p.kernel, G * H, g * H, H), inputBias(g));
  const hg = (g: number, operand: Vec = masked(h, rm(g))) => dot(operand, p.recurrentKernel, G * H, g * H, H);

  if (spec.type === 'SimpleRNN') return [add(xg(0), hg(0)).map(act)];
  if (spec.type === 'LSTM') {
    const c = states[1]!;
    const i = add(xg(0), hg(0)).map(ract);
    const f = add(xg(1), hg(1)).map(ract);
    const g = add(xg(2), hg(2)).map(act);
    const o = add(xg(3), hg(3)).map(ract);
    const cNew = add(mul(f, c), mul(i, g));
    return [mul(o, cNew.map(act)), cNew];
  }
  const z = add(xg(0), hg(0), recurrentBias(0)).map(ract);
  const r = add(xg(1), hg(1), recurrentBias(1)).map(ract);
  const recH = spec.resetAfter ? mul(r, add(hg(2), recurrentBias(2))) : hg(2, mul(r, masked(h, rm(2))));
  const hh = add(xg(2), recH).map(act);
  return [h.map((hj, j) => z[j]! * hj + (1 - z[j]!) * hh[j]!)];
}

export function refRecurrent(spec: RefSpec, p: RefParams, a: RefInputs): RefResult {
  const { batch: B, time: T, features: F } = a;
  const H = spec.units;
  const pickMask = (masks: Vec[], b: number, width: number) => (g: number) =>
    masks.length === 0 ? null : row(masks[masks.length === 1 ? 0 : g]!, b, width);
  const output: Vec = [];
  const finals: Vec[] = Array.from({ length: STATES[spec.type] }, () => []);
  for (let b = 0; b < B; b++) {
    let states = Array.from({ length: STATES[spec.type] }, (_, i) =>
      a.initialState ? row(a.initialState[i]!, b, H) : new Array<number>(H).fill(0),
    );
    let prevOut = new Array<number>(H).fill(0);
    const outs: Vec[] = [];
    for (let s = 0; s < T; s++) {
      const t = spec.goBackwards ? T - 1 - s : s;
      const x = a.x.slice((b * T + t) * F, (b * T + t + 1) * F);
      const next = cellStep(spec, p, x, states, pickMask(a.inputMasks, b, F), pickMask(a.recurrentMasks, b, H));
      const real = !a.mask || a.mask[b * T + t] !== 0;
      let out: Vec;
      if (real) {
        states = next;
        out = next[0]!;
      } else {
        out = spec.zeroOutputForMask ? new Array<number>(H).fill(0) : prevOut;
      }
      prevOut = out;
      outs.push(out);
    }
    if (spec.returnSequences) output.push(...outs.flat());
    else output.push(...outs[T - 1]!);
    states.forEach((st, i) => finals[i]!.push(...st));
  }
  return { output, states: finals };
}

/** Central differences of a scalar function of one parameter vector, in place. */
export function finiteDifferences(values: Vec, loss: () => number, eps = 1e-6): Vec {
  return values.map((v, i) => {
    values[i] = v + eps;
    const up = loss();
    values[i] = v - eps;
    const down = loss();
    values[i] = v;
    return (up - down) / (2 * eps);
  });
}

/** Keras's Bidirectional.call over two reference runs: the backward sequence flipped, merged. */
export function refMerge(mode: string | null, y: Vec, yRev: Vec, rows: number, hf: number, hb: number): Vec[] {
  switch (mode) {
    case 'concat':
      return [Array.from({ length: rows }, (_, r) => [...row(y, r, hf), ...row(yRev, r, hb)]).flat()];
    case 'sum':
      return [y.map((v, i) => v + yRev[i]!)];
    case 'ave':
      return [y.map((v, i) => (v + yRev[i]!) / 2)];
    case 'mul':
      return [y.map((v, i) => v * yRev[i]!)];
    default:
      return [y, yRev];
  }
}

/** A [B, T, H] sequence reversed along time. */
export function flipTime(seq: Vec, batch: number, time: number, width: number): Vec {
  const out: Vec = [];
  for (let b = 0; b < batch; b++) for (let t = time - 1; t >= 0; t--) out.push(...row(seq, b * time + t, width));
  return out;
}

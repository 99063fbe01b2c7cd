// Keras 3's loss functions written out again in float64 JavaScript, straight from the formulas in
// keras/src/losses/losses.py and keras/src/backend/tensorflow/nn.py, one sample (one row of the
// last axis) at a time: the independent reference the runtime's float32 tensors are checked
// against, values directly and gradients by central finite differences.

export const EPS = 1e-7;
/** 1 - epsilon as Keras's float32 tensors hold it: 0.99999988, not 0.9999999. */
export const ONE_MINUS_EPS = Math.fround(1 - EPS);
const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const clipP = (x: number) => clip(x, EPS, ONE_MINUS_EPS);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmax = (x: number[]) => {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  return e.map((v) => v / sum(e));
};
const logSumExp = (x: number[]) => {
  const m = Math.max(...x);
  return m + Math.log(sum(x.map((v) => Math.exp(v - m))));
};

export interface RefArgs {
  from_logits?: boolean;
  label_smoothing?: number;
  delta?: number;
  alpha?: number;
  gamma?: number;
  apply_class_balancing?: boolean;
  ignore_class?: number | null;
}

/** One sample's loss. `t` is a row of targets (a one-element row holding the class id for sparse). */
export type RowLoss = (t: number[], p: number[], a: RefArgs, batch: { allBinary: boolean }) => number;

const bceRow = (s: number, o: number) => -(s * Math.log(o) + (1 - s) * Math.log(1 - o));
const smoothB = (t: number, a: RefArgs) => t * (1 - (a.label_smoothing ?? 0)) + 0.5 * (a.label_smoothing ?? 0);
const smoothC = (t: number[], a: RefArgs) => t.map((v) => v * (1 - (a.label_smoothing ?? 0)) + (a.label_smoothing ?? 0) / t.length);
const unit = (x: number[]) => {
  const inv = Math.min(1 / Math.sqrt(sum(x.map((v) => v * v))), 1 / EPS);
  return x.map((v) => v * inv);
};

export const REFERENCE: Record<string, RowLoss> = {
  mean_squared_error: (t, p) => mean(p.map((v, i) => (t[i]! - v) ** 2)),
  mean_absolute_error: (t, p) => mean(p.map((v, i) => Math.abs(t[i]! - v))),
  mean_absolute_percentage_error: (t, p) => 100 * mean(p.map((v, i) => Math.abs(t[i]! - v) / Math.max(Math.abs(t[i]!), EPS))),
  mean_squared_logarithmic_error: (t, p) => mean(p.map((v, i) => (Math.log(Math.max(v, EPS) + 1) - Math.log(Math.max(t[i]!, EPS) + 1)) ** 2)),
  huber: (t, p, a) => {
    const d = a.delta ?? 1;
    return mean(p.map((v, i) => (Math.abs(v - t[i]!) <= d ? 0.5 * (v - t[i]!) ** 2 : d * Math.abs(v - t[i]!) - 0.5 * d * d)));
  },
  log_cosh: (t, p) => mean(p.map((v, i) => Math.log(Math.cosh(v - t[i]!)))),
  poisson: (t, p) => mean(p.map((v, i) => v - t[i]! * Math.log(v + EPS))),
  hinge: (t, p, _a, b) => mean(p.map((v, i) => Math.max(1 - (b.allBinary ? 2 * t[i]! - 1 : t[i]!) * v, 0))),
  squared_hinge: (t, p, _a, b) => mean(p.map((v, i) => Math.max(1 - (b.allBinary ? 2 * t[i]! - 1 : t[i]!) * v, 0) ** 2)),
  binary_crossentropy: (t, p, a) =>
    mean(p.map((x, i) => (a.from_logits ? bceRow(smoothB(t[i]!, a), sigmoid(x)) : bceRow(smoothB(t[i]!, a), clipP(x))))),
  binary_focal_crossentropy: (t, p, a) =>
    mean(
      p.map((x, i) => {
        const s = smoothB(t[i]!, a);
        const q = a.from_logits ? sigmoid(x) : x;
        const pt = s * q + (1 - s) * (1 - q);
        const w = a.apply_class_balancing ? s * (a.alpha ?? 0.25) + (1 - s) * (1 - (a.alpha ?? 0.25)) : 1;
        return w * (1 - pt) ** (a.gamma ?? 2) * bceRow(s, clipP(q));
      }),
    ),
  categorical_crossentropy: (t, p, a) => {
    const s = smoothC(t, a);
    if (a.from_logits) return sum(s.map((v, i) => v * (logSumExp(p) - p[i]!)));
    const total = sum(p);
    return -sum(s.map((v, i) => v * Math.log(clipP(p[i]! / total))));
  },
  categorical_focal_crossentropy: (t, p, a) => {
    const s = smoothC(t, a);
    const q = a.from_logits ? softmax(p) : p;
    const total = sum(q);
    return sum(
      q.map((v, i) => {
        const o = clipP(v / total);
        return (a.alpha ?? 0.25) * (1 - o) ** (a.gamma ?? 2) * -s[i]! * Math.log(o);
      }),
    );
  },
  sparse_categorical_crossentropy: (t, p, a) => {
    const y = t[0]!;
    if (a.ignore_class != null && y === a.ignore_class) return 0;
    if (a.from_logits) return logSumExp(p) - p[y]!;
    const c = p.map(clipP);
    return -Math.log(c[y]!) + Math.log(sum(c));
  },
  kl_divergence: (t, p) => sum(p.map((v, i) => clip(t[i]!, EPS, 1) * Math.log(clip(t[i]!, EPS, 1) / clip(v, EPS, 1)))),
  categorical_hinge: (t, p) => {
    const pos = sum(p.map((v, i) => v * t[i]!));
    const neg = Math.max(...p.map((v, i) => (1 - t[i]!) * v));
    return Math.max(neg - pos + 1, 0);
  },
  cosine_similarity: (t, p) => {
    const [a, b] = [unit(t), unit(p)];
    return -sum(a.map((v, i) => v * b[i]!));
  },
};

/** Rows of the last axis. */
export function rows(flat: readonly number[], width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += width) out.push(flat.slice(i, i + width));
  return out;
}

/**
 * Keras's reduced loss: the mean of the per-sample values, or with a mask (and ignore_class)
 * sum(values · mask) / sum(mask), 0 when nothing is valid.
 */
export function reduced(name: string, a: RefArgs, t: number[][], p: number[][], mask: number[] | null): number {
  const allBinary = t.every((row) => row.every((v) => v === 0 || v === 1));
  const f = REFERENCE[name]!;
  const values = p.map((row, i) => f(t[i]!, row, a, { allBinary }));
  let weights = mask ?? values.map(() => 1);
  if (name === 'sparse_categorical_crossentropy' && a.ignore_class != null) weights = weights.map((w, i) => (t[i]![0] === a.ignore_class ? 0 : w));
  if (!mask && weights.every((w) => w === 1)) return mean(values);
  const valid = sum(weights);
  return valid === 0 ? 0 : sum(values.map((v, i) => v * weights[i]!)) / valid;
}

/** Central finite differences of `f` at every element of `x`. */
export function finiteDifference(f: (x: number[]) => number, x: readonly number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const up = [...x];
    const down = [...x];
    up[i] = x[i]! + h;
    down[i] = x[i]! - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

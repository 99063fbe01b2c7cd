// Keras 3's losses (keras/src/losses/losses.py, with the TensorFlow backend's crossentropies from
// keras/src/backend/tensorflow/nn.py), each with a hand-written gradient: rnnc does not use tfjs
// autodiff. A loss has two halves, as in Keras:
//   - the loss function: one value per sample (per time step for a sequence output), reducing
//     the last axis — `SampleLoss` below;
//   - the reduction (keras/src/losses/loss.py reduce_weighted_values): "sum_over_batch_size",
//     the sum of the values divided by their number. A mask on the output (Embedding(mask_zero))
//     becomes sample weights through apply_mask, which rescales it by total/valid, so the loss is
//     sum(values · mask) / sum(mask), and 0 when nothing is valid (divide_no_nan).
// Deliberate difference: with the TensorFlow backend Keras fetches the logits hidden behind a
// softmax or sigmoid output (`_keras_logits`) and computes crossentropies from them; rnnc's loss
// sees only the probabilities, so it clips them at epsilon as the JAX and PyTorch backends do.

import type { ConfigValue, FnValue } from '../../compiler/config-value.ts';
import type { TrainConfig } from '../../compiler/ir.ts';
import { LOSSES, defaultArgs } from '../../compiler/vocab/index.ts';
import { lookupIn } from '../../compiler/vocab/vocab.ts';
import { tf, type Tensor } from '../tf.ts';

export interface Loss {
  /** The scalar Keras minimises: the reduced loss over the batch. */
  value(yTrue: Tensor, yPred: Tensor, mask: Tensor | null): Tensor;
  /** d value / d yPred, shaped like yPred. */
  grad(yTrue: Tensor, yPred: Tensor, mask: Tensor | null): Tensor;
}

/** A Keras loss function before reduction. `t` is the target as `targets` aligned it. */
export interface SampleLoss {
  /** Integer class ids (sparse_categorical_crossentropy) rather than values shaped like yPred. */
  readonly sparse: boolean;
  /** One value per sample: yPred's shape without its last axis. */
  values(t: Tensor, p: Tensor): Tensor;
  /** The gradient of sum(dValues · values) with respect to p. */
  backward(t: Tensor, p: Tensor, dValues: Tensor): Tensor;
  /** Positions that count, as Keras's mask on the loss values (ignore_class); null: all. */
  valid?(t: Tensor): Tensor | null;
}

/**
 * Keras's CompileLoss (keras/src/trainers/compile_utils.py): a loss per output, and the weight
 * each output's loss has in the total the optimizer minimises (loss_weights; null: all 1).
 */
export interface CompiledLoss {
  readonly losses: readonly Loss[];
  readonly weights: readonly number[] | null;
}

/** The train block's losses for a model of `outputs` outputs: one given once serves them all. */
export function compileLoss(settings: Pick<TrainConfig, 'loss'> & Partial<Pick<TrainConfig, 'losses' | 'lossWeights'>>, outputs: number): CompiledLoss {
  const given = settings.losses?.length === outputs ? settings.losses : Array.from({ length: outputs }, () => settings.loss);
  // One Loss object per distinct loss: the same FnValue serves every output that shares it.
  const made = new Map<FnValue, Loss>();
  const losses = given.map((fn) => made.get(fn) ?? made.set(fn, makeLoss(fn)).get(fn)!);
  return { losses, weights: settings.lossWeights?.length === outputs ? settings.lossWeights : null };
}

/** keras.backend.epsilon(). */
export const EPSILON = 1e-7;

export function makeLoss(fn: FnValue): Loss {
  const loss = sampleLoss(fn);
  // The weight of each value in the reduced loss: 1/count, or mask/sum(mask).
  const weights = (t: Tensor, shape: number[], mask: Tensor | null): Tensor => {
    const valid = loss.valid?.(t) ?? null;
    if (mask && !sameShape(mask.shape, shape)) {
      throw new Error(`internal: a mask of shape [${mask.shape}] on loss values of shape [${shape}]`);
    }
    const m = mask && valid ? tf.mul(mask, valid) : (mask ?? valid);
    if (m) return tf.mul(m, tf.divNoNan(tf.scalar(1), tf.sum(m)));
    return tf.fill(shape, 1 / Math.max(1, shape.reduce((a, b) => a * b, 1)));
  };
  return {
    value: (yTrue, yPred, mask) =>
      tf.tidy(() => {
        const t = alignTargets(yTrue, yPred, loss.sparse);
        const values = loss.values(t, yPred);
        return tf.sum(tf.mul(values, weights(t, values.shape, mask)));
      }),
    grad: (yTrue, yPred, mask) =>
      tf.tidy(() => {
        const t = alignTargets(yTrue, yPred, loss.sparse);
        return loss.backward(t, yPred, weights(t, yPred.shape.slice(0, -1), mask));
      }),
  };
}

/** The loss function named by a checked loss; arguments missing from `fn` take Keras's defaults. */
export function sampleLoss(fn: FnValue): SampleLoss {
  const entry = lookupIn(LOSSES, fn.name);
  if (!entry) throw new Error(`internal: no loss ${fn.name}`);
  const args: Record<string, ConfigValue> = { ...defaultArgs(entry), ...fn.args };
  const num = (name: string) => args[name] as number;
  const flag = (name: string) => args[name] === true;
  const make = BUILDERS[entry.name];
  if (!make) throw new Error(`internal: the runtime has no loss ${entry.name}`);
  if (typeof args['axis'] === 'number' && args['axis'] !== -1) {
    // Keras allows another class axis; every rnnc output keeps its classes on the last one.
    throw new Error(`${entry.name}(axis=${args['axis']}) is not supported: rnnc reduces the last axis`);
  }
  return make(num, flag, args);
}

/**
 * Keras's squeeze_or_expand_to_same_rank: targets (N,) meet predictions (N, 1). rnnc reshapes the
 * targets to the predictions' shape, which gives the same reduced loss without a mask and the
 * per-step values a mask needs with one. Sparse labels take yPred's shape minus the class axis.
 */
export function alignTargets(yTrue: Tensor, yPred: Tensor, sparse: boolean): Tensor {
  const want = sparse ? yPred.shape.slice(0, -1) : yPred.shape;
  const t = tf.cast(yTrue, sparse ? 'int32' : 'float32');
  if (sameShape(t.shape, want)) return t;
  const squeezed = t.shape[t.rank - 1] === 1 ? t.shape.slice(0, -1) : t.shape;
  const expanded = want[want.length - 1] === 1 ? want.slice(0, -1) : want;
  if (sameShape(squeezed, want) || sameShape(t.shape, expanded)) return tf.reshape(t, want);
  throw new Error(`targets of shape [${yTrue.shape}] do not fit predictions of shape [${yPred.shape}]`);
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const lastDim = (p: Tensor) => p.shape[p.rank - 1] ?? 1;
const asFloat = (b: Tensor) => tf.cast(b, 'float32');
/** dValues under each element of the last axis. */
const under = (dv: Tensor) => tf.expandDims(dv, -1);
const clipProb = (p: Tensor) => tf.clipByValue(p, EPSILON, 1 - EPSILON);
/** Where clip_by_value passes its gradient: lo <= x <= hi. */
const within = (x: Tensor, lo: number, hi: number) => asFloat(tf.logicalAnd(tf.greaterEqual(x, lo), tf.lessEqual(x, hi)));

/** mean(f(t, p), axis=-1), with df = ∂f/∂p elementwise. */
function meanOf(f: (t: Tensor, p: Tensor) => Tensor, df: (t: Tensor, p: Tensor) => Tensor): SampleLoss {
  return {
    sparse: false,
    values: (t, p) => tf.mean(f(t, p), -1),
    backward: (t, p, dv) => tf.mul(tf.div(under(dv), lastDim(p)), df(t, p)),
  };
}

/** Backward through q = p / sum(p) (Keras normalises probabilities before a categorical crossentropy). */
function throughNormalization(p: Tensor, dq: Tensor): Tensor {
  const s = tf.sum(p, -1, true);
  const q = tf.div(p, s);
  return tf.div(tf.sub(dq, tf.sum(tf.mul(dq, q), -1, true)), s);
}

/** Backward through s = softmax(x), given s. */
const throughSoftmax = (s: Tensor, ds: Tensor) => tf.mul(s, tf.sub(ds, tf.sum(tf.mul(ds, s), -1, true)));

/** label_smoothing for binary targets: towards 0.5. */
const smoothBinary = (t: Tensor, ls: number) => (ls ? tf.add(tf.mul(t, 1 - ls), 0.5 * ls) : t);
/** label_smoothing for one-hot targets: towards 1/classes. */
const smoothCategorical = (t: Tensor, ls: number) => (ls ? tf.add(tf.mul(t, 1 - ls), ls / lastDim(t)) : t);

/** ops.binary_crossentropy on probabilities: clipped, elementwise. */
const bceProb = (t: Tensor, o: Tensor) => tf.neg(tf.add(tf.mul(t, tf.log(o)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, o)))));
/** Its derivative in p (zero where the clip holds p). */
const dBceProb = (t: Tensor, p: Tensor, o: Tensor) =>
  tf.mul(within(p, EPSILON, 1 - EPSILON), tf.sub(tf.div(tf.sub(1, t), tf.sub(1, o)), tf.div(t, o)));

/** convert_binary_labels_to_hinge: 0/1 labels become -1/1 when every label is 0 or 1. */
function hingeLabels(t: Tensor): Tensor {
  const binary = asFloat(tf.all(tf.logicalOr(tf.equal(t, 0), tf.equal(t, 1))));
  return tf.add(t, tf.mul(binary, tf.sub(t, 1)));
}

/** Derivative of x^γ scaled by γ, without 0·∞ when γ is 0. */
const dPow = (x: Tensor, gamma: number) => (gamma === 0 ? tf.zerosLike(x) : tf.mul(gamma, tf.pow(x, gamma - 1)));

type Builder = (num: (n: string) => number, flag: (n: string) => boolean, args: Record<string, ConfigValue>) => SampleLoss;

const BUILDERS: Readonly<Record<string, Builder>> = {
  mean_squared_error: () =>
    meanOf(
      (t, p) => tf.square(tf.sub(t, p)),
      (t, p) => tf.mul(2, tf.sub(p, t)),
    ),
  mean_absolute_error: () =>
    meanOf(
      (t, p) => tf.abs(tf.sub(t, p)),
      (t, p) => tf.sign(tf.sub(p, t)),
    ),
  mean_absolute_percentage_error: () => {
    const denom = (t: Tensor) => tf.maximum(tf.abs(t), EPSILON);
    return meanOf(
      (t, p) => tf.mul(100, tf.abs(tf.div(tf.sub(t, p), denom(t)))),
      (t, p) => tf.div(tf.mul(100, tf.sign(tf.sub(p, t))), denom(t)),
    );
  },
  mean_squared_logarithmic_error: () => {
    const logs = (t: Tensor, p: Tensor) => tf.sub(tf.log(tf.add(tf.maximum(p, EPSILON), 1)), tf.log(tf.add(tf.maximum(t, EPSILON), 1)));
    return meanOf(
      (t, p) => tf.square(logs(t, p)),
      // maximum passes its gradient to p where p >= epsilon.
      (t, p) => tf.mul(asFloat(tf.greaterEqual(p, EPSILON)), tf.div(tf.mul(2, logs(t, p)), tf.add(tf.maximum(p, EPSILON), 1))),
    );
  },
  huber: (num) => {
    const delta = num('delta');
    const quadratic = (e: Tensor) => tf.lessEqual(tf.abs(e), delta);
    return meanOf(
      (t, p) => {
        const e = tf.sub(p, t);
        return tf.where(quadratic(e), tf.mul(0.5, tf.square(e)), tf.sub(tf.mul(delta, tf.abs(e)), 0.5 * delta * delta));
      },
      (t, p) => {
        const e = tf.sub(p, t);
        return tf.where(quadratic(e), e, tf.mul(delta, tf.sign(e)));
      },
    );
  },
  log_cosh: () =>
    meanOf(
      // x + softplus(-2x) - log 2: log(cosh x) without overflow, as Keras writes it.
      (t, p) => {
        const x = tf.sub(p, t);
        return tf.sub(tf.add(x, tf.softplus(tf.mul(-2, x))), Math.LN2);
      },
      (t, p) => tf.tanh(tf.sub(p, t)),
    ),
  poisson: () =>
    meanOf(
      (t, p) => tf.sub(p, tf.mul(t, tf.log(tf.add(p, EPSILON)))),
      (t, p) => tf.sub(1, tf.div(t, tf.add(p, EPSILON))),
    ),
  hinge: () =>
    meanOf(
      (t, p) => tf.relu(tf.sub(1, tf.mul(hingeLabels(t), p))),
      // maximum(x, 0) passes its gradient where x >= 0.
      (t, p) => {
        const h = hingeLabels(t);
        return tf.mul(tf.neg(h), asFloat(tf.greaterEqual(tf.sub(1, tf.mul(h, p)), 0)));
      },
    ),
  squared_hinge: () =>
    meanOf(
      (t, p) => tf.square(tf.relu(tf.sub(1, tf.mul(hingeLabels(t), p)))),
      (t, p) => {
        const h = hingeLabels(t);
        return tf.mul(tf.mul(-2, h), tf.relu(tf.sub(1, tf.mul(h, p))));
      },
    ),
  binary_crossentropy: (num, flag) => {
    const ls = num('label_smoothing');
    if (flag('from_logits')) {
      // tf.nn.sigmoid_cross_entropy_with_logits: max(x, 0) - x·t + log(1 + exp(-|x|)).
      return meanOf(
        (t, x) => {
          const s = smoothBinary(t, ls);
          return tf.add(tf.sub(tf.relu(x), tf.mul(x, s)), tf.softplus(tf.neg(tf.abs(x))));
        },
        (t, x) => tf.sub(tf.sigmoid(x), smoothBinary(t, ls)),
      );
    }
    return meanOf(
      (t, p) => bceProb(smoothBinary(t, ls), clipProb(p)),
      (t, p) => dBceProb(smoothBinary(t, ls), p, clipProb(p)),
    );
  },
  binary_focal_crossentropy: (num, flag) => {
    const [ls, alpha, gamma, logits, balance] = [num('label_smoothing'), num('alpha'), num('gamma'), flag('from_logits'), flag('apply_class_balancing')];
    const weight = (s: Tensor) => (balance ? tf.add(tf.mul(s, alpha), tf.mul(tf.sub(1, s), 1 - alpha)) : tf.onesLike(s));
    // p_t = s·p + (1-s)(1-p); loss = weight · (1 - p_t)^γ · bce(s, clip(p)).
    const oneMinusPt = (s: Tensor, p: Tensor) => tf.sub(1, tf.add(tf.mul(s, p), tf.mul(tf.sub(1, s), tf.sub(1, p))));
    const prob = (x: Tensor) => (logits ? tf.sigmoid(x) : x);
    return meanOf(
      (t, x) => {
        const [s, p] = [smoothBinary(t, ls), prob(x)];
        return tf.mul(weight(s), tf.mul(tf.pow(oneMinusPt(s, p), gamma), bceProb(s, clipProb(p))));
      },
      (t, x) => {
        const [s, p] = [smoothBinary(t, ls), prob(x)];
        const [u, o] = [oneMinusPt(s, p), clipProb(p)];
        // d(1 - p_t)/dp = 1 - 2s.
        const dFocal = tf.mul(tf.mul(dPow(u, gamma), tf.sub(1, tf.mul(2, s))), bceProb(s, o));
        const dp = tf.mul(weight(s), tf.add(dFocal, tf.mul(tf.pow(u, gamma), dBceProb(s, p, o))));
        return logits ? tf.mul(dp, tf.mul(p, tf.sub(1, p))) : dp;
      },
    );
  },
  categorical_crossentropy: (num, flag) => {
    const ls = num('label_smoothing');
    if (flag('from_logits')) {
      // tf.nn.softmax_cross_entropy_with_logits; its gradient written for any target sum.
      return {
        sparse: false,
        values: (t, x) => tf.neg(tf.sum(tf.mul(smoothCategorical(t, ls), tf.logSoftmax(x)), -1)),
        backward: (t, x, dv) => {
          const s = smoothCategorical(t, ls);
          return tf.mul(under(dv), tf.sub(tf.mul(tf.softmax(x), tf.sum(s, -1, true)), s));
        },
      };
    }
    // Probabilities are normalised to sum to 1, clipped, then -sum(t · log q).
    const q = (p: Tensor) => tf.div(p, tf.sum(p, -1, true));
    return {
      sparse: false,
      values: (t, p) => tf.neg(tf.sum(tf.mul(smoothCategorical(t, ls), tf.log(clipProb(q(p)))), -1)),
      backward: (t, p, dv) => {
        const qp = q(p);
        const dq = tf.mul(within(qp, EPSILON, 1 - EPSILON), tf.neg(tf.div(smoothCategorical(t, ls), clipProb(qp))));
        return tf.mul(under(dv), throughNormalization(p, dq));
      },
    };
  },
  categorical_focal_crossentropy: (num, flag) => {
    const [ls, alpha, gamma, logits] = [num('label_smoothing'), num('alpha'), num('gamma'), flag('from_logits')];
    const prob = (x: Tensor) => (logits ? tf.softmax(x) : x);
    const output = (p: Tensor) => tf.div(p, tf.sum(p, -1, true));
    return {
      sparse: false,
      // sum(α · (1 - o)^γ · (-t log o)) with o the normalised, clipped probabilities.
      values: (t, x) => {
        const o = clipProb(output(prob(x)));
        const ce = tf.neg(tf.mul(smoothCategorical(t, ls), tf.log(o)));
        return tf.sum(tf.mul(tf.mul(tf.pow(tf.sub(1, o), gamma), alpha), ce), -1);
      },
      backward: (t, x, dv) => {
        const s = smoothCategorical(t, ls);
        const p = prob(x);
        const q = output(p);
        const o = clipProb(q);
        const u = tf.sub(1, o);
        // d/do [α u^γ (-s log o)] = α (γ u^(γ-1) s log o - u^γ s / o)
        const dO = tf.mul(alpha, tf.sub(tf.mul(dPow(u, gamma), tf.mul(s, tf.log(o))), tf.div(tf.mul(tf.pow(u, gamma), s), o)));
        const dp = throughNormalization(p, tf.mul(within(q, EPSILON, 1 - EPSILON), dO));
        return tf.mul(under(dv), logits ? throughSoftmax(p, dp) : dp);
      },
    };
  },
  sparse_categorical_crossentropy: (_num, flag, args) => sparseCrossentropy(flag('from_logits'), args['ignore_class'] as number | null),
  kl_divergence: () => {
    // y_true and y_pred clipped to [epsilon, 1]; sum(t · log(t / p)).
    const clip = (x: Tensor) => tf.clipByValue(x, EPSILON, 1);
    return {
      sparse: false,
      values: (t, p) => {
        const tc = clip(t);
        return tf.sum(tf.mul(tc, tf.log(tf.div(tc, clip(p)))), -1);
      },
      backward: (t, p, dv) => tf.mul(under(dv), tf.mul(within(p, EPSILON, 1), tf.neg(tf.div(clip(t), clip(p))))),
    };
  },
  categorical_hinge: () => {
    // max(neg - pos + 1, 0), pos = sum(t·p), neg = max((1-t)·p); reduce_max shares its gradient among ties.
    const parts = (t: Tensor, p: Tensor) => {
      const others = tf.mul(tf.sub(1, t), p);
      const neg = tf.max(others, -1);
      return { others, neg, z: tf.add(tf.sub(neg, tf.sum(tf.mul(t, p), -1)), 1) };
    };
    return {
      sparse: false,
      values: (t, p) => tf.relu(parts(t, p).z),
      backward: (t, p, dv) => {
        const { others, neg, z } = parts(t, p);
        const isMax = asFloat(tf.equal(others, under(neg)));
        const dNeg = tf.div(tf.mul(tf.sub(1, t), isMax), tf.sum(isMax, -1, true));
        return tf.mul(under(tf.mul(dv, asFloat(tf.greaterEqual(z, 0)))), tf.sub(dNeg, t));
      },
    };
  },
  cosine_similarity: () => cosineLoss,
};

/**
 * The TensorFlow backend's sparse crossentropy: on probabilities it clips them and hands their
 * logs to sparse_softmax_cross_entropy_with_logits, so the value is -log c_y + log sum(c) — the
 * clipped probabilities renormalised. ignore_class zeroes the ignored labels and predictions, sets
 * their loss to 0 and masks them out of the reduction.
 */
function sparseCrossentropy(fromLogits: boolean, ignoreClass: number | null): SampleLoss {
  const valid = (y: Tensor) => (ignoreClass === null ? null : asFloat(tf.notEqual(y, ignoreClass)));
  const inputs = (y: Tensor, p: Tensor) => {
    const ok = valid(y);
    if (!ok) return { ok, labels: y, x: p };
    return { ok, labels: tf.mul(y, tf.cast(ok, 'int32')), x: tf.mul(p, under(ok)) };
  };
  // The WASM backend's OneHot writes zeros when asked for float32 (tfjs 4.22): cast its int32 instead.
  const oneHot = (labels: Tensor, p: Tensor) => asFloat(tf.oneHot(labels, lastDim(p)));
  return {
    sparse: true,
    valid,
    values: (y, p) => {
      const { ok, labels, x } = inputs(y, p);
      const hot = oneHot(labels, p);
      const v = fromLogits
        ? tf.neg(tf.sum(tf.mul(hot, tf.logSoftmax(x)), -1))
        : tf.sub(tf.log(tf.sum(clipProb(x), -1)), tf.sum(tf.mul(hot, tf.log(clipProb(x))), -1));
      return ok ? tf.mul(v, ok) : v;
    },
    backward: (y, p, dv) => {
      const { ok, labels, x } = inputs(y, p);
      const hot = oneHot(labels, p);
      let d: Tensor;
      if (fromLogits) d = tf.sub(tf.softmax(x), hot);
      else {
        const c = clipProb(x);
        d = tf.mul(within(x, EPSILON, 1 - EPSILON), tf.sub(tf.reciprocal(tf.sum(c, -1, true)), tf.div(hot, c)));
      }
      return tf.mul(under(ok ? tf.mul(dv, ok) : dv), d);
    },
  };
}

/**
 * -sum(normalize(t) · normalize(p)), with Keras's normalize: x · min(rsqrt(sum(x²)), 1/epsilon).
 * Where the 1/epsilon cap holds (a near-zero vector) the gradient is simply the cap.
 */
const cosineLoss: SampleLoss = {
  sparse: false,
  values: (t, p) => tf.neg(tf.sum(tf.mul(normalize(t).unit, normalize(p).unit), -1)),
  backward: (t, p, dv) => {
    const g = tf.neg(normalize(t).unit);
    const { unit, inv, capped } = normalize(p);
    const free = tf.mul(inv, tf.sub(g, tf.mul(unit, tf.sum(tf.mul(g, unit), -1, true))));
    return tf.mul(under(dv), tf.where(tf.broadcastTo(capped, p.shape), tf.mul(g, 1 / EPSILON), free));
  },
};

function normalize(x: Tensor): { unit: Tensor; inv: Tensor; capped: Tensor } {
  const rsqrt = tf.rsqrt(tf.sum(tf.square(x), -1, true));
  const inv = tf.minimum(rsqrt, 1 / EPSILON);
  // minimum passes its gradient to rsqrt where rsqrt <= cap.
  return { unit: tf.mul(x, inv), inv, capped: tf.greater(rsqrt, 1 / EPSILON) };
}

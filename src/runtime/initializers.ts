// Weight initializers: keras/src/initializers/{random,constant}_initializers.py, with every
// name of src/compiler/vocab/initializers.ts and rnnc's `unit_forget_bias`. Values are drawn in
// JavaScript from the run's seeded Rng, so the same seed gives the same weights on any backend.
//
// Keras's seed semantics are kept: an initializer given seed=N draws from its own stream N, so
// every weight it initialises with the same shape gets the same values (Keras warns about
// exactly that); without a seed it draws from the layer's stream.

import type { ConfigValue, FnValue } from '../compiler/config-value.ts';
import { isFn } from '../compiler/config-value.ts';
import type { WeightSpec } from '../compiler/layers/layer-def.ts';
import { UNIT_FORGET_BIAS } from '../compiler/layers/recurrent.ts';
import { Rng } from './rng.ts';
import { tf, type Tensor } from './tf.ts';

/** scipy.stats.truncnorm.std(a=-2, b=2): a normal truncated at ±2σ has this smaller σ. */
const TRUNCATED_STDDEV = 0.87962566103423978;

type Args = Readonly<Record<string, ConfigValue>>;
type Draw = (shape: readonly number[], args: Args, rng: Rng) => Float32Array;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const numArg = (args: Args, key: string, fallback: number) => (typeof args[key] === 'number' ? (args[key]) : fallback);
const strArg = (args: Args, key: string, fallback: string) => (typeof args[key] === 'string' ? (args[key]) : fallback);

function filled(shape: readonly number[], value: (i: number) => number): Float32Array {
  const out = new Float32Array(size(shape));
  for (let i = 0; i < out.length; i++) out[i] = value(i);
  return out;
}

const uniform = (shape: readonly number[], lo: number, hi: number, rng: Rng) => filled(shape, () => lo + (hi - lo) * rng.next());
const normal = (shape: readonly number[], mean: number, stddev: number, rng: Rng) => filled(shape, () => mean + stddev * rng.normal());

/** A normal redrawn wherever it falls beyond two standard deviations (random.truncated_normal). */
function truncatedNormal(shape: readonly number[], mean: number, stddev: number, rng: Rng): Float32Array {
  return filled(shape, () => {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    return mean + stddev * z;
  });
}

/** compute_fans: a recurrent kernel [units, 4·units] has fan_in units and fan_out 4·units. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  // Convolution kernels (…, input_depth, depth): the receptive field multiplies both fans.
  const receptive = size(shape.slice(0, -2));
  return { fanIn: shape.at(-2)! * receptive, fanOut: shape.at(-1)! * receptive };
}

/** VarianceScaling.__call__. */
function varianceScaling(shape: readonly number[], scale: number, mode: string, distribution: string, rng: Rng): Float32Array {
  const { fanIn, fanOut } = computeFans(shape);
  const fan = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
  const s = scale / Math.max(1, fan);
  const dist = distribution.toLowerCase() === 'normal' ? 'truncated_normal' : distribution.toLowerCase();
  if (dist === 'truncated_normal') return truncatedNormal(shape, 0, Math.sqrt(s) / TRUNCATED_STDDEV, rng);
  if (dist === 'untruncated_normal') return normal(shape, 0, Math.sqrt(s), rng);
  if (dist === 'uniform') {
    const limit = Math.sqrt(3 * s);
    return uniform(shape, -limit, limit, rng);
  }
  throw new Error(`variance_scaling has no distribution '${distribution}'`);
}

const scaled = (scale: number, mode: string, distribution: string): Draw => (shape, _args, rng) =>
  varianceScaling(shape, scale, mode, distribution, rng);

/**
 * Orthogonal.__call__: the Q of a QR decomposition of a (max(r, c), min(r, c)) standard
 * normal matrix, made unique by the signs of diag(R), transposed when r < c, times gain
 * (r = product of all axes but the last, c = the last). Gram–Schmidt in float64 gives the Q
 * whose R has a positive diagonal, which is exactly the sign-corrected Q.
 */
function orthogonal(shape: readonly number[], args: Args, rng: Rng): Float32Array {
  if (shape.length < 2) throw new Error(`orthogonal initializes matrices, not shape (${shape.join(', ')})`);
  const rows = size(shape.slice(0, -1));
  const cols = shape.at(-1)!;
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  // Column j of the m×n matrix is q[j·m … j·m + m), contiguous for the Gram–Schmidt loops.
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[j * m + i] = rng.normal();
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let k = 0; k < j; k++) {
      const ck = k * m;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[ck + i]! * q[cj + i]!;
      for (let i = 0; i < m; i++) q[cj + i]! -= dot * q[ck + i]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[cj + i]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[cj + i]! /= norm;
  }
  const gain = numArg(args, 'gain', 1);
  // Entry (r, c) of the result: Q[r][c] when rows ≥ cols, else Qᵀ[r][c] = Q[c][r].
  return filled(shape, (flat) => {
    const r = Math.floor(flat / cols);
    const c = flat % cols;
    return gain * (rows >= cols ? q[c * m + r]! : q[r * m + c]!);
  });
}

function identity(shape: readonly number[], args: Args): Float32Array {
  if (shape.length !== 2) throw new Error(`identity initializes 2-D matrices, not shape (${shape.join(', ')})`);
  const cols = shape[1]!;
  const gain = numArg(args, 'gain', 1);
  return filled(shape, (flat) => (Math.floor(flat / cols) === flat % cols ? gain : 0));
}

const DRAWS: Readonly<Record<string, Draw>> = {
  glorot_uniform: scaled(1, 'fan_avg', 'uniform'),
  glorot_normal: scaled(1, 'fan_avg', 'truncated_normal'),
  he_uniform: scaled(2, 'fan_in', 'uniform'),
  he_normal: scaled(2, 'fan_in', 'truncated_normal'),
  lecun_uniform: scaled(1, 'fan_in', 'uniform'),
  lecun_normal: scaled(1, 'fan_in', 'truncated_normal'),
  variance_scaling: (shape, args, rng) =>
    varianceScaling(shape, numArg(args, 'scale', 1), strArg(args, 'mode', 'fan_in'), strArg(args, 'distribution', 'truncated_normal'), rng),
  orthogonal,
  identity: (shape, args) => identity(shape, args),
  zeros: (shape) => filled(shape, () => 0),
  ones: (shape) => filled(shape, () => 1),
  constant: (shape, args) => filled(shape, () => numArg(args, 'value', 0)),
  random_normal: (shape, args, rng) => normal(shape, numArg(args, 'mean', 0), numArg(args, 'stddev', 0.05), rng),
  random_uniform: (shape, args, rng) => uniform(shape, numArg(args, 'minval', -0.05), numArg(args, 'maxval', 0.05), rng),
  truncated_normal: (shape, args, rng) => truncatedNormal(shape, numArg(args, 'mean', 0), numArg(args, 'stddev', 0.05), rng),
  [UNIT_FORGET_BIAS]: unitForgetBias,
};

/**
 * lstm.py, LSTMCell.build with unit_forget_bias: concatenate([init((u,)), ones((u,)),
 * init((2u,))]) over the gates i, f, c, o — the inner initializer is called twice, on those
 * shapes (so a fan-based one sees fans u and 2u).
 */
function unitForgetBias(shape: readonly number[], args: Args, rng: Rng): Float32Array {
  const inner = args['inner'];
  if (!isFn(inner)) throw new Error('unit_forget_bias needs its inner initializer');
  const units = shape[0]! / 4;
  const out = new Float32Array(4 * units);
  out.set(draw(inner, [units], rng), 0);
  out.fill(1, units, 2 * units);
  out.set(draw(inner, [2 * units], rng), 2 * units);
  return out;
}

/** The values of `fn` for `shape`, flat in row-major order. */
export function draw(fn: FnValue, shape: readonly number[], rng: Rng): Float32Array {
  const f = DRAWS[fn.name];
  if (!f) throw new Error(`no runtime initializer '${fn.name}' (the checker let an unknown name through)`);
  const seed = fn.args['seed'];
  return f(shape, fn.args, typeof seed === 'number' ? new Rng(seed) : rng);
}

/** A weight's initial value. */
export function initialize(spec: WeightSpec, rng: Rng): Tensor {
  return tf.tensor(draw(spec.initializer, spec.shape, rng), [...spec.shape], 'float32');
}

/** Every initializer name the runtime knows. */
export const INITIALIZER_NAMES: readonly string[] = Object.keys(DRAWS);

// Keras 3's learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py):
// each maps the optimizer's step — `optimizer.iterations`, the number of updates applied before
// this one, so the first update reads step 0 — to a learning rate. Keras evaluates them with
// float32 tensors; these evaluate in float64 and the optimizer rounds the result to float32, as
// it holds every learning rate (a difference of at most an ulp or two of float32).

/** A schedule's arguments as the checker filled them in, Keras's defaults included. */
export type ScheduleArgs = Readonly<Record<string, number | boolean | null | readonly number[]>>;

export type Schedule = (step: number) => number;

const num = (args: ScheduleArgs, name: string): number => {
  const v = args[name];
  if (typeof v !== 'number') throw new Error(`internal: schedule argument ${name} is not a number`);
  return v;
};
/** A list argument; one number stands for a list of one (`values=0.1` with no boundaries). */
const list = (args: ScheduleArgs, name: string): readonly number[] => {
  const v = args[name];
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v)) throw new Error(`internal: schedule argument ${name} is not a list`);
  return v as readonly number[];
};

/** ExponentialDecay: initial · rate^(step / decay_steps), the exponent floored with staircase. */
function exponentialDecay(args: ScheduleArgs): Schedule {
  const [initial, steps, rate] = [num(args, 'initial_learning_rate'), num(args, 'decay_steps'), num(args, 'decay_rate')];
  const staircase = args['staircase'] === true;
  return (step) => initial * Math.pow(rate, staircase ? Math.floor(step / steps) : step / steps);
}

/** InverseTimeDecay: initial / (1 + rate · step / decay_steps), the fraction floored with staircase. */
function inverseTimeDecay(args: ScheduleArgs): Schedule {
  const [initial, steps, rate] = [num(args, 'initial_learning_rate'), num(args, 'decay_steps'), num(args, 'decay_rate')];
  const staircase = args['staircase'] === true;
  return (step) => initial / (1 + rate * (staircase ? Math.floor(step / steps) : step / steps));
}

/** PiecewiseConstantDecay: values[0] while step ≤ boundaries[0], values[i] for boundaries[i-1] < step ≤ boundaries[i], the last value after. */
function piecewiseConstantDecay(args: ScheduleArgs): Schedule {
  const [boundaries, values] = [list(args, 'boundaries'), list(args, 'values')];
  return (step) => {
    for (let i = 0; i < boundaries.length; i++) if (step <= boundaries[i]!) return values[i]!;
    return values[values.length - 1]!;
  };
}

/**
 * PolynomialDecay: (initial - end) · (1 - step / decay_steps)^power + end, with step held at
 * decay_steps; with cycle, decay_steps grows to the next multiple of itself past step instead.
 */
function polynomialDecay(args: ScheduleArgs): Schedule {
  const [initial, steps, end, power] = [num(args, 'initial_learning_rate'), num(args, 'decay_steps'), num(args, 'end_learning_rate'), num(args, 'power')];
  const cycle = args['cycle'] === true;
  return (step) => {
    const span = cycle ? steps * (step === 0 ? 1 : Math.ceil(step / steps)) : steps;
    const at = cycle ? step : Math.min(step, steps);
    return (initial - end) * Math.pow(1 - at / span, power) + end;
  };
}

/**
 * CosineDecay: a linear warmup from initial to warmup_target over warmup_steps (when a target is
 * given), then from the target (or initial) down a half cosine to alpha times it over decay_steps.
 */
function cosineDecay(args: ScheduleArgs): Schedule {
  const [initial, steps, alpha] = [num(args, 'initial_learning_rate'), num(args, 'decay_steps'), num(args, 'alpha')];
  const target = args['warmup_target'];
  const warmup = num(args, 'warmup_steps');
  const decay = (step: number, from: number) => from * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * (step / steps))) + alpha);
  if (typeof target !== 'number') return (step) => decay(Math.min(step, steps), initial);
  return (step) => {
    const at = Math.min(step, steps + warmup);
    return at < warmup ? (target - initial) * (at / warmup) + initial : decay(at - warmup, target);
  };
}

/** The schedules by their Keras class names (the names the `learning_rate` argument takes). */
export const SCHEDULES: Readonly<Record<string, (args: ScheduleArgs) => Schedule>> = {
  ExponentialDecay: exponentialDecay,
  InverseTimeDecay: inverseTimeDecay,
  PiecewiseConstantDecay: piecewiseConstantDecay,
  PolynomialDecay: polynomialDecay,
  CosineDecay: cosineDecay,
};

// Keras 3's optimizers: the base optimizer's step (keras/src/optimizers/base_optimizer.py apply →
// _backend_apply_gradients) around each optimizer's own update rule (./optimizers/rules.ts):
//   1. drop variables without a gradient (_filter_empty_gradients);
//   2. clip the gradients — clipnorm per variable, global_clipnorm over all, or clipvalue;
//   3. decoupled weight decay: variable -= variable · weight_decay · learning_rate;
//   4. the update rule of each variable, with iterations + 1 as the step;
//   5. iterations += 1.
// Slot variables (Keras's optimizer variables) are created the first time a variable is seen.

import { isFn, type ConfigValue, type FnValue } from '../../compiler/config-value.ts';
import { OPTIMIZERS, defaultArgs } from '../../compiler/vocab/index.ts';
import { lookupIn } from '../../compiler/vocab/vocab.ts';
import { RnncError } from '../errors.ts';
import { tf, type Tensor } from '../tf.ts';
import { UPDATE_RULES, type UpdateRule } from './optimizers/rules.ts';
import { SCHEDULES, type Schedule, type ScheduleArgs } from './schedules.ts';

export interface Optimizer {
  /** One training step: `grads[i]` is the gradient of variables[i], null where none reached it. */
  apply(variables: readonly tf.Variable[], grads: readonly (Tensor | null)[]): void;
  /** The current learning rate, settable (ReduceLROnPlateau). Held in float32, as Keras's variable. */
  learningRate: number;
  /** Steps applied so far (Keras's `optimizer.iterations`). */
  readonly iterations: number;
  /** Frees the slot variables. */
  dispose(): void;
}

export function makeOptimizer(fn: FnValue): Optimizer {
  const entry = lookupIn(OPTIMIZERS, fn.name);
  const makeRule = entry && UPDATE_RULES[entry.name];
  if (!entry || !makeRule) throw new Error(`internal: the runtime has no optimizer ${fn.name}`);
  const args: Record<string, ConfigValue> = { ...defaultArgs(entry), ...fn.args };
  return new KerasOptimizer(makeRule(args), clipper(args), args['weight_decay'] as number | null, learningRateOf(args['learning_rate']));
}

/** A number, or Keras's schedule of the step (`ExponentialDecay(…)`, ./schedules.ts). */
function learningRateOf(value: ConfigValue | undefined): number | Schedule {
  if (typeof value === 'number') return value;
  const make = isFn(value) && Object.hasOwn(SCHEDULES, value.name) ? SCHEDULES[value.name] : undefined;
  if (!make || !isFn(value)) throw new Error(`internal: the runtime has no learning-rate schedule ${isFn(value) ? value.name : typeof value}`);
  // The checker filled in every argument, Keras's defaults included.
  return make(value.args as ScheduleArgs);
}

type Clip = (grads: readonly Tensor[]) => Tensor[];

/** BaseOptimizer._clip_gradients; Keras's constructor allows at most one of the three. */
export function clipper(args: Readonly<Record<string, ConfigValue>>): Clip {
  const [clipnorm, globalClipnorm, clipvalue] = ['clipnorm', 'global_clipnorm', 'clipvalue'].map((k) => (args[k] as number | null) ?? null);
  if ([clipnorm, globalClipnorm, clipvalue].filter((c) => c !== null).length > 1) {
    throw new Error(`only one of clipnorm, clipvalue and global_clipnorm can be set (Keras raises the same)`);
  }
  if (clipnorm && clipnorm > 0) {
    // _clip_by_norm: g · clipnorm / max(‖g‖, clipnorm), each variable on its own.
    return (grads) => grads.map((g) => tf.div(tf.mul(g, clipnorm), tf.maximum(tf.sqrt(tf.sum(tf.square(g))), clipnorm)));
  }
  if (globalClipnorm && globalClipnorm > 0) {
    // clip_by_global_norm: scale = c · min(1/‖g‖, 1/c), plus (‖g‖ - ‖g‖) so a NaN or inf norm poisons every gradient.
    return (grads) => {
      const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
      const scale = tf.add(tf.mul(globalClipnorm, tf.minimum(tf.div(1, norm), 1 / globalClipnorm)), tf.sub(norm, norm));
      return grads.map((g) => tf.mul(g, scale));
    };
  }
  if (clipvalue && clipvalue > 0) return (grads) => grads.map((g) => tf.clipByValue(g, -clipvalue, clipvalue));
  return (grads) => [...grads];
}

class KerasOptimizer implements Optimizer {
  private lr: number;
  private schedule: Schedule | undefined;
  private steps = 0;
  private readonly slots = new Map<tf.Variable, tf.Variable[]>();

  constructor(
    private readonly rule: UpdateRule,
    private readonly clip: Clip,
    private readonly weightDecay: number | null,
    learningRate: number | Schedule,
  ) {
    if (typeof learningRate === 'number') this.lr = Math.fround(learningRate);
    else {
      this.schedule = learningRate;
      this.lr = Math.fround(learningRate(0));
    }
  }

  /** With a schedule, the rate of the next step: the schedule of the steps applied so far (Keras's
   *  `optimizer.learning_rate`, read as _get_current_learning_rate does). */
  get learningRate(): number {
    return this.schedule ? Math.fround(this.schedule(this.steps)) : this.lr;
  }

  set learningRate(value: number) {
    // Keras raises a TypeError here. The checker refuses ReduceLROnPlateau in a train block with a
    // schedule (E0521); a callback the library's caller hands to fit() is told the same here.
    if (this.schedule) {
      throw new RnncError('E0521', 'the learning rate follows a schedule and cannot be set', { context: 'optimizer' }, 'give the optimizer a number as learning_rate, or drop the callback that sets it (ReduceLROnPlateau)');
    }
    this.lr = Math.fround(value);
  }

  get iterations(): number {
    return this.steps;
  }

  apply(variables: readonly tf.Variable[], grads: readonly (Tensor | null)[]): void {
    if (variables.length !== grads.length) throw new Error(`internal: ${variables.length} variables but ${grads.length} gradients`);
    const live = variables.flatMap((v, i) => (grads[i] ? [{ variable: v, grad: grads[i] }] : []));
    if (!live.length) throw new Error('internal: no gradients provided for any variable');
    const slots = live.map(({ variable }) => this.slotsOf(variable));
    const step = this.steps + 1;
    const lr = this.learningRate;
    tf.tidy(() => {
      const clipped = this.clip(live.map((l) => l.grad));
      if (this.weightDecay !== null) {
        const wd = this.weightDecay;
        for (const { variable } of live) variable.assign(tf.sub(variable, tf.mul(tf.mul(variable, wd), lr)));
      }
      this.rule.beginStep?.(step);
      live.forEach(({ variable }, i) => this.rule.update(variable, clipped[i]!, slots[i]!, { lr, step }));
    });
    this.steps = step;
  }

  dispose(): void {
    for (const s of this.slots.values()) tf.dispose(s);
    this.slots.clear();
  }

  private slotsOf(variable: tf.Variable): tf.Variable[] {
    let s = this.slots.get(variable);
    if (!s) {
      s = this.rule.slots.map((initial) => tf.tidy(() => tf.variable(tf.fill(variable.shape, initial), false)));
      this.slots.set(variable, s);
    }
    return s;
  }
}

// The per-variable update steps of Keras 3's optimizers (keras/src/optimizers/<name>.py,
// `update_step`), op for op. Clipping, weight decay and the iteration counter belong to the base
// optimizer (../optimizers.ts), as in keras/src/optimizers/base_optimizer.py.
//
// Each rule runs inside the caller's tf.tidy and writes its results with `assign`.

import type { ConfigValue } from '../../../compiler/config-value.ts';
import { adamStep, fusedKernelsAvailable } from '../../kernels/registry.ts';
import { tf, type Tensor } from '../../tf.ts';

export interface StepContext {
  /** The learning rate, as Keras's float32 variable holds it. */
  readonly lr: number;
  /** Keras's `iterations + 1`: 1 on the first step. */
  readonly step: number;
}

export interface UpdateRule {
  /** The initial value of each slot variable (Keras's optimizer variables) a model variable gets. */
  readonly slots: readonly number[];
  /** Once per step, before any variable (Nadam's running product of momentum factors). */
  beginStep?(step: number): void;
  update(variable: tf.Variable, grad: Tensor, slots: readonly tf.Variable[], s: StepContext): void;
}

type Args = Readonly<Record<string, ConfigValue>>;

const adam = (a: Args): UpdateRule => {
  const [b1, b2, eps, amsgrad] = [a['beta_1'] as number, a['beta_2'] as number, a['epsilon'] as number, a['amsgrad'] === true];
  return {
    slots: amsgrad ? [0, 0, 0] : [0, 0],
    update(variable, g, [m, v, vHat], { lr, step }) {
      const alpha = (lr * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
      if (fusedKernelsAvailable()) {
        // One kernel instead of twelve ops, and no temporaries the size of the variable.
        const [w, mNew, vNew, vHatNew] = adamStep({ variable, grad: g, m: m!, v: v!, vHat: vHat ?? null }, { beta1: b1, beta2: b2, epsilon: eps, alpha });
        m!.assign(mNew!);
        v!.assign(vNew!);
        vHat?.assign(vHatNew!);
        variable.assign(w!);
        return;
      }
      m!.assign(tf.add(m!, tf.mul(tf.sub(g, m!), 1 - b1)));
      v!.assign(tf.add(v!, tf.mul(tf.sub(tf.square(g), v!), 1 - b2)));
      let second: Tensor = v!;
      if (vHat) {
        vHat.assign(tf.maximum(vHat, v!));
        second = vHat;
      }
      variable.assign(tf.sub(variable, tf.div(tf.mul(m!, alpha), tf.add(tf.sqrt(second), eps))));
    },
  };
};

export const UPDATE_RULES: Readonly<Record<string, (a: Args) => UpdateRule>> = {
  sgd: (a) => {
    const [momentum, nesterov] = [a['momentum'] as number, a['nesterov'] === true];
    if (momentum === 0) {
      return { slots: [], update: (variable, g, _s, { lr }) => variable.assign(tf.sub(variable, tf.mul(g, lr))) };
    }
    return {
      slots: [0],
      update(variable, g, [m], { lr }) {
        m!.assign(tf.sub(tf.mul(m!, momentum), tf.mul(g, lr)));
        const delta = nesterov ? tf.sub(tf.mul(m!, momentum), tf.mul(g, lr)) : m!;
        variable.assign(tf.add(variable, delta));
      },
    };
  },

  adam,
  // keras/src/optimizers/adamw.py: Adam whose base optimizer applies weight_decay (default 0.004).
  adamw: adam,

  rmsprop: (a) => {
    const [rho, momentum, eps, centered] = [a['rho'] as number, a['momentum'] as number, a['epsilon'] as number, a['centered'] === true];
    // Slots: velocity, then momentum (if momentum > 0), then average gradient (if centered).
    const slots = [0, ...(momentum > 0 ? [0] : []), ...(centered ? [0] : [])];
    return {
      slots,
      update(variable, g, s, { lr }) {
        const velocity = s[0]!;
        const mom = momentum > 0 ? s[1]! : null;
        const averageGrad = centered ? s[s.length - 1]! : null;
        velocity.assign(tf.add(tf.mul(rho, velocity), tf.mul(1 - rho, tf.square(g))));
        let denominator: Tensor;
        if (averageGrad) {
          averageGrad.assign(tf.add(tf.mul(rho, averageGrad), tf.mul(1 - rho, g)));
          denominator = tf.add(tf.sub(velocity, tf.square(averageGrad)), eps);
        } else denominator = tf.add(velocity, eps);
        const increment = tf.div(tf.mul(lr, g), tf.sqrt(denominator));
        if (mom) {
          mom.assign(tf.add(tf.mul(momentum, mom), increment));
          variable.assign(tf.sub(variable, mom));
        } else variable.assign(tf.sub(variable, increment));
      },
    };
  },

  adagrad: (a) => {
    const eps = a['epsilon'] as number;
    return {
      slots: [a['initial_accumulator_value'] as number],
      update(variable, g, [accumulator], { lr }) {
        accumulator!.assign(tf.add(accumulator!, tf.square(g)));
        variable.assign(tf.sub(variable, tf.div(tf.mul(lr, g), tf.sqrt(tf.add(accumulator!, eps)))));
      },
    };
  },

  adadelta: (a) => {
    const [rho, eps] = [a['rho'] as number, a['epsilon'] as number];
    const rms = (x: Tensor) => tf.sqrt(tf.add(x, eps));
    return {
      slots: [0, 0],
      update(variable, g, [accumulatedGrad, accumulatedDelta], { lr }) {
        accumulatedGrad!.assign(tf.add(tf.mul(rho, accumulatedGrad!), tf.mul(1 - rho, tf.square(g))));
        const delta = tf.neg(tf.div(tf.mul(rms(accumulatedDelta!), g), rms(accumulatedGrad!)));
        accumulatedDelta!.assign(tf.add(tf.mul(rho, accumulatedDelta!), tf.mul(1 - rho, tf.square(delta))));
        variable.assign(tf.add(variable, tf.mul(lr, delta)));
      },
    };
  },

  adamax: (a) => {
    const [b1, b2, eps] = [a['beta_1'] as number, a['beta_2'] as number, a['epsilon'] as number];
    return {
      slots: [0, 0],
      update(variable, g, [m, u], { lr, step }) {
        m!.assign(tf.add(m!, tf.mul(tf.sub(g, m!), 1 - b1)));
        u!.assign(tf.maximum(tf.mul(b2, u!), tf.abs(g)));
        variable.assign(tf.sub(variable, tf.div(tf.mul(lr, m!), tf.mul(1 - b1 ** step, tf.add(u!, eps)))));
      },
    };
  },

  nadam: (a) => {
    const [b1, b2, eps] = [a['beta_1'] as number, a['beta_2'] as number, a['epsilon'] as number];
    // The momentum schedule u_t = β1 (1 - 0.5 · 0.96^t) and its running product over the steps.
    const schedule = (t: number) => b1 * (1 - 0.5 * 0.96 ** t);
    let uProduct = 1;
    return {
      slots: [0, 0],
      beginStep(step) {
        uProduct *= schedule(step);
      },
      update(variable, g, [m, v], { lr, step }) {
        const [uT, uNext] = [schedule(step), schedule(step + 1)];
        const uProductNext = uProduct * uNext;
        m!.assign(tf.add(m!, tf.mul(tf.sub(g, m!), 1 - b1)));
        v!.assign(tf.add(v!, tf.mul(tf.sub(tf.square(g), v!), 1 - b2)));
        const mHat = tf.add(tf.div(tf.mul(uNext, m!), 1 - uProductNext), tf.div(tf.mul(1 - uT, g), 1 - uProduct));
        const vHat = tf.div(v!, 1 - b2 ** step);
        variable.assign(tf.sub(variable, tf.div(tf.mul(mHat, lr), tf.add(tf.sqrt(vHat), eps))));
      },
    };
  },
};

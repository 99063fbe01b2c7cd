// Keras 3's optimizers iterated by hand in float64, element by element, from the update rules in
// keras/src/optimizers/*.py and the clipping and weight decay of base_optimizer.py: the reference
// the runtime's float32 tensor optimizers are checked against.

export type Args = Record<string, number | boolean | null>;

const norm = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + x * x, 0));

function clip(grads: number[][], a: Args): number[][] {
  if (a['clipnorm']) {
    const c = a['clipnorm'] as number;
    return grads.map((g) => g.map((x) => (x * c) / Math.max(norm(g), c)));
  }
  if (a['global_clipnorm']) {
    const c = a['global_clipnorm'] as number;
    const n = norm(grads.flat());
    return grads.map((g) => g.map((x) => x * c * Math.min(1 / n, 1 / c)));
  }
  if (a['clipvalue']) {
    const c = a['clipvalue'] as number;
    return grads.map((g) => g.map((x) => Math.min(c, Math.max(-c, x))));
  }
  return grads;
}

/** One element's update: w, g, its slot values (mutated), the step t (1-based), the learning rate. */
type Rule = (w: number, g: number, s: number[], t: number, lr: number) => number;

function rule(name: string, a: Args, shared: { uProduct: number }): { slots: number; init: number; rule: Rule } {
  const n = (k: string) => a[k] as number;
  const [b1, b2, eps] = [n('beta_1'), n('beta_2'), n('epsilon')];
  switch (name) {
    case 'sgd':
      return {
        slots: 1,
        init: 0,
        rule: (w, g, s, _t, lr) => {
          if (n('momentum') === 0) return w - lr * g;
          s[0] = n('momentum') * s[0]! - lr * g;
          return a['nesterov'] ? w + n('momentum') * s[0] - lr * g : w + s[0];
        },
      };
    case 'adam':
    case 'adamw':
      return {
        slots: 3,
        init: 0,
        rule: (w, g, s, t, lr) => {
          s[0] = b1 * s[0]! + (1 - b1) * g;
          s[1] = b2 * s[1]! + (1 - b2) * g * g;
          s[2] = Math.max(s[2]!, s[1]);
          const v = a['amsgrad'] ? s[2] : s[1];
          return w - (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t) * s[0] / (Math.sqrt(v) + eps);
        },
      };
    case 'rmsprop':
      return {
        slots: 3,
        init: 0,
        rule: (w, g, s, _t, lr) => {
          const rho = n('rho');
          s[0] = rho * s[0]! + (1 - rho) * g * g;
          s[2] = rho * s[2]! + (1 - rho) * g;
          const increment = (lr * g) / Math.sqrt(a['centered'] ? s[0] - s[2] ** 2 + n('epsilon') : s[0] + n('epsilon'));
          if (n('momentum') <= 0) return w - increment;
          s[1] = n('momentum') * s[1]! + increment;
          return w - s[1];
        },
      };
    case 'adagrad':
      return {
        slots: 1,
        init: n('initial_accumulator_value'),
        rule: (w, g, s, _t, lr) => {
          s[0] = s[0]! + g * g;
          return w - (lr * g) / Math.sqrt(s[0] + eps);
        },
      };
    case 'adadelta':
      return {
        slots: 2,
        init: 0,
        rule: (w, g, s, _t, lr) => {
          const rho = n('rho');
          s[0] = rho * s[0]! + (1 - rho) * g * g;
          const delta = (-Math.sqrt(s[1]! + eps) * g) / Math.sqrt(s[0] + eps);
          s[1] = rho * s[1]! + (1 - rho) * delta * delta;
          return w + lr * delta;
        },
      };
    case 'adamax':
      return {
        slots: 2,
        init: 0,
        rule: (w, g, s, t, lr) => {
          s[0] = b1 * s[0]! + (1 - b1) * g;
          s[1] = Math.max(b2 * s[1]!, Math.abs(g));
          return w - (lr * s[0]) / ((1 - b1 ** t) * (s[1] + eps));
        },
      };
    case 'nadam':
      return {
        slots: 2,
        init: 0,
        rule: (w, g, s, t, lr) => {
          const u = (k: number) => b1 * (1 - 0.5 * 0.96 ** k);
          s[0] = b1 * s[0]! + (1 - b1) * g;
          s[1] = b2 * s[1]! + (1 - b2) * g * g;
          const mHat = (u(t + 1) * s[0]) / (1 - shared.uProduct * u(t + 1)) + ((1 - u(t)) * g) / (1 - shared.uProduct);
          return w - (lr * mHat) / (Math.sqrt(s[1] / (1 - b2 ** t)) + eps);
        },
      };
    default:
      throw new Error(`no reference for ${name}`);
  }
}

/** A float64 Keras optimizer over a list of flat variables. */
export class ReferenceOptimizer {
  private t = 0;
  private readonly shared = { uProduct: 1 };
  private readonly r: ReturnType<typeof rule>;
  private slots: number[][][] = [];
  lr: number;

  constructor(
    private readonly name: string,
    private readonly a: Args,
  ) {
    this.r = rule(name, a, this.shared);
    this.lr = Math.fround(a['learning_rate'] as number);
  }

  /** Updates `ws` in place; a null gradient leaves its variable alone, as Keras filters it out. */
  step(ws: number[][], grads: (number[] | null)[]): void {
    this.t += 1;
    if (!this.slots.length) this.slots = ws.map((w) => w.map(() => Array.from({ length: this.r.slots }, () => this.r.init)));
    const live = grads.flatMap((g, i) => (g ? [i] : []));
    const clipped = clip(live.map((i) => grads[i]!), this.a);
    const wd = this.a['weight_decay'] as number | null;
    if (this.name === 'nadam') this.shared.uProduct *= (this.a['beta_1'] as number) * (1 - 0.5 * 0.96 ** this.t);
    live.forEach((vi, k) => {
      const w = ws[vi]!;
      for (let j = 0; j < w.length; j++) {
        const decayed = wd === null ? w[j]! : w[j]! - w[j]! * wd * this.lr;
        w[j] = this.r.rule(decayed, clipped[k]![j]!, this.slots[vi]![j]!, this.t, this.lr);
      }
    });
  }
}

// A checked model made runnable: its weights as tfjs variables, one rng stream per layer, the
// carried states of stateful layers, and the two things training needs — a forward pass for
// prediction and a training step that returns gradients without applying them (so a NaN loss
// can be caught before it reaches the weights).

import { isFn, type ConfigValue, type FnValue } from '../../compiler/config-value.ts';
import { argumentOf, type CheckedModel } from '../../compiler/ir.ts';
import { isStatefulLayer } from '../../compiler/sequence-training.ts';
import type { Mask } from '../layers/kernel.ts';
import { gradient as regularizerGradient, penalty } from '../regularizers.ts';
import { tf, type Tensor } from '../tf.ts';
import type { CompiledLoss } from '../train/losses.ts';
import { backward, forward, type ForwardRun, type GraphState } from './graph.ts';
import { createWeights, type NetworkWeight } from './weights.ts';

export type { NetworkWeight } from './weights.ts';

export interface StepResult {
  /** The batch's loss including regularization penalties, as Keras reports it: with several
   *  outputs, the sum of their losses times their loss_weights. */
  readonly loss: number;
  /** Each output's loss, unweighted (Keras logs them as `<output>_loss`). */
  readonly outputLosses: number[];
  /** False when some gradient holds a NaN or an infinity. */
  readonly gradientsFinite: boolean;
  /** Gradients for the trainable weights, in `trainable` order (kept; the caller disposes). */
  readonly grads: Tensor[];
  /** The model's outputs for the batch (kept), for metrics. */
  readonly predictions: Tensor[];
  /** The output masks (kept), for masked metrics. */
  readonly outputMasks: Mask[];
  /** Non-trainable weight updates (BatchNormalization), applied by `commit`. */
  readonly updates: { weight: NetworkWeight; value: Tensor }[];
}

export class Network {
  readonly weights: NetworkWeight[] = [];
  readonly trainable: NetworkWeight[] = [];
  private readonly state: GraphState;
  private readonly carried: (readonly Tensor[] | undefined)[];
  /** Per node: a stateful layer, whose states outlive a batch. */
  private readonly stateful: boolean[];
  /**
   * Truncated BPTT's windows: while on, every recurrent layer carries its final states into the
   * next call, as a constant (no gradient flows back through it: that is the truncation).
   */
  carryWindows = false;

  constructor(readonly model: CheckedModel, seed: number) {
    model.nodes.forEach((n, i) => {
      if (n.id !== i) throw new Error('IR nodes must be numbered in order');
    });
    const { weights, rngs } = createWeights(model, seed);
    this.weights.push(...weights.flat());
    this.trainable.push(...this.weights.filter((w) => w.spec.trainable));
    this.carried = model.nodes.map(() => undefined);
    this.stateful = model.nodes.map((n) => isStatefulLayer(n.layer));
    this.state = { weights: weights.map((ws) => ws.map((w) => w.variable)), rngs, carried: this.carried };
  }

  /** Node `id`'s weights, in its layer's order (for code that runs nodes one by one: generate/). */
  nodeWeights(id: number): readonly Tensor[] {
    return this.state.weights[id] ?? [];
  }

  /** Forward pass in inference mode. Returned tensors belong to the caller. */
  predict(inputs: readonly Tensor[]): Tensor[] {
    const { outputs, masks } = this.evaluateBatch(inputs);
    tf.dispose(masks.filter((m): m is Tensor => m !== null));
    return outputs;
  }

  /** Forward pass in inference mode with the outputs' masks, for evaluation and metrics. */
  evaluateBatch(inputs: readonly Tensor[]): { outputs: Tensor[]; masks: Mask[] } {
    let hasMask: boolean[] = [];
    const kept = tf.tidy(() => {
      const run = forward(this.model, this.state, inputs, inputs.map(() => null), false);
      hasMask = run.outputMasks.map((m) => m !== null);
      this.carryFinalStates(run);
      return [...run.outputs, ...run.outputMasks.filter((m): m is Tensor => m !== null)];
    });
    let next = hasMask.length;
    return { outputs: kept.slice(0, hasMask.length), masks: hasMask.map((has) => (has ? kept[next++]! : null)) };
  }

  /**
   * One training step's forward and backward pass. Nothing is applied yet: the caller checks
   * the loss and then hands `grads` to the optimizer and calls `commit`.
   */
  step(inputs: readonly Tensor[], targets: readonly Tensor[], loss: CompiledLoss): StepResult {
    let lossScalar!: Tensor;
    let outputMasks: Mask[] = [];
    let updates: { weight: NetworkWeight; value: Tensor }[] = [];
    const kept = tf.tidy(() => {
      const run = forward(this.model, this.state, inputs, inputs.map(() => null), true);
      let total: Tensor = tf.scalar(0);
      const outputLosses: Tensor[] = [];
      const dOutputs = run.outputs.map((yPred, i) => {
        const yTrue = targets[i]!;
        const mask = run.outputMasks[i] ?? null;
        const fn = loss.losses[i]!;
        const value = fn.value(yTrue, yPred, mask);
        outputLosses.push(value);
        // Keras's CompileLoss: the total is the sum of each output's loss times its weight.
        const weight = loss.weights?.[i];
        total = tf.add(total, weight === undefined ? value : tf.mul(value, weight));
        const grad = fn.grad(yTrue, yPred, mask);
        return weight === undefined ? grad : tf.mul(grad, weight);
      });
      // Keras 3 (Layer.__call__) adds activity_regularizer(output) to the loss for each output.
      const extra: { ref: { node: number; index: number }; grad: Tensor }[] = [];
      run.calls.forEach((c, n) => {
        const reg = activityRegularizer(argumentOf(c.args.layer, 'activity_regularizer') ?? null);
        if (!reg) return;
        c.result.outputs.forEach((out, index) => {
          total = tf.add(total, penalty(reg, out));
          extra.push({ ref: { node: n, index }, grad: regularizerGradient(reg, out) });
        });
      });
      const dWeights = backward(this.model, run, dOutputs, extra);
      const grads = this.trainable.map((w) => {
        const g = dWeights[w.node]?.[w.index] ?? tf.zerosLike(w.variable);
        const reg = w.spec.regularizer;
        if (!reg) return g;
        total = tf.add(total, penalty(reg, w.variable));
        return tf.add(g, regularizerGradient(reg, w.variable));
      });
      // One number that is finite only if the loss and every gradient are: a finite loss can
      // still carry NaN gradients (0·∞ in a saturated gate), which must not reach the weights.
      lossScalar = tf.keep(tf.stack([total, tf.addN([tf.scalar(0), ...grads.map((g) => tf.sum(g))]), ...outputLosses]));
      outputMasks = run.outputMasks.map((m) => (m ? tf.keep(m) : null));
      updates = [];
      run.calls.forEach((c, n) => {
        c.result.weightUpdates?.forEach((value, index) => {
          const weight = this.weights.find((w) => w.node === n && w.index === index)!;
          updates.push({ weight, value: tf.keep(value) });
        });
      });
      this.carryFinalStates(run);
      return [...grads, ...run.outputs];
    });
    const [loss_, gradSum, ...outputLosses] = lossScalar.dataSync();
    lossScalar.dispose();
    return {
      loss: loss_!,
      outputLosses,
      gradientsFinite: Number.isFinite(gradSum),
      grads: kept.slice(0, this.trainable.length),
      predictions: kept.slice(this.trainable.length),
      outputMasks,
      updates,
    };
  }

  /** Apply non-trainable updates (moving statistics) after the optimizer step. */
  commit(result: StepResult): void {
    for (const u of result.updates) {
      u.weight.variable.assign(u.value);
      u.value.dispose();
    }
  }

  /** The sum of the weights' regularization penalties (Keras adds it to every reported loss). */
  regularizationPenalty(): number {
    const regularized = this.weights.filter((w) => w.spec.regularizer);
    if (!regularized.length) return 0;
    const total = tf.tidy(() => tf.addN(regularized.map((w) => penalty(w.spec.regularizer!, w.variable))));
    const v = total.dataSync()[0]!;
    total.dispose();
    return v;
  }

  /** Forget the states stateful layers carry (Keras's reset_states), and any window's. */
  resetStates(): void {
    this.carried.forEach((s, i) => {
      s?.forEach((t) => t.dispose());
      this.carried[i] = undefined;
    });
  }

  /** New sequences start (truncated BPTT's next batch): forget the states carried from the last
   *  window by layers that are not stateful; stateful layers keep theirs. */
  startSequences(): void {
    this.carried.forEach((s, i) => {
      if (this.stateful[i]) return;
      s?.forEach((t) => t.dispose());
      this.carried[i] = undefined;
    });
  }

  /** A forward pass in training mode that only advances the carried states: the windows of
   *  truncated BPTT before the last, in a many-to-one model (their outputs meet no target). */
  advance(inputs: readonly Tensor[]): void {
    tf.tidy(() => {
      const run = forward(this.model, this.state, inputs, inputs.map(() => null), true);
      this.carryFinalStates(run);
    });
  }

  /** Stateful layers (Keras's stateful=True) carry their final states into the next batch, and
   *  every recurrent layer into the next window while `carryWindows` is on. */
  private carryFinalStates(run: ForwardRun): void {
    run.calls.forEach((c, node) => {
      if (!c.result.finalStates || !(this.stateful[node] || this.carryWindows)) return;
      this.carried[node]?.forEach((t) => t.dispose());
      this.carried[node] = c.result.finalStates.map((t) => tf.keep(t));
    });
  }

  /** Copies of every weight's values, in `weights` order (for restore_best_weights, saving). */
  getWeightValues(): Float32Array[] {
    return this.weights.map((w) => w.variable.dataSync() as Float32Array).map((a) => new Float32Array(a));
  }

  setWeightValues(values: readonly (Float32Array | Int32Array)[]): void {
    this.weights.forEach((w, i) => {
      const v = values[i]!;
      tf.tidy(() => w.variable.assign(tf.tensor(v, w.variable.shape, w.variable.dtype)));
    });
  }

  dispose(): void {
    this.resetStates();
    for (const w of this.weights) w.variable.dispose();
  }
}

function activityRegularizer(v: ConfigValue | undefined): FnValue | null {
  return isFn(v) ? v : null;
}

// The inference-time encoder and decoder step of a model with a decode block, made from the
// training network's own weights (compiler/decode.ts derived the plan): `encode` runs the nodes
// that do not depend on the fed input once per source; `step` runs the nodes that do for ONE time
// step, feeding each recurrent layer the states it carried out of the step before — never the
// whole prefix again. A recurrent layer's step is the driver's (layers/recurrent/driver.ts) on a
// sequence of one step, so it runs the same cell code (cells/<cell>/) as training.

import type { DecodePlan, IRNode, ValueRef } from '../../compiler/ir.ts';
import { kernelFor } from '../layers/index.ts';
import type { Mask } from '../layers/kernel.ts';
import { isCellType, readRecurrentConfig } from '../layers/recurrent/config.ts';
import { runDirection } from '../layers/recurrent/driver.ts';
import { NO_DROPOUT } from '../layers/recurrent/dropout.ts';
import type { Network } from '../model/network.ts';
import { Rng } from '../rng.ts';
import { tf, type Tensor } from '../tf.ts';

const key = (r: ValueRef) => `${r.node}:${r.index}`;

interface Value {
  readonly t: Tensor;
  readonly mask: Mask;
}

/**
 * Where a batch of sequences is in its generation: the values of the encoder the step reads, and
 * each recurrent step node's states. It owns its tensors: `dispose` frees them.
 */
export class DecoderState {
  constructor(
    /** Sequences in the batch (beams, for beam search). */
    readonly rows: number,
    /** Encoder outputs the step nodes read, by value key. */
    readonly encoded: ReadonlyMap<string, Value>,
    /** Per recurrent step node: its states (h; h and c for an LSTM), [rows, units] each. */
    readonly states: ReadonlyMap<number, readonly Tensor[]>,
  ) {}

  dispose(): void {
    for (const v of this.encoded.values()) tf.dispose([v.t, ...(v.mask ? [v.mask] : [])]);
    for (const s of this.states.values()) tf.dispose([...s]);
  }
}

export interface StepOutput {
  /** [rows × vocabulary], row-major: the probabilities of the next token. */
  readonly probabilities: Float32Array;
  readonly next: DecoderState;
}

export class StepDecoder {
  private readonly stepNodes: readonly IRNode[];
  private readonly encoderNodes: readonly IRNode[];
  /** Inference never draws (no dropout); the kernels' contract still wants a stream. */
  private readonly rng = new Rng(0);

  constructor(
    readonly network: Network,
    readonly plan: DecodePlan,
  ) {
    const nodes = network.model.nodes;
    this.stepNodes = plan.stepNodes.map((id) => nodes[id]!);
    this.encoderNodes = plan.encoderNodes.map((id) => nodes[id]!);
  }

  /** The model inputs other than the fed one, in model order (the encoder's sources). */
  get sourceInputs(): number[] {
    return this.network.model.inputs.map((_, i) => i).filter((i) => i !== this.plan.feed);
  }

  /**
   * Run the encoder once over `sources` (one tensor per source input, in `sourceInputs` order;
   * none for a language model) and give the state before the first step, for `rows` sequences.
   */
  encode(sources: readonly Tensor[], rows: number): DecoderState {
    const given = this.sourceInputs;
    let kept!: { encoded: Map<string, Value>; states: Map<number, Tensor[]> };
    tf.tidy(() => {
      const values = new Map<string, Value>();
      given.forEach((input, i) => values.set(key({ node: -1, index: input }), { t: sources[i]!, mask: null }));
      for (const node of this.encoderNodes) this.runNode(node, values, undefined);
      // What the step reads from outside the fed path: initial states and other values.
      const encoded = new Map<string, Value>();
      const states = new Map<number, Tensor[]>();
      for (const node of this.stepNodes) {
        for (const r of node.inputs) {
          const v = values.get(key(r));
          if (v) encoded.set(key(r), { t: tf.keep(v.t), mask: v.mask ? tf.keep(v.mask) : null });
        }
        if (isCellType(node.layer.type)) {
          const cfg = readRecurrentConfig(node.layer as Parameters<typeof readRecurrentConfig>[0]);
          const init = node.initialState?.map((r) => values.get(key(r))!.t);
          // Keras's default initial state is zeros (rnn.py, get_initial_state).
          const count = cfg.type === 'LSTM' ? 2 : 1;
          states.set(node.id, (init ?? Array.from({ length: count }, () => tf.zeros([rows, cfg.units]))).map((t) => tf.keep(t)));
        }
      }
      kept = { encoded, states };
    });
    return new DecoderState(rows, kept.encoded, kept.states);
  }

  /** One time step: feed `tokens` (one id per row), get the next token's probabilities. */
  step(state: DecoderState, tokens: Int32Array): StepOutput {
    if (tokens.length !== state.rows) throw new Error(`step: ${tokens.length} tokens for ${state.rows} rows`);
    let out!: { probabilities: Tensor; states: Map<number, Tensor[]> };
    tf.tidy(() => {
      const values = new Map<string, Value>(state.encoded);
      values.set(key({ node: -1, index: this.plan.feed }), { t: tf.tensor2d(tokens, [state.rows, 1], 'int32'), mask: null });
      const states = new Map<number, Tensor[]>();
      for (const node of this.stepNodes) {
        const carried = this.runNode(node, values, state.states.get(node.id));
        if (carried) states.set(node.id, carried.map((t) => tf.keep(t)));
      }
      const y = values.get(key(this.network.model.outputs[0]!))!.t;
      const scores = tf.reshape(y, [state.rows, this.plan.vocabulary]);
      const probabilities = this.plan.scores === 'logits' ? tf.softmax(scores) : scores;
      out = { probabilities: tf.keep(probabilities), states };
    });
    const probabilities = out.probabilities.dataSync() as Float32Array;
    out.probabilities.dispose();
    const encoded = new Map<string, Value>();
    for (const [k, v] of state.encoded) encoded.set(k, { t: tf.clone(v.t), mask: v.mask ? tf.clone(v.mask) : null });
    return { probabilities: new Float32Array(probabilities), next: new DecoderState(state.rows, encoded, out.states) };
  }

  /** The state of rows `rows` of `state`, in that order (beam search keeps the best beams). */
  select(state: DecoderState, rows: readonly number[]): DecoderState {
    let kept!: { encoded: Map<string, Value>; states: Map<number, Tensor[]> };
    tf.tidy(() => {
      const index = tf.tensor1d(Int32Array.from(rows), 'int32');
      const encoded = new Map<string, Value>();
      for (const [k, v] of state.encoded) encoded.set(k, { t: tf.keep(tf.gather(v.t, index)), mask: v.mask ? tf.keep(tf.gather(v.mask, index)) : null });
      const states = new Map<number, Tensor[]>();
      for (const [id, s] of state.states) states.set(id, s.map((t) => tf.keep(tf.gather(t, index))));
      kept = { encoded, states };
    });
    return new DecoderState(rows.length, kept.encoded, kept.states);
  }

  /** Run one node on the values; for a recurrent step node, return its new states. */
  private runNode(node: IRNode, values: Map<string, Value>, carried: readonly Tensor[] | undefined): Tensor[] | undefined {
    const ins = node.inputs.map((r) => {
      const v = values.get(key(r));
      if (!v) throw new Error(`value ${key(r)} read before it was computed`);
      return v;
    });
    const weights = this.network.nodeWeights(node.id);
    if (carried && isCellType(node.layer.type)) {
      const cfg = readRecurrentConfig(node.layer as Parameters<typeof readRecurrentConfig>[0]);
      const x = ins[0]!;
      const run = runDirection({ cfg, x: x.t, mask: x.mask, weights, initialState: carried, dropout: NO_DROPOUT });
      const states = cfg.returnState ? run.states : [];
      // At a masked step the layer's output is the previous step's output (driver.ts), which a
      // one-step run cannot see: it is the carried h (every cell outputs its h).
      const output = x.mask && !cfg.zeroOutputForMask ? tf.add(run.output, tf.mul(tf.sub(1, tf.expandDims(x.mask, 2)), tf.expandDims(carried[0]!, 1))) : run.output;
      // rnn-kernel.ts's outputs and masks, for a layer whose step the checker made sure returns sequences.
      [output, ...states].forEach((t, i) => values.set(key({ node: node.id, index: i }), { t, mask: i === 0 ? x.mask : null }));
      return [...run.states];
    }
    const given = node.initialState?.map((r) => values.get(key(r))!.t);
    const result = kernelFor(node.layer.type).forward({
      layer: node.layer,
      inputs: ins.map((v) => v.t),
      masks: ins.map((v) => v.mask),
      weights,
      ...(given ? { initialState: given } : {}),
      training: false,
      rng: this.rng,
    });
    result.outputs.forEach((t, i) => values.set(key({ node: node.id, index: i }), { t, mask: result.masks[i] ?? null }));
    return undefined;
  }
}

// Runs a checked model's graph of layer applications forwards, and its hand-written backward
// passes in reverse. The IR lists nodes so that each comes after the nodes it reads, so the
// forward pass is one loop and the backward pass the same loop reversed; a value read by
// several nodes (a functional model's fan-out) gets the sum of their gradients.

import type { CheckedModel, ValueRef } from '../../compiler/ir.ts';
import { kernelFor } from '../layers/index.ts';
import type { ForwardArgs, ForwardResult, Mask } from '../layers/kernel.ts';
import type { Rng } from '../rng.ts';
import { tf, type Tensor } from '../tf.ts';

/** Where a value lives: output `index` of node `node`, or model input `index` (node -1). */
const key = (r: ValueRef) => `${r.node}:${r.index}`;

export interface ForwardRun {
  readonly outputs: readonly Tensor[];
  readonly outputMasks: readonly Mask[];
  /** Per node: the arguments it was called with and what it returned. */
  readonly calls: readonly { readonly args: ForwardArgs; readonly result: ForwardResult }[];
}

export interface GraphState {
  /** Weights per node, in the layer's weight order. */
  readonly weights: readonly (readonly Tensor[])[];
  /** Per node, a stream for its dropout masks. */
  readonly rngs: readonly Rng[];
  /** Per node, a stateful recurrent layer's carried states (or undefined). */
  readonly carried: (readonly Tensor[] | undefined)[];
}

export function forward(
  model: CheckedModel,
  state: GraphState,
  inputs: readonly Tensor[],
  inputMasks: readonly Mask[],
  training: boolean,
): ForwardRun {
  const values = new Map<string, { t: Tensor; mask: Mask }>();
  inputs.forEach((t, i) => values.set(key({ node: -1, index: i }), { t, mask: inputMasks[i] ?? null }));
  const read = (r: ValueRef) => {
    const v = values.get(key(r));
    if (!v) throw new Error(`value ${key(r)} read before it was computed`);
    return v;
  };
  const calls: { args: ForwardArgs; result: ForwardResult }[] = [];
  for (const node of model.nodes) {
    const ins = node.inputs.map(read);
    const given = node.initialState?.map((r) => read(r).t) ?? state.carried[node.id];
    const args: ForwardArgs = {
      layer: node.layer,
      inputs: ins.map((v) => v.t),
      masks: ins.map((v) => v.mask),
      weights: state.weights[node.id] ?? [],
      ...(given ? { initialState: given } : {}),
      training,
      rng: state.rngs[node.id]!,
    };
    const result = kernelFor(node.layer.type).forward(args);
    result.outputs.forEach((t, i) => values.set(key({ node: node.id, index: i }), { t, mask: result.masks[i] ?? null }));
    calls.push({ args, result });
  }
  const outs = model.outputs.map(read);
  return { outputs: outs.map((v) => v.t), outputMasks: outs.map((v) => v.mask), calls };
}

/**
 * Gradients of the loss with respect to every weight, given its gradients with respect to the
 * model's outputs. Returns, per node, one gradient per weight (null where none flows or the
 * weight is not trainable).
 */
export function backward(
  model: CheckedModel,
  run: ForwardRun,
  dOutputs: readonly Tensor[],
  /** Gradients flowing into inner values directly (an activity regularizer's). */
  extra: readonly { readonly ref: ValueRef; readonly grad: Tensor }[] = [],
): (Tensor | null)[][] {
  const grads = new Map<string, Tensor>();
  const accumulate = (r: ValueRef, g: Tensor | null) => {
    if (!g) return;
    const k = key(r);
    const prev = grads.get(k);
    grads.set(k, prev ? tf.add(prev, g) : g);
  };
  model.outputs.forEach((r, i) => accumulate(r, dOutputs[i] ?? null));
  for (const e of extra) accumulate(e.ref, e.grad);

  const dWeights: (Tensor | null)[][] = model.nodes.map(() => []);
  for (let n = model.nodes.length - 1; n >= 0; n--) {
    const node = model.nodes[n]!;
    const { args, result } = run.calls[n]!;
    const dOuts = result.outputs.map((_, i) => grads.get(key({ node: node.id, index: i })) ?? null);
    if (dOuts.every((g) => g === null)) {
      dWeights[n] = args.weights.map(() => null);
      continue;
    }
    // Gradients reaching the model's inputs (node −1) are summed below but never read.
    const inputGradsWanted = node.inputs.map((r) => r.node >= 0);
    const back = kernelFor(node.layer.type).backward({ ...args, outputs: result.outputs, dOutputs: dOuts, cache: result.cache, inputGradsWanted });
    node.inputs.forEach((r, i) => accumulate(r, back.dInputs[i] ?? null));
    node.initialState?.forEach((r, i) => accumulate(r, back.dInitialState?.[i] ?? null));
    dWeights[n] = [...back.dWeights];
  }
  return dWeights;
}

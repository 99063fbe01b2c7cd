// What training over sequences needs of a model's graph, read by the checker (train-sequences.ts),
// the runtime (train/windows.ts, train/stateful-batches.ts) and the emitter alike:
//   - the batch size a stateful recurrent layer fixes (Keras: "When using `stateful=True` in a RNN,
//     the batch size must be static", rnn.py RNN.build), which every batch must then have;
//   - whether truncated backpropagation through time can split the model's sequences into windows
//     of k steps: every layer between the inputs and the outputs either works on each time step on
//     its own or is a forward recurrent layer that carries its state from one window to the next,
//     and the outputs are either all per-step sequences (many-to-many: each window has its own
//     targets and loss) or all after the time axis is gone (many-to-one: only the last window's
//     output meets the target).
//
// Front end (rule 4 of ARCHITECTURE.md): it reads the IR and imports no back end.

import type { Code } from '../diagnostics/codes.ts';
import type { Range } from '../source/text.ts';
import { argumentOf, wrappedLayers, type CheckedLayer, type IRNode, type ModelInput, type ValueRef } from './ir.ts';
import type { ValueType } from './tensor-type.ts';

/** The part of a model the analyses read (a ModelBody while checking, a CheckedModel after). */
export interface SequenceGraph {
  readonly inputs: readonly ModelInput[];
  readonly nodes: readonly IRNode[];
  readonly outputs: readonly ValueRef[];
}

export function isStatefulLayer(layer: CheckedLayer): boolean {
  return [layer, ...wrappedLayers(layer)].some((l) => argumentOf(l, 'stateful') === true);
}

/** The batch size the model's first stateful layer fixes, and that layer's node; null when none is
 *  stateful. (The checker's: it reads the layer's input type.) */
export function statefulBatch(graph: Pick<SequenceGraph, 'nodes'>): { readonly batch: number; readonly node: IRNode } | null {
  for (const node of graph.nodes) {
    if (!isStatefulLayer(node.layer)) continue;
    // The checker refuses a stateful layer whose batch axis is unknown.
    const t = node.layer.inputTypes[0];
    if (t?.kind === 'tensor' && typeof t.shape[0] === 'number') return { batch: t.shape[0], node };
  }
  return null;
}

/**
 * The same at run time, from what an emitted program's model keeps too (its layers carry no
 * types): in a model that checked, the batch axis a stateful layer sees is the one its Input fixes.
 */
export function fixedBatch(model: Pick<SequenceGraph, 'nodes' | 'inputs'>): { readonly batch: number; readonly layer: string } | null {
  const node = model.nodes.find((n) => isStatefulLayer(n.layer));
  const batch = model.inputs.map((i) => i.type.shape[0]).find((b) => typeof b === 'number');
  return node && typeof batch === 'number' ? { batch, layer: node.layer.name } : null;
}

/**
 * How a model that checked with `truncated_bptt` trains its windows (windowPlan decided it
 * could): per-step targets when every output keeps the time axis, else the last window's output.
 * Read at run time from the graph alone, as an emitted program has it.
 */
export function windowOutputs(model: Pick<SequenceGraph, 'nodes' | 'outputs'>): 'sequences' | 'last' {
  const key = (r: ValueRef) => `${r.node}:${r.index}`;
  const untimed = new Set<string>();
  for (const node of model.nodes) {
    const recurrent = RECURRENT.has(node.layer.type);
    // A recurrent layer's states, and its output without return_sequences, have no time axis.
    if (recurrent) for (let i = argumentOf(node.layer, 'return_sequences') === true ? 1 : 0; i < 3; i++) untimed.add(key({ node: node.id, index: i }));
    else if (node.inputs.every((r) => untimed.has(key(r)))) untimed.add(key({ node: node.id, index: 0 }));
  }
  return model.outputs.some((r) => untimed.has(key(r))) ? 'last' : 'sequences';
}

/** How truncated BPTT trains the model: per-step targets in every window, or the last window's output only. */
export interface WindowPlan {
  readonly ok: true;
  /** 'sequences': many-to-many; 'last': many-to-one. */
  readonly outputs: 'sequences' | 'last';
  /** The inputs' time steps when the model fixes them. */
  readonly steps: number | null;
}

export interface WindowProblem {
  readonly ok: false;
  readonly code: Code;
  readonly range: Range;
  readonly message: string;
  readonly label: string;
  readonly hint: string;
}

const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);
/** Element by element: any rank of a sequence is fine. */
const ELEMENTWISE = new Set(['Activation', 'Dropout', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);
/** On the last axis of each step: the sequence must keep a feature axis after the time axis. */
const PER_STEP = new Set(['Dense', 'Masking', 'LayerNormalization', 'Normalization', 'TimeDistributed', 'Concatenate']);

const rankOf = (t: ValueType | undefined) => (t?.kind === 'tensor' ? t.shape.length : null);

/** Whether `truncated_bptt` can window this model, and how; else the first layer in the way. */
export function windowPlan(graph: SequenceGraph, trainRange: Range): WindowPlan | WindowProblem {
  const key = (r: ValueRef) => `${r.node}:${r.index}`;
  const timed = new Set<string>();
  let steps: number | null = null;
  for (const [i, input] of graph.inputs.entries()) {
    if (input.type.shape.length < 2) {
      return problem('E0538', input.range, `input \`${input.name}\` has no time axis to split into windows`, 'no time axis', 'truncated_bptt trains sequences: give the input a shape of (steps, features), or (steps,) of token ids');
    }
    timed.add(key({ node: -1, index: i }));
    const t = input.type.shape[1];
    if (typeof t === 'number') steps = t;
  }
  let carries = false;
  for (const node of graph.nodes) {
    const layer = node.layer;
    const ins = node.inputs.map((r) => timed.has(key(r)));
    if (!ins.some(Boolean)) continue;
    const name = `${layer.type} \`${layer.name}\``;
    if (!ins.every(Boolean)) {
      return problem('E0537', node.range, `${name} joins a sequence with a value that has no time axis`, 'mixes a sequence and a vector', 'under truncated_bptt each window of the sequence goes through this layer on its own; feed it sequences only');
    }
    const mark = (index: number) => timed.add(key({ node: node.id, index }));
    if (RECURRENT.has(layer.type)) {
      if (argumentOf(layer, 'go_backwards') === true) {
        return problem('E0537', node.range, `${name} has go_backwards=true: it reads each sequence from its end, which a window cut from the start cannot give it`, 'reads backwards', 'drop go_backwards, or truncated_bptt');
      }
      if (node.initialState) {
        return problem('E0537', node.range, `${name} takes initial_state, which would replace the state each window carries from the last`, 'initial_state', 'under truncated_bptt the first window starts from zeros and each later one from the state before it; drop initial_state, or truncated_bptt');
      }
      carries = true;
      if (argumentOf(layer, 'return_sequences') === true) mark(0);
      continue;
    }
    if (layer.type === 'Bidirectional') {
      return problem('E0537', node.range, `${name} runs a backward direction over the whole sequence, which a window cannot give it`, 'reads each sequence from both ends', 'use a forward recurrent layer, or drop truncated_bptt');
    }
    const types = layer.inputTypes;
    const perStepOk = PER_STEP.has(layer.type) && node.inputs.every((_, j) => (rankOf(types[j]) ?? 3) >= 3);
    const concatOnTime = layer.type === 'Concatenate' && [1, 1 - (rankOf(types[0]) ?? 3)].includes(Number(argumentOf(layer, 'axis')));
    if ((ELEMENTWISE.has(layer.type) || perStepOk || layer.type === 'Embedding') && !concatOnTime) {
      layer.outputTypes.forEach((_, index) => mark(index));
      continue;
    }
    return problem('E0537', node.range, `${name} mixes the time steps of a sequence, so a window of k steps through it is not a part of the whole`, 'mixes time steps', 'truncated_bptt needs layers that work on each time step (Dense, Embedding, Dropout, …) around forward recurrent layers');
  }
  if (!carries) {
    return problem('E0538', trainRange, 'truncated_bptt needs a recurrent layer to carry the state from one window to the next, and this model has none on its inputs’ path', 'no recurrent layer', 'add a SimpleRNN, LSTM or GRU, or drop truncated_bptt');
  }
  const outs = graph.outputs.map((r) => timed.has(key(r)));
  if (outs.some(Boolean) && !outs.every(Boolean)) {
    return problem('E0538', trainRange, 'truncated_bptt needs every output to be a sequence (many-to-many) or none (many-to-one), but this model has both', 'outputs of both kinds', 'train the two kinds of output in separate models');
  }
  return { ok: true, outputs: outs.every(Boolean) ? 'sequences' : 'last', steps };
}

function problem(code: Code, range: Range, message: string, label: string, hint: string): WindowProblem {
  return { ok: false, code, range, message, label, hint };
}

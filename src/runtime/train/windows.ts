// Truncated backpropagation through time (`truncated_bptt = k`): each batch's sequences run in
// windows of k time steps (the last window takes what is left). Every recurrent layer starts the
// first window from zeros (a stateful one from the state the batch before left) and each later
// window from the state the window before ended in, held as a constant, so no gradient flows back
// across a window's start — PyTorch's "detach the hidden state every k steps". The semantics
// (sequence-training.ts decides which applies):
//   - many-to-many (every output a sequence): each window's targets are its own steps; each window
//     is a training step of its own — forward, loss, backward, optimizer — as in PyTorch's loop;
//   - many-to-one: the windows before the last only advance the states (a forward pass in training
//     mode); the last window's output meets the target, and its gradient reaches back k steps.
// The logged loss weights each window by its steps, so it is the mean over samples and steps, as
// the whole sequence's loss is. fit.ts's trainWindows runs a batch so, for rnnc and the emitted programs.

import { windowOutputs } from '../../compiler/sequence-training.ts';
import { RnncError } from '../errors.ts';
import type { Network } from '../model/network.ts';
import type { tf } from '../tf.ts';
import type { HostArray } from './batches.ts';
import type { CompiledLoss } from './losses.ts';
import type { OutputMetric } from './metrics.ts';
import type { Optimizer } from './optimizers.ts';

/** fit.ts's Dataset (not imported: fit.ts imports this file). */
interface Sequences {
  readonly x: readonly HostArray[];
  readonly y: readonly HostArray[];
}

/** Window boundaries over `steps` time steps: k at a time, the last takes what is left. */
export function timeWindows(steps: number, k: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < steps; t += k) out.push([t, Math.min(steps, t + k)]);
  return out;
}

/** What a windowed batch trains with: fit's loss, optimizer, metrics, and the plan's outputs. */
export interface WindowedTraining {
  readonly net: Network;
  readonly loss: CompiledLoss;
  readonly optimizer: Optimizer;
  readonly variables: readonly tf.Variable[];
  readonly metrics: readonly OutputMetric[];
  readonly k: number;
  readonly outputs: 'sequences' | 'last';
}

/** How the model's outputs train under truncated BPTT, and the data's time steps, checked against each other. */
export function windowedTraining(net: Network, data: Sequences, k: number, rest: Omit<WindowedTraining, 'net' | 'k' | 'outputs'>): WindowedTraining {
  // The checker has refused a model the windows do not fit (windowPlan, E0537/E0538).
  const plan = { outputs: windowOutputs(net.model) };
  const steps = data.x[0]!.shape[1]!;
  const lengths = [...data.x, ...(plan.outputs === 'sequences' ? data.y : [])].map((a) => a.shape[1]);
  const other = lengths.find((t) => t !== steps);
  if (other !== undefined) {
    throw new RnncError(
      'E0644',
      `truncated_bptt cuts every input${plan.outputs === 'sequences' ? ' and target' : ''} into the same windows, but the data has sequences of ${steps} and of ${other} time steps`,
      { context: 'truncated_bptt' },
      'give every input (and, for a many-to-many model, every target) the same number of time steps',
    );
  }
  return { net, k, outputs: plan.outputs, ...rest };
}

// The messages between a training run and its step workers (split-step.ts and worker.ts): plain
// data, so that they cross a MessagePort by structured clone.

import type { MessagePort } from 'node:worker_threads';
import type { CheckedModel, TrainConfig } from '../../../compiler/ir.ts';
import type { BackendName } from '../../tf.ts';
import type { HostArray } from '../batches.ts';

export type LossSettings = Pick<TrainConfig, 'loss'> & Partial<Pick<TrainConfig, 'losses' | 'lossWeights'>>;

/** Sent once, to a fresh worker: what it needs to build its copy of the network. */
export interface WorkerInit {
  readonly model: CheckedModel;
  /** Draws the worker's dropout streams (its weights are replaced before the first step). */
  readonly seed: number;
  readonly backend: BackendName;
  /** The train block's losses (per output, and their weights), compiled by the worker as fit() does. */
  readonly loss: LossSettings;
  /** The port the steps come over (the worker's end of a MessageChannel). */
  readonly port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [0] the number of the last step the worker finished,
   *  [1] 1 once the worker failed outside a step. */
  readonly done: SharedArrayBuffer;
}

/** One step's share of a batch, and the weights to compute it with. */
export interface StepRequest {
  readonly seq: number;
  /** Every weight of the network, in `Network.weights` order. */
  readonly weights: readonly (Float32Array | Int32Array)[];
  readonly xs: readonly HostArray[];
  readonly ys: readonly HostArray[];
}

/** The worker's answer: its share's mean loss and gradients, and its predictions for metrics. */
export type StepReply =
  | {
      readonly seq: number;
      readonly loss: number;
      /** Each output's loss, unweighted. */
      readonly outputLosses: readonly number[];
      readonly gradientsFinite: boolean;
      readonly grads: readonly Float32Array[];
      readonly predictions: readonly HostArray[];
    }
  | { readonly seq: number; readonly error: string };

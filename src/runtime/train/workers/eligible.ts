// Which training runs split each batch across workers (split-step.ts) and still compute Keras's
// step. A split step is the weighted sum of each share's gradient of its mean loss, with weights
// share/batch. That equals the whole batch's gradient only when the batch's loss is the mean of
// per-sample terms that do not depend on the other samples. These break it, so they are refused
// (E0724) rather than trained with other numbers:
//   - a masked output, or sparse_categorical_crossentropy's ignore_class: the loss is
//     sum(values · mask) / sum(mask), whose shares weigh by their valid counts, not their samples;
//   - BatchNormalization: its statistics are the whole batch's;
//   - activity_regularizer: Keras 3 adds penalty(output) summed over the batch, not its mean;
//   - stateful layers and truncated_bptt: their states run through the batch's rows and windows
//     in one network.

import type { CheckedModel, CheckedLayer, TrainConfig } from '../../../compiler/ir.ts';
import { argumentOf, wrappedLayers } from '../../../compiler/ir.ts';
import { isStatefulLayer } from '../../../compiler/sequence-training.ts';
import { RnncError } from '../../errors.ts';

/** Why this run cannot split its batches, or null when it can. */
export function splitRefusal(model: CheckedModel, train: Pick<TrainConfig, 'truncatedBptt' | 'loss'> & Partial<Pick<TrainConfig, 'losses'>>): string | null {
  if (train.truncatedBptt !== null) return 'truncated_bptt carries states from window to window in one network';
  const layers = model.nodes.flatMap((n) => everyLayer(n.layer));
  const named = (l: CheckedLayer) => `${l.type} \`${l.name}\``;
  const stateful = model.nodes.find((n) => isStatefulLayer(n.layer));
  if (stateful) return `${named(stateful.layer)} is stateful: its states run from batch to batch in one network`;
  const norm = layers.find((l) => l.type === 'BatchNormalization');
  if (norm) return `${named(norm)} normalizes with the whole batch's statistics`;
  const activity = layers.find((l) => argumentOf(l, 'activity_regularizer') != null);
  if (activity) return `${named(activity)} has an activity_regularizer, which Keras sums over the whole batch`;
  const masked = model.outputTypes.findIndex((t) => t.kind === 'tensor' && t.masked);
  if (masked >= 0) return `output ${masked + 1} carries a mask, so the loss is a mean over the whole batch's valid steps`;
  // Every output's loss (a per-output loss record or list, else the one loss).
  const ignore = [train.loss, ...(train.losses ?? [])].map((l) => l.args['ignore_class']).find((c) => c !== undefined && c !== null);
  if (ignore !== undefined) return `the loss ignores class ${JSON.stringify(ignore)}, so it is a mean over the whole batch's valid targets`;
  return null;
}

/** E0724: the run asks for more than one worker and cannot split its batches. */
export function splitRefused(workers: number, why: string): RnncError {
  return new RnncError(
    'E0724',
    `workers = ${workers} splits each batch across workers, but ${why}`,
    { context: 'train block' },
    'train with workers = 1 (the default), or remove what the message names',
  );
}

/** E0723: more workers than samples in a batch would leave a worker nothing to compute. */
export function tooManyWorkers(workers: number, batchSize: number): RnncError {
  return new RnncError(
    'E0723',
    `workers = ${workers} is more than batch_size = ${batchSize}: each worker computes a share of every batch`,
    { context: 'train block' },
    `use at most ${batchSize} workers (2 on a machine with two cores), or a larger batch_size`,
  );
}

function everyLayer(layer: CheckedLayer): CheckedLayer[] {
  return [layer, ...wrappedLayers(layer).flatMap(everyLayer)];
}

// A stateful model's batches (Keras's stateful=True): its layers carry states with one row per
// sample of the batch size the model fixes, so every batch must have exactly that many samples.
// The checker holds a train block to it (E0535); this holds what only a run knows — a
// --batch-size flag or a library caller's batchSize (E0710), and how many samples the data has
// (E0643) — before the first batch, where tfjs would otherwise fail with a RangeError. rnnc
// refuses a remainder rather than drop it: dropping would silently leave samples untrained.

import type { CheckedModel } from '../../compiler/ir.ts';
import { fixedBatch } from '../../compiler/sequence-training.ts';
import { RnncError } from '../errors.ts';

/** Where samples come from, for the message: `the training data`, `the data to predict`. */
export interface SampleSet {
  readonly samples: number;
  readonly what: string;
}

/** The batch size a command uses when none is given: a stateful model's own, else `fallback`. */
export function defaultBatchSize(model: CheckedModel, fallback: number): number {
  return fixedBatch(model)?.batch ?? fallback;
}

/** Throws E0710 or E0643 unless batches of `batchSize` fit the model's stateful layers. */
export function checkStatefulBatches(model: CheckedModel, batchSize: number, sets: readonly SampleSet[]): void {
  const fixed = fixedBatch(model);
  if (!fixed) return;
  const { batch } = fixed;
  const layer = `the stateful layer \`${fixed.layer}\` of model \`${model.name}\``;
  if (batchSize !== batch) {
    throw new RnncError(
      'E0710',
      `batch size ${batchSize} asked for, but ${layer} carries states for batches of ${batch}`,
      { context: 'command line' },
      `leave --batch-size out (a stateful model uses its own, ${batch}), or pass --batch-size ${batch}`,
    );
  }
  for (const set of sets) {
    const left = set.samples % batch;
    if (left === 0) continue;
    const below = set.samples - left;
    throw new RnncError(
      'E0643',
      `${set.what} has ${set.samples} samples, not a multiple of ${batch}, the batch size ${layer} fixes: the last batch would have ${left}`,
      { context: set.what },
      `use ${below > 0 ? `${below} or ` : ''}${below + batch} samples: each batch of a stateful model continues the one before, row by row`,
    );
  }
}

// fit()'s door to the workers: none for workers = 1, else the run checked (eligible.ts) and the
// worker threads started on the backend the calling thread runs.

import type { Network } from '../../model/network.ts';
import { tf } from '../../tf.ts';
import type { TrainConfig } from '../../../compiler/ir.ts';
import { splitRefusal, splitRefused, tooManyWorkers } from './eligible.ts';
import { SplitSteps } from './split-step.ts';

/** The settings that decide it: fit()'s, whose workers and truncated_bptt may be absent. */
export type SplitSettings = Pick<TrainConfig, 'batchSize' | 'loss'> & Partial<Pick<TrainConfig, 'workers' | 'truncatedBptt' | 'losses' | 'lossWeights'>> & { readonly seed: number };

export async function splitSteps(net: Network, settings: SplitSettings): Promise<SplitSteps | null> {
  const workers = settings.workers ?? 1;
  if (workers <= 1) return null;
  if (workers > settings.batchSize) throw tooManyWorkers(workers, settings.batchSize);
  const why = splitRefusal(net.model, { truncatedBptt: settings.truncatedBptt ?? null, loss: settings.loss, ...(settings.losses ? { losses: settings.losses } : {}) });
  if (why) throw splitRefused(workers, why);
  const { loss, losses, lossWeights } = settings;
  return SplitSteps.start(net.model, settings.seed, tf.getBackend(), { loss, ...(losses ? { losses } : {}), ...(lossWeights ? { lossWeights } : {}) }, workers);
}

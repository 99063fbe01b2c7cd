// The checker's view of the vocabularies: entries by vocabulary name, and whether a name
// belongs to the train block's vocabularies (so `Adam(…)` in a model body gets a helpful error).

import type { VocabName } from './layers/layer-def.ts';
import { CALLBACKS, LOSSES, METRICS, OPTIMIZERS, VOCABS } from './vocab/index.ts';
import { lookupIn, type Vocab } from './vocab/vocab.ts';

export function layerVocab(name: VocabName): Vocab {
  return VOCABS[name];
}

export type TrainVocabName = 'loss' | 'optimizer' | 'metric' | 'callback';

const TRAIN: Record<TrainVocabName, Vocab> = {
  loss: LOSSES,
  optimizer: OPTIMIZERS,
  metric: METRICS,
  callback: CALLBACKS,
};

export function trainVocab(name: TrainVocabName): Vocab {
  return TRAIN[name];
}

/** Whether a call's name is an optimizer, loss or callback rather than a layer. */
export function isVocabName(name: string): boolean {
  return [OPTIMIZERS, LOSSES, CALLBACKS].some((v) => lookupIn(v, name) !== undefined && /^[A-Z]/.test(name));
}

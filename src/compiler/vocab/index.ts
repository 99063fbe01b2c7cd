// The vocabularies of the language, in one place: VOCABS for the enum-like argument types of
// layers (keyed by VocabName), and LOSSES, OPTIMIZERS, METRICS, CALLBACKS for the train block.

import type { VocabName } from '../layers/layer-def.ts';
import { ACTIVATIONS } from './activations.ts';
import { CALLBACKS } from './callbacks.ts';
import { CONSTRAINTS } from './constraints.ts';
import { DTYPES, MERGE_MODES, OUTPUT_MODES, PADDINGS, SPLITS, STANDARDIZES, TEXT_REPLACEMENTS } from './enums.ts';
import { INITIALIZERS } from './initializers.ts';
import { LOSSES } from './losses.ts';
import { METRICS } from './metrics.ts';
import { OPTIMIZERS } from './optimizers.ts';
import { REGULARIZERS } from './regularizers.ts';
import { SCHEDULES } from './schedules.ts';
import { lookupIn, type Vocab, type VocabEntry } from './vocab.ts';

export type { Vocab, VocabEntry } from './vocab.ts';
export { defaultArgs, fnDefault, spellings } from './vocab.ts';
export {
  ACTIVATIONS,
  CALLBACKS,
  CONSTRAINTS,
  DTYPES,
  INITIALIZERS,
  LOSSES,
  MERGE_MODES,
  METRICS,
  OPTIMIZERS,
  PADDINGS,
  REGULARIZERS,
  SCHEDULES,
};

export const VOCABS: Readonly<Record<VocabName, Vocab>> = {
  activation: ACTIVATIONS,
  initializer: INITIALIZERS,
  regularizer: REGULARIZERS,
  constraint: CONSTRAINTS,
  merge_mode: MERGE_MODES,
  padding: PADDINGS,
  dtype: DTYPES,
  schedule: SCHEDULES,
  standardize: STANDARDIZES,
  split: SPLITS,
  output_mode: OUTPUT_MODES,
  text_replace: TEXT_REPLACEMENTS,
};

/**
 * Finds an entry by canonical name or alias, case-sensitively first, then ignoring case.
 * `vocab` is a VocabName (`'activation'`) or a vocabulary itself (`LOSSES`).
 */
export function lookup(vocab: VocabName | Vocab, name: string): VocabEntry | undefined {
  return lookupIn(typeof vocab === 'string' ? VOCABS[vocab] : vocab, name);
}

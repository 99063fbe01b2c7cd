// Raw text in and out of generation, through the model's own vocabularies (the TextVectorization
// layers rnnc train adapted and saved): a source text becomes ids as training made them (a word
// never seen is [UNK], as TextVectorization's lookup has it), and a decoder fed text writes text.
// A model trained on ids has no vocabulary here: its sources are ids (E0716 for text).

import type { Location } from '../../diagnostics/diagnostic.ts';
import { RnncError } from '../errors.ts';
import type { Network } from '../model/network.ts';
import { idsOfTexts, textLayerOf, textOfIds } from '../text/text-inputs.ts';
import type { HostArray } from '../train/batches.ts';
import type { Generated } from './search.ts';

/** A generated sequence, and its text when the fed input has a vocabulary. */
export type GeneratedText = Generated & { readonly text?: string };

/** The source texts as the one source input's ids; E0716 without a vocabulary, E0717 for an empty text. */
export function sourcesFromTexts(network: Network, sourceInputs: readonly number[], texts: readonly string[], where: Location): HostArray[] {
  const model = network.model;
  const [input] = sourceInputs;
  const layer = sourceInputs.length === 1 ? textLayerOf(network, input!) : undefined;
  if (input === undefined || layer === undefined) {
    const why = sourceInputs.length === 0 ? 'is a language model and reads no source' : sourceInputs.length > 1 ? `reads ${sourceInputs.length} sources` : `reads its source \`${model.inputs[input!]!.name}\` as token ids, with no vocabulary`;
    throw new RnncError('E0716', `model \`${model.name}\` ${why}, so it cannot take source text`, where, sourceInputs.length === 1 ? 'give the source ids (--source ids.npy), or read the source with a TextVectorization' : 'give one text source only to a model with one source input read by a TextVectorization');
  }
  if (texts.length === 0) throw new RnncError('E0717', 'no source text was given', where, 'give at least one sentence, such as --text "forty two"');
  const { ids, empty } = idsOfTexts(network, input, texts);
  if (empty !== null) {
    throw new RnncError('E0717', `source text ${empty + 1} (${JSON.stringify(texts[empty])}) has no token once standardized and split`, where, `give each source at least one word; \`${layer}\` lowercases, strips punctuation and splits as it did in training`);
  }
  return [ids];
}

/** `results` with their text, when the decode block feeds text (its vocabulary turns ids into words). */
export function withText(network: Network, results: readonly Generated[]): GeneratedText[] {
  const fed = network.model.decode?.text;
  if (!fed) return [...results];
  return results.map((g) => ({ ...g, text: textOfIds(network, fed.layer, g.tokens) }));
}

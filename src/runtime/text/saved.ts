// A TextVectorization's vocabulary in the saved model: model.json's `rnnc.vocabularies`, one list
// per layer name, "" and "[UNK]" first — Keras's get_vocabulary() order, so a token's position is
// its id. Keras 3 keeps an adapted vocabulary in the .keras archive's assets; rnnc keeps one file
// pair (model.json, weights.bin) and puts it beside the source it records. tfjs-layers has no
// TextVectorization and cannot load such a model (save/tfjs-notes.ts says so).
//
// A text corpus's character vocabulary (data/text-corpus.ts) is kept beside them, under
// `rnnc.text_vocabulary`: the ids the model was trained on, which predict, evaluate and
// generate must read a text with again.

import type { CheckedModel } from '../../compiler/ir.ts';
import { RnncError } from '../errors.ts';
import type { Network } from '../model/network.ts';
import type { Json, RnncMetadata } from '../save/json.ts';
import { isJsonObject } from '../save/json.ts';
import { setVocabularies, vocabulariesOf } from './text-inputs.ts';
import { idsToTokens } from './vocabulary.ts';

const CORPUS_VOCABULARIES = new WeakMap<Network, readonly string[]>();

/** The characters (by id) of the text corpus `net` was trained on or loaded with. */
export function setCorpusVocabulary(net: Network, tokens: readonly string[]): void {
  CORPUS_VOCABULARIES.set(net, tokens);
}

export function corpusVocabularyOf(net: Network): readonly string[] | undefined {
  return CORPUS_VOCABULARIES.get(net);
}

/** What save() records under `rnnc.vocabularies` and `rnnc.text_vocabulary`: nothing for a model without text. */
export function vocabularyMetadata(net: Network): { vocabularies?: Json; text_vocabulary?: Json } {
  const known = vocabulariesOf(net);
  const corpus = CORPUS_VOCABULARIES.get(net);
  return {
    ...(known.size === 0 ? {} : { vocabularies: Object.fromEntries([...known].map(([name, v]) => [name, [...v]])) }),
    ...(corpus ? { text_vocabulary: [...corpus] } : {}),
  };
}

/** Every TextVectorization's saved vocabulary, by layer name; E0813 where one is missing. */
export function savedVocabularies(model: CheckedModel, rnnc: RnncMetadata, file: string): Record<string, string[]> {
  const record = rnnc['vocabularies'];
  const out: Record<string, string[]> = {};
  for (const node of model.nodes) {
    if (node.layer.type !== 'TextVectorization') continue;
    const v = isJsonObject(record) && Object.hasOwn(record, node.layer.name) ? record[node.layer.name] : undefined;
    if (!Array.isArray(v) || !v.every((t): t is string => typeof t === 'string') || v[0] !== '' || v[1] !== '[UNK]') {
      throw new RnncError(
        'E0813',
        `${file} holds no vocabulary for TextVectorization \`${node.layer.name}\``,
        file,
        'save the model again with rnnc train: it writes each vocabulary under "rnnc" → "vocabularies" in model.json',
      );
    }
    out[node.layer.name] = v;
  }
  return out;
}

/** Restores a saved model's vocabularies into `net`: predict, evaluate and generate then use them. */
export function restoreVocabularies(net: Network, rnnc: RnncMetadata, file: string): void {
  setVocabularies(net, savedVocabularies(net.model, rnnc, file));
  const corpus = rnnc['text_vocabulary'];
  if (corpus === undefined) return;
  if (!Array.isArray(corpus) || !corpus.every((t): t is string => typeof t === 'string') || corpus[0] !== '' || corpus[1] !== '[UNK]') {
    throw new RnncError('E0813', `${file}: "rnnc" → "text_vocabulary" is not the list of a text corpus's characters`, file, 'save the model again with rnnc train: it writes the characters by id, "" and "[UNK]" first');
  }
  setCorpusVocabulary(net, corpus);
}

/**
 * Ids back to tokens with a saved model's vocabulary (for a decoder printing generated text):
 * `layer` names the TextVectorization, or may be left out when the model has one.
 */
export function decodeIds(model: CheckedModel, rnnc: RnncMetadata, file: string, ids: ArrayLike<number>, layer?: string): string[] {
  const all = savedVocabularies(model, rnnc, file);
  const names = Object.keys(all);
  const name = layer ?? (names.length === 1 ? names[0] : undefined);
  const vocabulary = name === undefined ? undefined : all[name];
  if (!vocabulary) {
    throw new RnncError('E0813', `${file}: ${layer === undefined ? `the model has ${names.length} TextVectorization layers; say which one` : `no TextVectorization named \`${layer}\``}`, file, `its TextVectorization layers: ${names.join(', ') || 'none'}`);
  }
  return idsToTokens(vocabulary, ids);
}

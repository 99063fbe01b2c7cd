// A TextVectorization's vocabulary in the saved model: model.json's `rnnc.vocabularies`, one list
// per layer name, "" and "[UNK]" first — Keras's get_vocabulary() order, so a token's position is
// its id. Keras 3 keeps an adapted vocabulary in the .keras archive's assets; rnnc keeps one file
// pair (model.json, weights.bin) and puts it beside the source it records. tfjs-layers has no
// TextVectorization and cannot load such a model (save/tfjs-notes.ts says so).

import type { CheckedModel } from '../../compiler/ir.ts';
import { RnncError } from '../errors.ts';
import type { Network } from '../model/network.ts';
import type { Json, RnncMetadata } from '../save/json.ts';
import { isJsonObject } from '../save/json.ts';
import { setVocabularies, vocabulariesOf } from './text-inputs.ts';
import { idsToTokens } from './vocabulary.ts';

/** What save() records under `rnnc.vocabularies`: nothing for a model without text. */
export function vocabularyMetadata(net: Network): { vocabularies?: Json } {
  const known = vocabulariesOf(net);
  if (known.size === 0) return {};
  return { vocabularies: Object.fromEntries([...known].map(([name, v]) => [name, [...v]])) };
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

/** Restores a saved model's vocabularies into `net`: predict and evaluate then use them. */
export function restoreVocabularies(net: Network, rnnc: RnncMetadata, file: string): void {
  setVocabularies(net, savedVocabularies(net.model, rnnc, file));
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

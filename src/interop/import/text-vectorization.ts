// A Keras 3 TextVectorization and its vocabulary. Keras keeps an adapted vocabulary out of the
// config: saving_lib.py's _save_state calls each layer's save_assets(dir) with the layer's path
// under the archive's `assets/` (DiskIOStore), and TextVectorization.save_assets hands it to its
// StringLookup (index_lookup.py), which writes `vocabulary.txt`, get_vocabulary(include_special_
// tokens=True) joined by "\n": "" (the mask, id 0), "[UNK]" (id 1), then the tokens, most frequent
// first. So an adapted vocabulary is `assets/layers/text_vectorization/vocabulary.txt` (the lookup
// layer, walked as the attribute `_lookup_layer`, writes the same list once more below it). A
// vocabulary given to the constructor is in the config instead (`vocabulary`, as given) and no
// asset is written; load_assets reads the file with splitlines(), trailing empty lines dropped.
// rnnc keeps the vocabulary in the saved model.json (`rnnc.vocabularies`, src/runtime/text/saved.ts)
// in the same order, so a token's id is the same.
//
// The options rnnc does not compute are named (E0830) rather than imported as another layer:
// output modes other than int, TF-IDF weights, padding to max_tokens, callables, n-gram tuples
// other than (1, …, n), encodings other than UTF-8.

import { isJsonObject, type Json, type JsonObject } from '../../runtime/save/json.ts';
import { asList, describe, importError, type SourceModel } from './source-model.ts';

const MASK = '';
const OOV = '[UNK]';

/** The config with the keys rnnc reads (the vocabulary taken out), or E0830 naming an option it does not compute. */
export function textVectorizationConfig(file: string, layer: string, config: JsonObject): JsonObject {
  const refuse = (key: string, why: string, hint: string) => importError('E0830', file, `layer ${layer}: TextVectorization's ${key}=${describe(config[key])} ${why}`, hint);
  const mode = config['output_mode'] ?? 'int';
  if (mode !== 'int') throw refuse('output_mode', 'is not computed by rnnc, which makes one id per token (int)', 'rebuild the layer with output_mode="int"');
  if (config['pad_to_max_tokens'] === true) throw refuse('pad_to_max_tokens', 'serves the multi-hot and count modes rnnc does not compute', 'save the layer with pad_to_max_tokens=False');
  const idf = config['idf_weights'];
  if (idf !== undefined && idf !== null) throw refuse('idf_weights', 'are TF-IDF weights, which rnnc does not compute', 'use output_mode="int"');
  for (const key of ['standardize', 'split']) {
    const v = config[key];
    if (v !== undefined && v !== null && typeof v !== 'string') throw refuse(key, 'is a Python function, which rnnc cannot run', 'use one of Keras\'s named choices, or None');
  }
  const encoding = config['encoding'];
  if (typeof encoding === 'string' && !/^utf-?8$/i.test(encoding)) throw refuse('encoding', 'is not UTF-8, the only encoding rnnc reads text in', 'save the layer with encoding="utf-8"');
  const out: Record<string, Json> = { ...config };
  // Keras's n-grams as a tuple: rnnc's int n means (1, …, n), and (1, …, n) is that n.
  const ngrams = asList(config['ngrams']);
  if (ngrams) {
    if (!ngrams.every((n, i) => n === i + 1)) throw refuse('ngrams', 'is not (1, …, n), the n-grams rnnc makes from an int n', 'use an int n: every k-gram for k from 1 to n');
    out['ngrams'] = ngrams.length === 1 ? null : ngrams.length;
  }
  // What rnnc reads elsewhere (the vocabulary), what only sizes the refused modes, and the ids'
  // dtype (Keras's int64 or the string policy rnnc saves; rnnc's ids are int32, what an Embedding reads).
  for (const key of ['vocabulary', 'vocabulary_size', 'idf_weights', 'pad_to_max_tokens', 'encoding', 'dtype']) delete out[key];
  return out;
}

/** A vocabulary as rnnc keeps it: "" and "[UNK]" first; the given special tokens are not repeated. */
function withSpecialTokens(tokens: readonly string[]): string[] {
  let start = 0;
  if (tokens[start] === MASK) start++;
  if (tokens[start] === OOV) start++;
  return [MASK, OOV, ...tokens.slice(start)];
}

/**
 * The layer's vocabulary: the config's (given to the constructor) or the archive's asset (adapted);
 * E0831 when there is neither, or the asset is not Keras's list.
 */
export function kerasVocabulary(file: string, layer: string, config: JsonObject, assetPath: string, asset: (path: string) => Uint8Array | undefined): string[] {
  const given = config['vocabulary'];
  if (given !== undefined && given !== null) {
    const list = asList(given);
    if (!list?.every((t): t is string => typeof t === 'string')) {
      throw importError('E0831', file, `layer ${layer}: TextVectorization's vocabulary=${describe(given)} is not a list of tokens`, 'give the file Keras saved, whole');
    }
    return withSpecialTokens(list);
  }
  const path = assetPath ? [`${assetPath}/vocabulary.txt`, `${assetPath}/_lookup_layer/vocabulary.txt`].find((p) => asset(p) !== undefined) : undefined;
  const bytes = path === undefined ? undefined : asset(path);
  if (bytes === undefined) {
    const where = assetPath ? `no ${assetPath}/vocabulary.txt, no vocabulary in its config` : 'no vocabulary in its config, and the file keeps no assets';
    throw importError('E0831', file, `layer ${layer}: ${file} holds no vocabulary for this TextVectorization (${where})`, 'adapt the layer (layer.adapt(texts)) and save the model as a .keras file, or give it vocabulary=');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw importError('E0831', file, `layer ${layer}: ${path} is not UTF-8 text`, 'give the file Keras saved, whole');
  }
  // Python's str.splitlines() cuts at \n, \r\n and \r (and a few more separators Keras's own "\n".join never writes).
  // eslint-disable-next-line no-control-regex -- \x1c–\x1e are line boundaries to Python's splitlines, which Keras reads the file with
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== MASK || lines[1] !== OOV) {
    throw importError('E0831', file, `layer ${layer}: ${path} does not start with "" and "[UNK]", TextVectorization's padding and out-of-vocabulary tokens`, 'rnnc reads the vocabulary Keras writes for TextVectorization (mask_token "", oov_token "[UNK]")');
  }
  return lines;
}

/**
 * The model with each TextVectorization's config cut to what rnnc reads, and their vocabularies by
 * source layer name. `vocabularyAt(layer)` finds a layer's own list (a Keras archive's asset, rnnc's
 * saved model.json), or undefined: then the config must hold it.
 */
export function withVocabularies(model: SourceModel, vocabularyAt: (layer: string, config: JsonObject) => string[] | undefined): { model: SourceModel; vocabularies: Map<string, string[]> } {
  const vocabularies = new Map<string, string[]>();
  const layers = model.layers.map((l) => {
    if (l.className !== 'TextVectorization' || !isJsonObject(l.config)) return l;
    const vocabulary = vocabularyAt(l.name, l.config) ?? kerasVocabulary(model.file, l.name, l.config, '', () => undefined);
    vocabularies.set(l.name, vocabulary);
    const config = textVectorizationConfig(model.file, l.name, l.config);
    // max_tokens bounds what adapt() keeps; the vocabulary Keras kept may be smaller, and then its
    // size is the layer's true bound (rnnc's checker compares it with the Embedding's rows).
    const max = config['max_tokens'];
    return { ...l, config: typeof max === 'number' && max > vocabulary.length ? { ...config, max_tokens: vocabulary.length } : config };
  });
  return { model: { ...model, layers }, vocabularies };
}

// Raw text through a network's TextVectorization layers, on the host: text never becomes a
// tensor. The data readers give a string input's samples as texts (nd-array.ts: `texts`, with
// `data` indexing them, so splitting and slicing move indices); fit() adapts each
// TextVectorization's vocabulary on the training part (Keras's layer.adapt(x_train) before
// fit), then every text becomes a row of int32 ids once, and the batches the network sees are
// ids, which the layer's kernel passes on.
//
// The vocabularies live beside the network's weights (by layer name): adapted by fit, read from
// `vocabulary=` files, or restored from a saved model's model.json (save/vocabularies.ts). A
// vocabulary already there is never adapted again, as a loaded Normalization is not.

import type { IRNode } from '../../compiler/ir.ts';
import { RnncError } from '../errors.ts';
import type { Network } from '../model/network.ts';
import type { HostArray } from '../train/batches.ts';
import { readVocabularyFile } from '../data/vocabulary-file.ts';
import { adaptVocabulary, idsToTokens, padRows, tokenIds, vectorizeTexts, type VectorizeOptions } from './vocabulary.ts';

const VOCABULARIES = new WeakMap<Network, Map<string, readonly string[]>>();
const BASE_DIRS = new WeakMap<Network, string>();

function store(net: Network): Map<string, readonly string[]> {
  let m = VOCABULARIES.get(net);
  if (!m) VOCABULARIES.set(net, (m = new Map<string, readonly string[]>()));
  return m;
}

/** Every TextVectorization's vocabulary that is known, by layer name, special tokens first. */
export function vocabulariesOf(net: Network): ReadonlyMap<string, readonly string[]> {
  return store(net);
}

/** Vocabularies restored from a saved model: fit() will not adapt them again. */
export function setVocabularies(net: Network, vocabularies: Readonly<Record<string, readonly string[]>>): void {
  for (const [name, v] of Object.entries(vocabularies)) store(net).set(name, v);
}

/** Where a `vocabulary=` file is relative to: the .rnn file's folder. */
export function setTextBaseDir(net: Network, dir: string): void {
  BASE_DIRS.set(net, dir);
}

/** What this file reads of a TextVectorization (structural: the emitted program copies this file
 *  without the registry's config types). */
interface TextLayer {
  readonly name: string;
  readonly config: VectorizeOptions & { readonly vocabulary: string | null };
}

type TextNode = Omit<IRNode, 'layer'> & { readonly layer: TextLayer };

/** The TextVectorization reading each string input, by input index. */
function textNodes(net: Network): Map<number, TextNode> {
  const out = new Map<number, TextNode>();
  for (const node of net.model.nodes) {
    if (node.layer.type !== 'TextVectorization') continue;
    const from = node.inputs[0]!;
    const other = out.get(from.index);
    if (other) {
      throw new RnncError(
        'E0530',
        `text input \`${net.model.inputs[from.index]!.name}\` is read by two TextVectorization layers, \`${other.layer.name}\` and \`${node.layer.name}\``,
        'train block',
        'rnnc turns each text input into one row of ids: give each TextVectorization its own Input',
      );
    }
    out.set(from.index, node as unknown as TextNode);
  }
  return out;
}

/** The layer's options; the fed text of a decode block also reserves its start and end tokens. */
function optionsOf(net: Network, layer: TextLayer): VectorizeOptions {
  const fed = net.model.decode?.text;
  return fed?.layer === layer.name ? { ...layer.config, reserved: [fed.start, fed.end] } : layer.config;
}

/**
 * Gives every TextVectorization of `net` its vocabulary: kept if known, read from its
 * `vocabulary=` file, or (with `train`, the training part's inputs) adapted on the texts.
 * Without `train`, a layer with none is E0530: predicting needs a trained or saved model.
 */
export function adaptText(net: Network, train?: readonly HostArray[]): void {
  const known = store(net);
  for (const [input, node] of textNodes(net)) {
    const layer = node.layer;
    if (known.has(layer.name)) continue;
    let vocabulary: readonly string[];
    if (layer.config.vocabulary !== null) vocabulary = readVocabularyFile(BASE_DIRS.get(net) ?? '.', layer.name, layer.config.vocabulary, optionsOf(net, layer));
    else if (train) vocabulary = adaptVocabulary(textsOf(train[input]!, net, input), optionsOf(net, layer));
    else {
      throw new RnncError('E0530', `TextVectorization \`${layer.name}\` has no vocabulary yet`, 'model', 'train the model first (fit adapts the vocabulary on the training text) and predict with the saved model, or give vocabulary="words.txt"');
    }
    checkEmbeddings(net, node, vocabulary.length);
    known.set(layer.name, vocabulary);
  }
}

/** An Embedding reading the ids needs a row for each: max_tokens is checked by the checker
 *  (E0215); an adapted vocabulary without max_tokens is only known now. */
function checkEmbeddings(net: Network, node: TextNode, size: number): void {
  for (const n of net.model.nodes) {
    if (n.layer.type !== 'Embedding' || !n.inputs.some((r) => r.node === node.id)) continue;
    const inputDim = n.layer.config.input_dim;
    if (size > inputDim) {
      throw new RnncError(
        'E0531',
        `TextVectorization \`${node.layer.name}\` has ${size} ids (0 to ${size - 1}), but Embedding \`${n.layer.name}\` has rows for ids 0 to ${inputDim - 1} only`,
        'train block',
        `give the TextVectorization max_tokens=${inputDim}, or make the Embedding Embedding(${size}, …)`,
      );
    }
  }
}

function textsOf(a: HostArray, net: Network, input: number): string[] {
  const texts = a.texts;
  if (!texts) {
    const name = net.model.inputs[input]!.name;
    throw new RnncError('E0636', `input \`${name}\` takes text, but its data holds numbers`, 'data', 'give the texts as strings: "x": "a review" in JSON Lines, or a CSV text column');
  }
  return Array.from(a.data, (i) => texts[i]!);
}

/** `x` with each text input's texts as int32 ids (batch, length); other inputs unchanged. */
export function textToIds(net: Network, x: readonly HostArray[]): HostArray[] {
  return vectorizeInputs(net, x).x;
}

/**
 * Inputs and labels with the texts as ids. A decode block's fed text (`start = "[start]"`) is
 * Keras's translation recipe: each target's ids wrapped in the start and end ids; the decoder
 * reads all but the last (its input, padded to output_sequence_length or the longest) and learns
 * all but the first (the labels, which `y` leaves out: the data gives none).
 */
export function textDataset(net: Network, x: readonly HostArray[], y: readonly HostArray[]): { x: HostArray[]; y: HostArray[] } {
  const { x: ids, labels } = vectorizeInputs(net, x);
  return { x: ids, y: labels && y.length === 0 ? [labels] : [...y] };
}

function vectorizeInputs(net: Network, x: readonly HostArray[]): { x: HostArray[]; labels?: HostArray } {
  const nodes = textNodes(net);
  if (nodes.size === 0) return { x: [...x] };
  adaptText(net);
  const fed = net.model.decode?.text;
  let labels: HostArray | undefined;
  const ids = x.map((a, input): HostArray => {
    const node = nodes.get(input);
    if (!node) return a;
    const vocabulary = store(net).get(node.layer.name)!;
    const options = optionsOf(net, node.layer);
    const texts = textsOf(a, net, input);
    if (fed?.layer !== node.layer.name) {
      const { ids, length } = vectorizeTexts(texts, vocabulary, options);
      return { dtype: 'int32', shape: [a.shape[0] ?? 0, length], data: ids };
    }
    const start = vocabulary.indexOf(fed.start);
    const end = vocabulary.indexOf(fed.end);
    if (start < 0 || end < 0) {
      const missing = start < 0 ? fed.start : fed.end;
      throw new RnncError('E0813', `the vocabulary of TextVectorization \`${node.layer.name}\` has no token ${JSON.stringify(missing)}, which the decode block feeds`, 'model', 'train the model again with its decode block, which reserves the start and end tokens in the vocabulary it saves');
    }
    const rows = tokenIds(texts, vocabulary, options);
    const decoder = padRows(rows.map((r) => [start, ...r]), options.output_sequence_length);
    const targets = padRows(rows.map((r) => [...r, end]), decoder.length);
    labels = { dtype: 'int32', shape: [a.shape[0] ?? 0, decoder.length], data: targets.ids };
    return { dtype: 'int32', shape: [a.shape[0] ?? 0, decoder.length], data: decoder.ids };
  });
  return labels ? { x: ids, labels } : { x: ids };
}

/** The TextVectorization reading model input `input`, if it is a text input: its layer name. */
export function textLayerOf(net: Network, input: number): string | undefined {
  return textNodes(net).get(input)?.layer.name;
}

/**
 * Texts for text input `input` as int32 ids (texts, length) through its vocabulary, which must be
 * known (E0530): a text with no token once standardized and split is null in `empty`.
 */
export function idsOfTexts(net: Network, input: number, texts: readonly string[]): { ids: HostArray; empty: number | null } {
  const node = textNodes(net).get(input)!;
  adaptText(net);
  const options = optionsOf(net, node.layer);
  const rows = tokenIds(texts, store(net).get(node.layer.name)!, options);
  const empty = rows.findIndex((r) => r.length === 0);
  const { ids, length } = padRows(rows, options.output_sequence_length);
  return { ids: { dtype: 'int32', shape: [texts.length, length], data: ids }, empty: empty < 0 ? null : empty };
}

/** A fed text's generated ids as text through its vocabulary: tokens joined by a space, or as
 *  they are for a TextVectorization that splits characters. */
export function textOfIds(net: Network, layer: string, ids: readonly number[]): string {
  const vocabulary = store(net).get(layer) ?? [];
  const node = [...textNodes(net).values()].find((n) => n.layer.name === layer);
  return idsToTokens(vocabulary, ids).join(node?.layer.config.split === 'character' ? '' : ' ');
}

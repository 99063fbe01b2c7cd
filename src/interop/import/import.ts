// Import a Keras or TensorFlow.js model: read the file (read-tfjs.ts, read-keras.ts) into a
// SourceModel, write it as .rnn text (to-rnn.ts), check that text with rnnc's own checker — so the
// imported model is exactly what `rnnc check` and `rnnc summary` will see — format it as `rnnc fmt`
// would, and hand each checked layer its source layer's weights, shape by shape. Anything that does
// not fit is an RnncError naming the file and the layer; nothing here writes files.

import { check } from '../../compiler/check.ts';
import type { CheckedModel } from '../../compiler/ir.ts';
import { format } from '../../format/format.ts';
import type { SavedWeight } from '../../runtime/save/weights-file.ts';
import { commentedOut, trainBlock, trainBlockSource } from './compile-config.ts';
import { readKerasArchive, readLegacyH5 } from './read-keras.ts';
import { readTfjs, type ReadSibling } from './read-tfjs.ts';
import { importError, type SourceFile } from './source-model.ts';
import { modelIdentifier, modelText } from './to-rnn.ts';

export type { ReadSibling } from './read-tfjs.ts';

export interface ImportedModel {
  /** The .rnn file's text, formatted. */
  readonly source: string;
  readonly model: CheckedModel;
  /** Named as rnnc saves them (`lstm/kernel`), in the model's order. */
  readonly weights: readonly SavedWeight[];
  /** Which program wrote the file: `TensorFlow.js`, `Keras 3`, `Keras 2.15.0`, `rnnc`. */
  readonly from: string;
  /** Each TextVectorization's vocabulary by its name in the .rnn model, "" and "[UNK]" first
   *  (saved as model.json's `rnnc.vocabularies`); empty without one. */
  readonly vocabularies: Readonly<Record<string, readonly string[]>>;
}

export interface ImportOptions {
  /** The model's name in the .rnn file (default: the source model's name). */
  readonly name?: string;
  /** The .rnn file's path, for the checker's messages. */
  readonly rnnPath?: string;
}

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const HDF5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

async function readSource(file: string, bytes: Uint8Array, readSibling: ReadSibling): Promise<SourceFile> {
  if (startsWith(bytes, ZIP)) return readKerasArchive(file, bytes);
  if (startsWith(bytes, HDF5)) return readLegacyH5(file, bytes);
  if (/\.(keras|h5|hdf5)$/i.test(file)) {
    throw importError('E0821', file, `${file} is neither a zip archive nor an HDF5 file: it is damaged or not a Keras model`, 'give the file Keras saved, whole');
  }
  return readTfjs(file, new TextDecoder().decode(bytes), readSibling);
}

export async function importModel(file: string, bytes: Uint8Array, readSibling: ReadSibling, options: ImportOptions = {}): Promise<ImportedModel> {
  const { writer, model: source, weights: sourceWeights, compile, vocabularies: sourceVocabularies } = await readSource(file, bytes, readSibling);
  const name = modelIdentifier(options.name ?? source.name);
  const { text: modelSource, layers } = modelText(source, name);
  const block = trainBlock(compile);
  let text = modelSource + trainBlockSource(block);
  const rnnPath = options.rnnPath ?? `${name}.rnn`;
  let checked = check(text, rnnPath);
  let error = checked.diagnostics.find((d) => d.severity === 'error');
  if (block && error && error.range.start >= modelSource.length) {
    // rnnc's checker refuses the train block (a loss that does not fit the output): the model is
    // still imported, the block left as a comment that says why.
    text = modelSource + trainBlockSource(commentedOut(block, `rnnc's checker refuses this block: ${error.code} ${error.message}`));
    checked = check(text, rnnPath);
    error = checked.diagnostics.find((d) => d.severity === 'error');
  }
  const model = checked.models[0];
  if (error || !model) {
    throw importError('E0826', file, `the model in ${file} does not check as .rnn: ${error?.code ?? ''} ${error?.message ?? 'no model'}`, `rnnc wrote:\n${text}`);
  }
  const formatted = format(text, rnnPath);
  if (!formatted.ok) throw new Error(`rnnc: the imported model does not format: ${formatted.diagnostics[0]?.message ?? ''}`);

  if (model.nodes.length !== layers.length || model.nodes.some((n, i) => n.layer.type !== layers[i]!.def.name)) {
    throw new Error(`rnnc: the checked model's layers do not follow ${file}'s`);
  }
  const weights: SavedWeight[] = [];
  const vocabularies: Record<string, readonly string[]> = {};
  model.nodes.forEach((node, i) => {
    const src = source.layers[i]!;
    const vocabulary = sourceVocabularies?.get(src.name);
    if (vocabulary) vocabularies[node.layer.name] = vocabulary;
    const given = sourceWeights.get(src.name) ?? [];
    const wanted = node.layer.weights;
    const list = (ws: readonly { shape: readonly number[] }[]) => ws.map((w) => `[${w.shape.join(', ')}]`).join(', ') || 'none';
    if (given.length !== wanted.length) {
      throw importError('E0824', file, `layer ${src.name} has ${given.length} weights (${list(given)}) in ${file}, but its config makes ${wanted.length} (${list(wanted)})`, 'the weights do not belong to this config: save the model again from the framework');
    }
    wanted.forEach((w, j) => {
      const g = given[j]!;
      if (g.shape.length !== w.shape.length || g.shape.some((d, k) => d !== w.shape[k])) {
        throw importError('E0824', file, `layer ${src.name}: weight ${w.name} has shape [${g.shape.join(', ')}] in ${file}, but the layer's config makes it [${w.shape.join(', ')}]`, 'the weights do not belong to this config: save the model again from the framework');
      }
      weights.push({ name: `${node.layer.name}/${w.name}`, shape: [...w.shape], dtype: 'float32', data: g.data });
    });
  });
  return { source: formatted.text, model, weights, from: writer, vocabularies };
}

// A TensorFlow.js Layers model: model.json (tfjs-core src/io/types.ts, ModelJSON: modelTopology and
// weightsManifest) and the weight files its manifest names, every weight's float32 values one
// after the other in manifest order (io_utils.ts, decodeWeights). Weights are named
// `<layer>/<…>/<weight>` (`lstm/kernel`, `bidirectional/forward_lstm/kernel`, and tf.keras's
// `lstm/lstm_cell/kernel` in converted models): each layer's are those under its name, in order.

import { isJsonObject, type Json } from '../../runtime/save/json.ts';
import { asList, describe, importError, type SourceFile, type SourceWeight } from './source-model.ts';
import { kerasVocabulary, withVocabularies } from './text-vectorization.ts';
import { readTopology } from './topology.ts';

/** How the command line or the library hands over a file beside the one being imported. */
export type ReadSibling = (name: string) => Uint8Array;

export function readTfjs(file: string, text: string, readSibling: ReadSibling): SourceFile {
  const corrupt = (what: string) => importError('E0821', file, `${file} is not a TensorFlow.js Layers model: ${what}`, 'give the model.json that tf.LayersModel.save wrote, with its weight files beside it');
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    throw corrupt(`it is not valid JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(json) || !isJsonObject(json['modelTopology'])) throw corrupt('it has no modelTopology');
  if (json['format'] !== undefined && json['format'] !== 'layers-model') {
    throw corrupt(`its format is ${describe(json['format'])}; a graph model (tf.loadGraphModel) has no Keras layers to import`);
  }
  // A model rnnc saved computes as Keras 3 does (hard_sigmoid included): read it with Keras 3's meanings.
  const byRnnc = typeof json['generatedBy'] === 'string' && json['generatedBy'].startsWith('rnnc ');
  // rnnc's own save keeps each TextVectorization's vocabulary under rnnc.vocabularies (runtime/text/saved.ts).
  const saved = isJsonObject(json['rnnc']) ? json['rnnc']['vocabularies'] : undefined;
  const { model, vocabularies } = withVocabularies(readTopology(file, byRnnc ? 'keras3' : 'tfjs', json['modelTopology']), (name) => {
    const list = isJsonObject(saved) && Object.hasOwn(saved, name) ? asList(saved[name]) : undefined;
    return list?.every((t): t is string => typeof t === 'string') ? kerasVocabulary(file, name, { vocabulary: list }, '', () => undefined) : undefined;
  });
  const manifest = json['weightsManifest'];
  if (!Array.isArray(manifest)) throw corrupt('it has no weightsManifest');

  const weights = new Map<string, SourceWeight[]>();
  for (const group of manifest) {
    if (!isJsonObject(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) throw corrupt('a weightsManifest group has no paths and weights');
    const paths = group['paths'];
    if (!paths.every((p) => typeof p === 'string' && p !== '' && !/(^|[/\\])\.\.([/\\]|$)/.test(p) && !p.startsWith('/'))) throw corrupt('its weight files are not named inside its folder');
    const bytes = concat(paths.map((p) => readSibling(p as string)));
    let offset = 0;
    for (const w of asList(group['weights']) ?? []) {
      const dims = isJsonObject(w) ? asList(w['shape']) : undefined;
      if (!isJsonObject(w) || typeof w['name'] !== 'string' || !dims?.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
        throw corrupt(`a weight is ${describe(w).slice(0, 80)}`);
      }
      const name = w['name'];
      if (w['dtype'] !== 'float32' || w['quantization'] !== undefined) {
        throw importError('E0824', file, `the weight ${name} is ${w['quantization'] === undefined ? describe(w['dtype']) : 'quantized'}; rnnc imports float32 weights`, 'save the model without quantization');
      }
      const shape = dims as number[];
      const length = shape.reduce((a, b) => a * b, 1) * 4;
      if (offset + length > bytes.length) {
        throw importError('E0821', file, `the weight files ${paths.join(', ')} hold ${bytes.length} bytes, fewer than the weights ${file} lists`, 'copy the weight files again, whole');
      }
      const data = new Float32Array(new Uint8Array(bytes.subarray(offset, offset + length)).buffer);
      offset += length;
      const layer = name.split('/')[0]!;
      const list = weights.get(layer) ?? [];
      list.push({ shape, data });
      weights.set(layer, list);
    }
    if (offset !== bytes.length) {
      throw importError('E0821', file, `the weight files ${paths.join(', ')} hold ${bytes.length} bytes, but the weights ${file} lists need ${offset}`, 'copy the weight files again, whole');
    }
  }
  return { writer: byRnnc ? 'rnnc' : 'TensorFlow.js', model, weights, vocabularies };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

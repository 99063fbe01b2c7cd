// Keras's own files.
//
// A Keras 3 `.keras` file is a zip archive (keras/src/saving/saving_lib.py, _save_model_to_fileobj)
// of config.json (serialize_keras_object(model)), metadata.json (keras_version, date_saved) and
// model.weights.h5 (H5IOStore). _save_state walks the model: a Sequential or functional model's
// `layers` first, each addressed not by its name but by its class name in snake case, numbered per
// class in the order of model.layers (_save_container_state: `lstm`, `lstm_1`, `dense`); a layer's
// own variables go into `<path>/vars` as datasets "0", "1", … in the order of its variables
// (H5Entry), and its sub-layers' into groups named after the attribute holding them: an RNN's
// `cell`, a Bidirectional's `forward_layer` and `backward_layer`, a TimeDistributed's `layer`. So an
// LSTM's kernel is `layers/lstm/cell/vars/0`.
//
// A legacy `.h5` file (Keras 2's save_model_to_hdf5, which Keras 3 still writes for `model.save("x.h5")`)
// holds the config as the root attribute `model_config`, and the weights under
// `model_weights/<layer>/`, listed by the attributes `layer_names` and, per layer, `weight_names`
// (`lstm/lstm_cell/kernel:0`) in the layer's order.

import { unzipSync } from 'fflate';
import { isJsonObject, type Json } from '../../runtime/save/json.ts';
import { openHdf5, readWeight, stringAttr, stringsAttr, isGroup, type H5File } from './hdf5.ts';
import { fromTrainingConfig } from './compile-config.ts';
import { kerasVocabulary, withVocabularies } from './text-vectorization.ts';
import { importError, type SourceFile, type SourceWeight } from './source-model.ts';
import { readTopology } from './topology.ts';

/** keras/src/utils/naming.py, to_snake_case. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function parseJson(file: string, inner: string, bytes: Uint8Array): Json {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Json;
  } catch (e) {
    throw importError('E0821', file, `${inner} in ${file} is not valid JSON (${(e as Error).message})`, 'give the file Keras saved, whole');
  }
}

/** The sub-layers whose variables follow a layer's own, in rnnc's weight order. */
function subLayers(className: string, config: Record<string, Json>): [attribute: string, className: string, config: Record<string, Json>][] {
  const inner = (key: string): [string, Record<string, Json>] | undefined => {
    const v = config[key];
    return isJsonObject(v) && typeof v['class_name'] === 'string' && isJsonObject(v['config']) ? [v['class_name'], v['config']] : undefined;
  };
  if (['SimpleRNN', 'LSTM', 'GRU'].includes(className)) return [['cell', `${className}Cell`, {}]];
  if (className === 'Bidirectional') {
    const f = inner('layer');
    const b = inner('backward_layer') ?? f;
    return f && b ? [['forward_layer', f[0], f[1]], ['backward_layer', b[0], b[1]]] : [];
  }
  if (className === 'TimeDistributed') {
    const l = inner('layer');
    return l ? [['layer', l[0], l[1]]] : [];
  }
  return [];
}

function keras3Vars(h5: H5File, path: string, className: string, config: Record<string, Json>): SourceWeight[] {
  const vars = h5.get(`${path}/vars`);
  const own = isGroup(vars) ? [...vars.keys].sort((a, b) => Number(a) - Number(b)).map((k) => readWeight(h5, `${path}/vars/${k}`)) : [];
  return own.concat(subLayers(className, config).flatMap(([attr, cls, c]) => keras3Vars(h5, `${path}/${attr}`, cls, c)));
}

export async function readKerasArchive(file: string, bytes: Uint8Array): Promise<SourceFile> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw importError('E0821', file, `${file} is not a readable .keras archive (${(e as Error).message})`, 'give the .keras file that model.save wrote, whole');
  }
  const config = entries['config.json'];
  const weightsH5 = entries['model.weights.h5'];
  if (!config) throw importError('E0821', file, `${file} has no config.json: it is not a Keras 3 model archive`, 'give the .keras file that model.save wrote, whole');
  if (!weightsH5) {
    const npz = entries['model.weights.npz'] !== undefined;
    throw importError('E0821', file, `${file} has no model.weights.h5${npz ? ' (its weights are in the npz format)' : ''}`, npz ? 'save the model with the default weights_format="h5"' : 'give the .keras file that model.save wrote, whole');
  }
  const configJson = parseJson(file, 'config.json', config);
  const topology = readTopology(file, 'keras3', configJson);
  const h5 = await openHdf5(weightsH5, `${file}!model.weights.h5`);
  const counts = new Map<string, number>();
  const weights = new Map<string, SourceWeight[]>();
  const paths = new Map<string, string>();
  for (const layer of topology.layers) {
    const stem = toSnakeCase(layer.className);
    const n = counts.get(stem);
    counts.set(stem, n === undefined ? 0 : n + 1);
    const key = n === undefined ? stem : `${stem}_${n + 1}`;
    paths.set(layer.name, `layers/${key}`);
    weights.set(layer.name, keras3Vars(h5, `layers/${key}`, layer.className, layer.config));
  }
  // An adapted TextVectorization's vocabulary is an asset under the same path (text-vectorization.ts).
  const { model, vocabularies } = withVocabularies(topology, (name, c) =>
    c['vocabulary'] !== undefined && c['vocabulary'] !== null ? undefined : kerasVocabulary(file, name, c, `assets/${paths.get(name)!}`, (p) => entries[p]),
  );
  const compile = isJsonObject(configJson) ? configJson['compile_config'] : undefined;
  return { writer: 'Keras 3', model, weights, vocabularies, ...(compile !== undefined ? { compile } : {}) };
}

export async function readLegacyH5(file: string, bytes: Uint8Array): Promise<SourceFile> {
  const h5 = await openHdf5(bytes, file);
  const configText = stringAttr(h5.root, 'model_config');
  if (configText === undefined) {
    throw importError('E0821', file, `${file} has no model_config: it holds weights only (save_weights), not a model`, 'save the whole model (model.save), or import the .keras file');
  }
  const version = stringAttr(h5.root, 'keras_version') ?? '';
  // A legacy file keeps no assets: a TextVectorization's vocabulary must be in its config.
  const { model, vocabularies } = withVocabularies(readTopology(file, version.startsWith('3') ? 'keras3' : 'keras2', parseJson(file, 'model_config', new TextEncoder().encode(configText))), () => undefined);
  const root = h5.get('model_weights');
  if (!isGroup(root)) throw importError('E0821', file, `${file} has no model_weights group`, 'save the whole model with its weights');
  const weights = new Map<string, SourceWeight[]>();
  for (const layer of model.layers) {
    const group = h5.get(`model_weights/${layer.name}`);
    const names = isGroup(group) ? (stringsAttr(group, 'weight_names') ?? []) : [];
    weights.set(layer.name, names.map((w) => readWeight(h5, `model_weights/${layer.name}/${w}`)));
  }
  const training = stringAttr(h5.root, 'training_config');
  const compile = training === undefined ? undefined : fromTrainingConfig(parseJson(file, 'training_config', new TextEncoder().encode(training)));
  return { writer: `Keras ${version || '2'}`, model, weights, vocabularies, ...(compile !== undefined ? { compile } : {}) };
}

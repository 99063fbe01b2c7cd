// A Keras model's config — `{class_name: "Sequential" | "Functional" | "Model", config: {…}}` — read
// into a SourceModel. Two spellings exist and both are read here:
//   - tf.keras 2's, which TensorFlow.js writes and reads (and legacy Keras .h5 files hold): a
//     Sequential model's first layer carries `batch_input_shape`; a functional layer's
//     `inbound_nodes` is `[[[layer, node, tensor, kwargs], …]]`, an RNN's initial state being the
//     tensors after its input;
//   - Keras 3's (keras/src/models/functional.py, serialize_node / functional_from_config): each
//     layer is `{module, class_name, config, registered_name, name, inbound_nodes}`, an input is an
//     InputLayer with `batch_shape`, and `inbound_nodes` is `[{args, kwargs}]` whose tensors are
//     `{class_name: "__keras_tensor__", config: {keras_history: [layer, node, tensor]}}`, with the
//     initial state in `kwargs.initial_state`.
// A layer called more than once (a shared layer) or a nested model is refused: a .rnn layer is
// applied once.

import { isJsonObject, type Json, type JsonObject } from '../../runtime/save/json.ts';
import { asList, describe, importError, type SourceFormat, type SourceInput, type SourceLayer, type SourceModel, type TensorRef } from './source-model.ts';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Call arguments that do not change what a layer computes at inference. */
const HARMLESS_CALL_KWARGS = new Set(['training', 'mask']);

function corrupt(file: string, what: string): Error {
  return importError('E0821', file, `${file} does not hold a Keras model: ${what}`, 'give the file the framework saved (model.json, .keras or .h5), whole');
}

function dims(file: string, v: Json | undefined, what: string): (number | null)[] {
  if (!Array.isArray(v) || !v.every((d) => d === null || (Number.isInteger(d) && (d as number) >= 0))) {
    throw corrupt(file, `${what} is ${describe(v)}, not a shape`);
  }
  return v as (number | null)[];
}

/** An InputLayer (Keras 3: batch_shape; tf.keras 2 and TensorFlow.js: batch_input_shape). */
function inputOf(file: string, name: string, config: JsonObject): SourceInput {
  const batchShape = config['batch_shape'] ?? config['batch_input_shape'];
  const shape = dims(file, batchShape, `the input ${name}'s shape`);
  if (shape.length < 1) throw corrupt(file, `the input ${name} has no batch axis`);
  const dtype = config['dtype'];
  return { name, shape: shape.slice(1), batchSize: shape[0] ?? null, dtype: typeof dtype === 'string' ? dtype : 'float32' };
}

function refOf(file: string, v: Json | undefined, where: string): TensorRef {
  if (isJsonObject(v) && v['class_name'] === '__keras_tensor__' && isJsonObject(v['config'])) return refOf(file, v['config']['keras_history'], where);
  const list = asList(v);
  if (list && typeof list[0] === 'string' && Number.isInteger(list[1]) && Number.isInteger(list[2])) {
    return { layer: list[0], node: list[1] as number, tensor: list[2] as number };
  }
  throw corrupt(file, `${where} refers to ${describe(v)}, not to a layer's output`);
}

interface Call {
  readonly inputs: TensorRef[];
  readonly initialState: TensorRef[];
}

const isRecurrent = (className: string) => ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'].includes(className);

/** The one call of a functional layer. */
/** Every `[layer, node, tensor]` a call argument mentions, however nested. */
function historiesIn(v: Json | undefined, out: string[] = []): string[] {
  const list = asList(v);
  if (list) for (const x of list) historiesIn(x, out);
  else if (isJsonObject(v)) {
    const history = isJsonObject(v['config']) ? asList(v['config']['keras_history']) : undefined;
    if (v['class_name'] === '__keras_tensor__' && typeof history?.[0] === 'string') out.push(history[0]);
    else for (const x of Object.values(v)) historiesIn(x, out);
  }
  return out;
}

/**
 * Keras 3's Layer.__call__ passes a layer the mask of its one tensor argument as `mask=` (layer.py,
 * "Populate mask argument(s)"), so a saved call may carry it: a tensor computed by the previous
 * layer's compute_mask, from an op that is no layer of the model. That mask is the one rnnc
 * propagates itself. A mask taken from another layer's output was passed by hand: refused.
 */
function implicitMask(value: Json, inputs: readonly TensorRef[], layers: ReadonlySet<string>): boolean {
  if (value === null) return true;
  return historiesIn(value).every((layer) => !layers.has(layer) || inputs.some((i) => i.layer === layer));
}

function callOf(file: string, name: string, className: string, nodes: Json | undefined, layers: ReadonlySet<string>): Call {
  const calls = asList(nodes);
  if (!calls) throw corrupt(file, `layer ${name} has no inbound_nodes`);
  if (calls.length !== 1) {
    throw importError('E0825', file, `layer ${name} is called ${calls.length} times; a .rnn layer is applied once`, 'rnnc has no shared layers: give each call a layer of its own in the source framework, or write the .rnn model by hand');
  }
  const node = calls[0];
  const where = `layer ${name}'s input`;
  if (isJsonObject(node)) {
    // Keras 3: {args, kwargs}
    const args = asList(node['args']) ?? [];
    const kwargs = isJsonObject(node['kwargs']) ? node['kwargs'] : {};
    const first = args[0];
    const firstList = asList(first);
    const inputs = firstList ? firstList.map((t) => refOf(file, t, where)) : first === undefined ? [] : [refOf(file, first, where)];
    let initialState: TensorRef[] = [];
    for (const [key, value] of Object.entries(kwargs)) {
      const states = key === 'initial_state' ? asList(value) : undefined;
      if (states) initialState = states.map((t) => refOf(file, t, `layer ${name}'s initial_state`));
      else if (!HARMLESS_CALL_KWARGS.has(key) || (key === 'mask' && !implicitMask(value, inputs, layers))) {
        throw importError('E0823', file, `layer ${name} is called with ${key}=${describe(value).slice(0, 200)}, which rnnc cannot express`, 'call the layer on its input alone');
      }
    }
    if (args.length > 1) throw importError('E0823', file, `layer ${name} is called with ${args.length} positional arguments, which rnnc cannot express`);
    return { inputs, initialState };
  }
  const tensors = asList(node);
  if (!tensors) throw corrupt(file, `layer ${name}'s inbound node is ${describe(node)}`);
  // tf.keras 2 / TensorFlow.js: [[layer, node, tensor, kwargs], …]
  const refs = tensors.map((t) => refOf(file, t, where));
  for (const t of tensors) {
    const kwargs = asList(t)?.[3];
    if (isJsonObject(kwargs)) {
      for (const [key, value] of Object.entries(kwargs)) {
        if (!HARMLESS_CALL_KWARGS.has(key) || (key === 'mask' && value !== null)) {
          throw importError('E0823', file, `layer ${name} is called with ${key}=${describe(value)}, which rnnc cannot express`, 'call the layer on its input alone');
        }
      }
    }
  }
  // An RNN's initial state is written as the tensors after its input (recurrent.ts, standardizeArgs).
  if (isRecurrent(className) && refs.length > 1) return { inputs: refs.slice(0, 1), initialState: refs.slice(1) };
  return { inputs: refs, initialState: [] };
}

interface LayerEntry {
  readonly className: string;
  readonly name: string;
  readonly config: JsonObject;
  readonly raw: JsonObject;
}

function entryOf(file: string, v: Json): LayerEntry {
  if (!isJsonObject(v) || typeof v['class_name'] !== 'string' || !isJsonObject(v['config'])) {
    throw corrupt(file, `a layer is ${describe(v).slice(0, 80)}, not {class_name, config}`);
  }
  const config = v['config'];
  const name = typeof v['name'] === 'string' ? v['name'] : typeof config['name'] === 'string' ? config['name'] : '';
  if (name === '') throw corrupt(file, `a ${v['class_name']} layer has no name`);
  if (MODEL_CLASSES.has(v['class_name'])) {
    throw importError('E0825', file, `layer ${name} is a whole model nested inside the model; rnnc has no nested models`, 'flatten the inner model into the outer one in the source framework');
  }
  return { className: v['class_name'], name, config, raw: v };
}

function sequential(file: string, format: SourceFormat, name: string, config: JsonObject): SourceModel {
  const entries = (asList(config['layers']) ?? []).map((l) => entryOf(file, l));
  let input: SourceInput | undefined;
  const layers: SourceLayer[] = [];
  for (const e of entries) {
    if (e.className === 'InputLayer') {
      if (input || layers.length > 0) throw corrupt(file, `the InputLayer ${e.name} is not first`);
      input = inputOf(file, e.name, e.config);
      continue;
    }
    if (!input && layers.length === 0) {
      // tf.keras 2 / TensorFlow.js: the first layer carries the input shape.
      if (e.config['batch_input_shape'] !== undefined) input = inputOf(file, `${e.name}_input`, e.config);
      else if (Array.isArray(config['build_input_shape'])) input = inputOf(file, 'input', { batch_shape: config['build_input_shape'] });
    }
    layers.push({ className: e.className, name: e.name, config: e.config, inputs: [], initialState: [] });
  }
  if (!input) throw importError('E0821', file, `the Sequential model ${name} has no input shape`, 'build the model with an input shape (an Input layer, or input_shape on the first layer) before saving it');
  if (layers.length === 0) throw corrupt(file, `the Sequential model ${name} has no layers`);
  return { format, file, name, kind: 'sequential', inputs: [input], layers, outputs: [] };
}

function refList(file: string, v: Json | undefined, what: string): TensorRef[] {
  const list = asList(v);
  if (!list) throw corrupt(file, `its ${what} are ${describe(v)}`);
  // A single input or output may be written as one [layer, node, tensor] rather than a list of them.
  if (typeof list[0] === 'string') return [refOf(file, list, what)];
  return list.map((r) => refOf(file, r, what));
}

function functional(file: string, format: SourceFormat, name: string, config: JsonObject): SourceModel {
  const entries = (asList(config['layers']) ?? []).map((l) => entryOf(file, l));
  const names = new Set(entries.map((e) => e.name));
  const inputs: SourceInput[] = [];
  const layers: SourceLayer[] = [];
  for (const e of entries) {
    if (e.className === 'InputLayer') {
      inputs.push(inputOf(file, e.name, e.config));
      continue;
    }
    const call = callOf(file, e.name, e.className, e.raw['inbound_nodes'], names);
    layers.push({ className: e.className, name: e.name, config: e.config, ...call });
  }
  const inputRefs = refList(file, config['input_layers'], 'input_layers');
  const ordered = inputRefs.map((r) => inputs.find((i) => i.name === r.layer) ?? (() => { throw corrupt(file, `its input ${r.layer} is no InputLayer`); })());
  return { format, file, name, kind: 'functional', inputs: ordered, layers, outputs: refList(file, config['output_layers'], 'output_layers') };
}

/** The model config (a model.json's modelTopology, a .keras archive's config.json, an .h5 file's model_config). */
export function readTopology(file: string, format: SourceFormat, topology: Json | undefined): SourceModel {
  if (!isJsonObject(topology)) throw corrupt(file, 'its model config is not a JSON object');
  // TensorFlow.js nests the model under model_config in some files.
  const top = isJsonObject(topology['model_config']) ? topology['model_config'] : topology;
  const className = top['class_name'];
  const config = top['config'];
  if (typeof className !== 'string' || !isJsonObject(config)) throw corrupt(file, 'its model config has no class_name and config');
  if (!MODEL_CLASSES.has(className)) {
    throw importError('E0825', file, `${file} holds a ${className}, not a Sequential or functional model`, 'rnnc imports Sequential and functional Keras models');
  }
  const name = typeof config['name'] === 'string' && config['name'] !== '' ? config['name'] : 'imported';
  return className === 'Sequential' ? sequential(file, format, name, config) : functional(file, format, name, config);
}

// The model's topology as tfjs-layers' `loadLayersModel` reads it (models.ts,
// loadLayersModelFromIOHandler → deserialize → Sequential/Container.fromConfig).
//
// We write tf.keras 2's layout, which is what tfjs-layers understands and what the
// tensorflowjs converter hands to Keras: an InputLayer with `batch_input_shape` in front of a
// Sequential model's layers, and for a functional model each layer's `inbound_nodes` as
// `[[layer, node, tensor, {}], …]` plus `input_layers`/`output_layers`. Keras 3 writes inbound
// nodes as `{args, kwargs}` with `__keras_tensor__` markers, which tfjs-layers cannot read.
//
// `initial_state=[h, c]` is written as extra inbound tensors after the input, as tf.keras 2
// did for RNN calls: tfjs-layers' RNN.apply splits such a list into input and initial state
// (recurrent.ts, standardizeArgs). Every layer is applied once in a .rnn model, so node
// indices are always 0.

import type { CheckedModel, ModelInput, ValueRef } from '../../compiler/ir.ts';
import type { TensorType } from '../../compiler/tensor-type.ts';
import type { Json, JsonObject, KerasObject } from './json.ts';
import { kerasLayer } from './layer-config.ts';
import { RNNC_VERSION } from './version.ts';

function inputLayer(type: TensorType, name: string): KerasObject {
  return {
    class_name: 'InputLayer',
    config: { batch_input_shape: [...type.shape], dtype: type.dtype, sparse: false, ragged: false, name },
  };
}

/** Keras 3 calls a Sequential model's input layer `input_layer`; keep it clear of the layers. */
function sequentialInputName(model: CheckedModel): string {
  const taken = new Set(model.nodes.map((n) => n.layer.name));
  let name = 'input_layer';
  for (let i = 1; taken.has(name); i++) name = `input_layer_${i}`;
  return name;
}

function sequentialConfig(model: CheckedModel): JsonObject {
  const input = model.inputs[0];
  if (!input) throw new Error(`rnnc: the Sequential model ${model.name} has no input`);
  return {
    name: model.name,
    layers: [inputLayer(input.type, sequentialInputName(model)), ...model.nodes.map((n) => kerasLayer(n.layer))],
  };
}

function functionalConfig(model: CheckedModel): JsonObject {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  /** `[layer, node index, tensor index]`: a model input is its InputLayer's only output. */
  const tensorRef = (ref: ValueRef): [string, number, number] => {
    if (ref.node === -1) return [inputAt(model.inputs, ref.index).name, 0, 0];
    const node = byId.get(ref.node);
    if (!node) throw new Error(`rnnc: model ${model.name} reads node ${ref.node}, which it does not have`);
    return [node.layer.name, 0, ref.index];
  };
  const layers: Json[] = [
    ...model.inputs.map((i) => ({ ...inputLayer(i.type, i.name), name: i.name, inbound_nodes: [] })),
    ...model.nodes.map((n) => ({
      ...kerasLayer(n.layer),
      name: n.layer.name,
      inbound_nodes: [[...n.inputs, ...(n.initialState ?? [])].map((r) => [...tensorRef(r), {}])],
    })),
  ];
  return {
    name: model.name,
    layers,
    input_layers: model.inputs.map((i) => [i.name, 0, 0]),
    output_layers: model.outputs.map(tensorRef),
  };
}

function inputAt(inputs: readonly ModelInput[], index: number): ModelInput {
  const input = inputs[index];
  if (!input) throw new Error(`rnnc: no model input ${index}`);
  return input;
}

export function modelTopology(model: CheckedModel): JsonObject {
  return {
    class_name: model.kind === 'sequential' ? 'Sequential' : 'Functional',
    config: model.kind === 'sequential' ? sequentialConfig(model) : functionalConfig(model),
    keras_version: `rnnc ${RNNC_VERSION}`,
    backend: 'tensor_flow.js',
  };
}

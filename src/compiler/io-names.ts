// The names a model's inputs and outputs go by in data and in per-output settings, as Keras
// names them: an input by `Input(…, name="src")` (else `input_layer`, `input_layer_1`, …), an
// output by the layer that makes it (Keras's output_names). The checker reads them for the train
// block's records (`x = { src = … }`, `loss = { sum = mse, … }`), the runtime for files and logs.

import type { CheckedModel } from './ir.ts';

type Graph = Pick<CheckedModel, 'inputs' | 'nodes' | 'outputs'>;

/** Keras's output_names: the name of the layer each output comes from (`time_distributed`). */
export function outputNames(model: Graph): string[] {
  return model.outputs.map((ref, i) => {
    if (ref.node < 0) return model.inputs[ref.index]?.name ?? `output_${i}`;
    const layer = model.nodes.find((n) => n.id === ref.node)?.layer;
    return layer ? (ref.index === 0 ? layer.name : `${layer.name}_${ref.index}`) : `output_${i}`;
  });
}

export function inputNames(model: Pick<CheckedModel, 'inputs'>): string[] {
  return model.inputs.map((i) => i.name);
}

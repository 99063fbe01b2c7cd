// The model's output type for the data actually given: the checker's types keep `None` for
// lengths the file decides (a sequence of unknown length), so the labels' time axis can only be
// checked after running the registry's shape rules again with the data's lengths. A rule that
// fails here gives no answer and the caller falls back to the checked types.

import type { CheckedModel } from '../../compiler/ir.ts';
import { lookupLayer } from '../../compiler/layers/registry.ts';
import { tensor, type TensorType } from '../../compiler/tensor-type.ts';

/** The model's output `which` (the first by default) when input i holds arrays shaped `shapes[i]` (batch first). */
export function concreteOutput(model: CheckedModel, shapes: readonly (readonly number[])[], which = 0): TensorType | undefined {
  const values = new Map<string, TensorType>();
  const key = (node: number, index: number) => `${node}:${index}`;
  model.inputs.forEach((input, i) => {
    const shape = shapes[i];
    if (shape) values.set(key(-1, i), tensor([null, ...shape.slice(1)], input.type.dtype, input.type.masked));
  });
  for (const node of model.nodes) {
    const inputs = node.inputs.map((ref) => values.get(key(ref.node, ref.index)));
    const def = lookupLayer(node.layer.type);
    if (!def || inputs.some((t) => t === undefined)) return undefined;
    const result = def.inferShape(inputs as TensorType[], node.layer.config);
    if (!result.ok) return undefined;
    result.outputs.forEach((t, index) => values.set(key(node.id, index), t));
  }
  const out = model.outputs[which];
  return out ? values.get(key(out.node, out.index)) : undefined;
}

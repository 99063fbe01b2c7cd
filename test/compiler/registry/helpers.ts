// Helpers for registry tests: configs with Keras's defaults, inner layers for wrappers, and the
// registry's own path to a parameter count (inferShape, then weights, then paramCount).

import type { ConfigValue, LayerConfig, LayerValue } from '../../../src/compiler/config-value.ts';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { paramCount, type LayerDef, type ShapeResult, type WeightSpec } from '../../../src/compiler/layers/layer-def.ts';
import { lookupLayer, withDefaults } from '../../../src/compiler/layers/registry.ts';
import { tensor, type Dim, type DType, type TensorType } from '../../../src/compiler/tensor-type.ts';

type Given = Readonly<Record<string, ConfigValue>>;

export function def(name: string): LayerDef {
  const d = lookupLayer(name);
  if (!d) throw new Error(`no layer ${name}`);
  return d;
}

/** The layer's checked config: defaults filled in, common arguments left out (as the checker does). */
export function config(name: string, given: Given = {}): LayerConfig {
  const { name: _n, input: _i, trainable: _t, ...rest } = withDefaults(def(name), given);
  return rest;
}

/** A checked inner layer, as a wrapper receives it. */
export function inner(type: string, given: Given = {}, layerName?: string): LayerValue<CheckedLayer> {
  // Built by hand from a type named at run time: its config is `type`'s, as the checker would type it.
  const layer = {
    type,
    name: layerName ?? def(type).autoName,
    config: config(type, given),
    inputTypes: [],
    outputTypes: [],
    weights: [],
    params: { trainable: 0, nonTrainable: 0 },
    range: { start: 0, end: 0 },
  } as unknown as CheckedLayer;
  return { kind: 'layer', layer };
}

/** (None, ...dims): a batch of the given per-sample shape. */
export function batch(dims: readonly Dim[], dtype: DType = 'float32', masked = false): TensorType {
  return tensor([null, ...dims], dtype, masked);
}

export function infer(name: string, inputs: readonly TensorType[], given: Given = {}): ShapeResult {
  return def(name).inferShape(inputs, config(name, given));
}

/** Output shapes, or throws with the error message (so a failing test says why). */
export function shapes(name: string, inputs: readonly TensorType[], given: Given = {}): (readonly Dim[])[] {
  const r = infer(name, inputs, given);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.outputs.map((o) => o.shape);
}

export function outputs(name: string, inputs: readonly TensorType[], given: Given = {}): readonly TensorType[] {
  const r = infer(name, inputs, given);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.outputs;
}

export function errorOf(name: string, inputs: readonly TensorType[], given: Given = {}) {
  const r = infer(name, inputs, given);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.outputs.map((o) => o.shape))}`);
  return r.error;
}

export function weightsOf(name: string, inputs: readonly TensorType[], given: Given = {}): readonly WeightSpec[] {
  const cfg = config(name, given);
  const r = def(name).inferShape(inputs, cfg);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return def(name).weights(inputs, cfg);
}

export function params(name: string, inputs: readonly TensorType[], given: Given = {}) {
  const p = paramCount(weightsOf(name, inputs, given));
  return { ...p, total: p.trainable + p.nonTrainable };
}

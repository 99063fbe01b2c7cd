// A SourceModel as the text of a .rnn file: a Sequential model as one call per line, the input
// shape on the first; a functional model as one binding per layer, in the file's order, so that
// the checked model's layers come in the same order as the source's (import.ts pairs them).

import { withDefaults } from '../../compiler/layers/registry.ts';
import { convertLayer, valueText, type ConvertedLayer } from './arguments.ts';
import { importError, type SourceInput, type SourceModel, type TensorRef } from './source-model.ts';

const KEYWORDS = new Set(['model', 'train', 'output', 'true', 'false', 'True', 'False', 'None', 'Input']);

/** A name usable as a .rnn identifier, unique among `taken`. */
function identifier(name: string, taken: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
  if (KEYWORDS.has(base)) base = `${base}_`;
  let id = base;
  for (let i = 1; taken.has(id); i++) id = `${base}_${i}`;
  taken.add(id);
  return id;
}

const shapeText = (shape: readonly (number | null)[]) => valueText(shape);

/** Raw text is one string per sample: Keras's shape () is rnnc's (1,). */
const inputShape = (input: SourceInput) => (input.dtype === 'string' && input.shape.length === 0 ? [1] : input.shape);

function inputCall(input: SourceInput): string {
  const args = [`shape=${shapeText(inputShape(input))}`];
  if (input.batchSize !== null) args.push(`batch_size=${input.batchSize}`);
  if (input.dtype.startsWith('int')) args.push('dtype=int32');
  if (input.dtype === 'string') args.push('dtype=string');
  return `Input(${args.join(', ')})`;
}

/** A recurrent layer's extra outputs are its states: h (and c for an LSTM). */
function stateName(type: string, t: number): string {
  if (type === 'LSTM') return t === 1 ? 'h' : t === 2 ? 'c' : String(t);
  if (type === 'GRU' || type === 'SimpleRNN') return t === 1 ? 'h' : String(t);
  return String(t);
}

export interface RnnText {
  readonly text: string;
  /** The converted layers, in the order the .rnn file applies them. */
  readonly layers: readonly ConvertedLayer[];
}

function sequentialText(model: SourceModel, converted: ConvertedLayer[]): string {
  const input = model.inputs[0]!;
  const lines = converted.map((c) => c.text);
  // The first layer takes `input=`, unless the batch is fixed or ids feed a layer that is no Embedding.
  const first = converted[0]!;
  const ids = input.dtype.startsWith('int') && first.def.name !== 'Embedding';
  if (input.batchSize !== null || ids) lines.unshift(inputCall(input));
  else lines[0] = first.text.replace(/\)$/, `${first.text.endsWith('()') ? '' : ', '}input=${shapeText(inputShape(input))})`);
  return lines.map((l) => `  ${l}`).join('\n');
}

function functionalText(model: SourceModel, converted: ConvertedLayer[]): string {
  const taken = new Set<string>();
  /** The variable holding each output of each layer (`layer:tensor`). */
  const vars = new Map<string, string>();
  const key = (layer: string, tensor: number) => `${layer}:${tensor}`;
  const lines: string[] = [];
  for (const input of model.inputs) {
    const id = identifier(input.name, taken);
    vars.set(key(input.name, 0), id);
    lines.push(`${id} = ${inputCall(input)}`);
  }
  const read = (ref: TensorRef, by: string): string => {
    const v = vars.get(key(ref.layer, ref.tensor));
    if (ref.node !== 0 || v === undefined) {
      throw importError('E0825', model.file, `layer ${by} reads output ${ref.tensor} of ${ref.layer}${ref.node ? ` (call ${ref.node})` : ''}, which comes later or does not exist`, 'rnnc applies each layer once, in order: save the model from the framework again');
    }
    return v;
  };
  // Which outputs of each layer are read, so the others bind to `_`.
  const used = new Set([...model.layers.flatMap((l) => [...l.inputs, ...l.initialState]), ...model.outputs].map((r) => key(r.layer, r.tensor)));
  model.layers.forEach((layer, i) => {
    const c = converted[i]!;
    const args = layer.inputs.map((r) => read(r, layer.name));
    const x = c.def.arity === 'many' ? `[${args.join(', ')}]` : args.length === 1 ? args[0]! : `[${args.join(', ')}]`;
    const state = layer.initialState.length ? `, initial_state=[${layer.initialState.map((r) => read(r, layer.name)).join(', ')}]` : '';
    const count = c.def.outputCount?.(withDefaults(c.def, c.values)) ?? 1;
    const names = Array.from({ length: count }, (_, t) => {
      if (!used.has(key(layer.name, t))) return '_';
      const id = identifier(t === 0 ? layer.name : `${layer.name}_${stateName(c.def.name, t)}`, taken);
      vars.set(key(layer.name, t), id);
      return id;
    });
    lines.push(`${names.join(', ')} = ${c.text}(${x}${state})`);
  });
  lines.push(`output ${model.outputs.map((r) => read(r, 'output')).join(', ')}`);
  return lines.map((l) => `  ${l}`).join('\n');
}

export function modelText(model: SourceModel, modelName: string): RnnText {
  const converted = model.layers.map((l) => convertLayer(l.className, l.config, { file: model.file, format: model.format, layer: `layer ${l.name}` }));
  const body = model.kind === 'sequential' ? sequentialText(model, converted) : functionalText(model, converted);
  return { text: `model ${modelName} {\n${body}\n}\n`, layers: converted };
}

export const modelIdentifier = (name: string): string => identifier(name, new Set());

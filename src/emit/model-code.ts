// The generated half of an emitted program's model: the layers as literals (every argument filled
// in, each with a comment pointing at its line in the .rnn file), one function per layer kind the
// model uses, and the forward and backward passes written out layer by layer. The passes do what
// rnnc's graph.ts does for any model — the same calls, and the gradients of a value read twice
// summed in the same order — so the copied Network trains this code to the same numbers.

import { CodeBlockWriter } from 'ts-morph';
import { configEntries, isLayerValue } from '../compiler/config-value.ts';
import { argumentOf, wrappedLayers, type CheckedLayer, type CheckedModel, type CheckedValue, type ValueRef } from '../compiler/ir.ts';
import type { Range, SourceText } from '../source/text.ts';
import { declKey, type DeclKey } from './extract.ts';
import { commentText, identifierFor, literal, propertyKey, stringLiteral } from './text.ts';
import { WEIGHT_TYPES, weightNames, writeCreateWeights } from './weights-code.ts';

/** The declarations the generated model code names, by what it calls them. */
export const MODEL_TYPES = {
  CheckedLayer: declKey('src/emit/program/ir.ts', 'CheckedLayer'),
  CheckedModel: declKey('src/emit/program/ir.ts', 'CheckedModel'),
  ForwardArgs: declKey('src/runtime/layers/kernel.ts', 'ForwardArgs'),
  ForwardResult: declKey('src/runtime/layers/kernel.ts', 'ForwardResult'),
  BackwardArgs: declKey('src/runtime/layers/kernel.ts', 'BackwardArgs'),
  BackwardResult: declKey('src/runtime/layers/kernel.ts', 'BackwardResult'),
  Mask: declKey('src/runtime/layers/kernel.ts', 'Mask'),
  GraphState: declKey('src/runtime/model/graph.ts', 'GraphState'),
  ForwardRun: declKey('src/runtime/model/graph.ts', 'ForwardRun'),
  Tensor: declKey('src/runtime/tf.ts', 'Tensor'),
  ExtraGradient: declKey('src/emit/program/graph.ts', 'ExtraGradient'),
  gradientSum: declKey('src/emit/program/graph.ts', 'gradientSum'),
  extraGradients: declKey('src/emit/program/graph.ts', 'extraGradients'),
  backwardThrough: declKey('src/emit/program/graph.ts', 'backwardThrough'),
  weightGradients: declKey('src/emit/program/graph.ts', 'weightGradients'),
  kernelFor: declKey('src/runtime/layers/index.ts', 'kernelFor'),
} as const;

export interface ModelCodeContext {
  readonly model: CheckedModel;
  readonly source: SourceText;
  /** The .rnn file's name as comments cite it: `next_number.rnn`. */
  readonly fileLabel: string;
  /** The output name of a copied declaration. */
  readonly nameOf: (key: DeclKey) => string;
  /** Each layer type's kernel, when the runtime's table names it directly (`RNN_KERNEL`). */
  readonly kernelOf: (type: string) => DeclKey | null;
  /** Top-level names already taken in the program; the ones this code takes join it. */
  readonly taken: Set<string>;
}

/** Where `range` starts, as comments cite it: `next_number.rnn:5`. */
export function lineOf(ctx: Pick<ModelCodeContext, 'source' | 'fileLabel'>, range: Range): string {
  return `${commentText(ctx.fileLabel)}:${ctx.source.position(range.start).line}`;
}

/** The source text of `range` on one line, shortened, fit for a comment. */
export function snippet(source: SourceText, range: Range, max = 72): string {
  const text = source.text.slice(range.start, range.end).replace(/\s+/g, ' ').trim();
  return commentText(text.length > max ? `${text.slice(0, max - 3)}...` : text);
}

/** A layer as the program's slim CheckedLayer: no ranges, types or parameter counts. */
export function slimLayer(layer: CheckedLayer): unknown {
  const value = (v: CheckedValue): unknown => {
    if (isLayerValue(v)) return { kind: 'layer', layer: slimLayer(v.layer) };
    if (Array.isArray(v)) return v.map(value);
    return v;
  };
  const { inputTypes: _in, outputTypes: _out, params: _params, range: _range, ...rest } = layer;
  return { ...rest, config: Object.fromEntries(configEntries<CheckedValue>(layer.config).map(([k, v]) => [k, value(v)])) };
}

/** The runtime declarations the model code calls: the kernel of each layer kind (or kernelFor). */
export function modelRoots(model: CheckedModel, kernelOf: (type: string) => DeclKey | null): DeclKey[] {
  const kinds = [...new Set(model.nodes.map((n) => n.layer.type))];
  return [...Object.values(MODEL_TYPES), ...Object.values(WEIGHT_TYPES), ...kinds.map((k) => kernelOf(k) ?? MODEL_TYPES.kernelFor)];
}

/** Each node's layer's key in LAYERS: its name, when that is a plain identifier. */
export function layerKeys(model: CheckedModel): string[] {
  const taken = new Set<string>();
  return model.nodes.map((n) => identifierFor(n.layer.name, taken, 'layer'));
}

interface NodeNames {
  /** The layer's key in LAYERS. */
  readonly key: string;
  /** Its call's local name in the forward pass, and its result's. */
  readonly call: string;
  readonly result: string;
  /** Its weights' variable names, in the layer's weight order. */
  readonly weights: readonly string[];
}

export function modelCode(ctx: ModelCodeContext): string {
  const { model, nameOf } = ctx;
  const t = (k: keyof typeof MODEL_TYPES) => nameOf(MODEL_TYPES[k]);
  const kinds = [...new Set(model.nodes.map((n) => n.layer.type))];
  const kindNames = new Map(kinds.map((k) => [k, kindFunctionNames(k, ctx.taken)] as const));

  const keys = layerKeys(model);
  const locals = new Set<string>([...ctx.taken, 'state', 'inputs', 'inputMasks', 'training', 'run', 'calls', 'dOutputs', 'extra', '_model', '_extra']);
  const weights = weightNames(model, locals);
  const names: NodeNames[] = model.nodes.map((node, i) => {
    const key = keys[i]!;
    let result = identifierFor(node.layer.name, locals, 'layer');
    if (locals.has(`${result}Call`)) result = identifierFor(`node${node.id}`, locals, 'node');
    locals.add(`${result}Call`);
    return { key, call: `${result}Call`, result, weights: weights[i]! };
  });

  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
  writeLayers(w, ctx, names, t('CheckedLayer'));
  w.blankLine();
  ctx.taken.add('createWeights');
  writeCreateWeights(w, {
    model,
    nameOf,
    layerKeys: keys,
    layerComments: model.nodes.map((node) => `${commentText(node.layer.name)}: ${snippet(ctx.source, node.range)}, ${lineOf(ctx, node.range)}`),
    weightNames: weights,
    taken: ctx.taken,
  });
  w.blankLine();
  for (const kind of kinds) writeKindFunctions(w, ctx, kind, kindNames.get(kind)!);
  writeForward(w, ctx, names, kindNames, t);
  w.blankLine();
  writeBackward(w, ctx, names, kindNames, t);
  return w.toString();
}

/** `LSTM` and `LSTMBackward`, or `LSTMLayer`… when the copied code already has the name. */
function kindFunctionNames(kind: string, taken: Set<string>): { forward: string; backward: string } {
  for (const base of [kind, `${kind}Layer`]) {
    if (!taken.has(base) && !taken.has(`${base}Backward`) && /^[A-Za-z]\w*$/.test(base)) {
      taken.add(base);
      taken.add(`${base}Backward`);
      return { forward: base, backward: `${base}Backward` };
    }
  }
  const forward = identifierFor(`${kind}Forward`, taken, 'Layer');
  return { forward, backward: identifierFor(`${kind}Backward`, taken, 'Layer') };
}

function writeLayers(w: CodeBlockWriter, ctx: ModelCodeContext, names: readonly NodeNames[], checkedLayer: string): void {
  ctx.taken.add('LAYERS');
  w.writeLine('/**');
  w.writeLine(` * The layers of \`${ctx.model.name}\` in the order they run, each with every argument (Keras's default`);
  w.writeLine(` * where ${commentText(ctx.fileLabel)} gives none) and its weights: Keras's names, shapes and initializers.`);
  w.writeLine(' */');
  const keys = names.map((n) => stringLiteral(n.key)).join(' | ');
  w.write(`const LAYERS: Readonly<Record<${keys}, ${checkedLayer}>> = `).inlineBlock(() => {
    ctx.model.nodes.forEach((node, i) => {
      w.writeLine(`/** \`${snippet(ctx.source, node.layer.range)}\`, ${lineOf(ctx, node.layer.range)} */`);
      w.writeLine(`${propertyKey(names[i]!.key)}: ${literal(slimLayer(node.layer), 2)},`);
    });
  });
  w.write(';').newLine();
}

function writeKindFunctions(w: CodeBlockWriter, ctx: ModelCodeContext, kind: string, fn: { forward: string; backward: string }): void {
  const kernel = ctx.kernelOf(kind);
  const t = (k: keyof typeof MODEL_TYPES) => ctx.nameOf(MODEL_TYPES[k]);
  const call = (side: 'forward' | 'backward') => (kernel ? `${ctx.nameOf(kernel)}.${side}(a)` : `${t('kernelFor')}('${kind}').${side}(a)`);
  const where = kernel ? `${ctx.nameOf(kernel)}, below` : `${t('kernelFor')}, below`;
  w.writeLine(`/** The forward pass of ${kind} layers (Keras's ${kind}): rnnc's kernel for them (${where}). */`);
  w.write(`function ${fn.forward}(a: ${t('ForwardArgs')}): ${t('ForwardResult')}`).block(() => w.writeLine(`return ${call('forward')};`));
  w.blankLine();
  w.writeLine(`/** The backward pass of ${kind} layers: their hand-written gradients, from what the forward pass kept. */`);
  w.write(`function ${fn.backward}(a: ${t('BackwardArgs')}): ${t('BackwardResult')}`).block(() => w.writeLine(`return ${call('backward')};`));
  w.blankLine();
}

/** Stateful recurrent layers (or a Bidirectional around one) carry their states between batches. */
function isStateful(layer: CheckedLayer): boolean {
  return [layer, ...wrappedLayers(layer)].some((l) => argumentOf(l, 'stateful') === true);
}

/** Under truncated BPTT every recurrent layer carries its states from one window to the next. */
function isRecurrent(layer: CheckedLayer): boolean {
  return layer.type === 'SimpleRNN' || layer.type === 'LSTM' || layer.type === 'GRU';
}

function writeForward(w: CodeBlockWriter, ctx: ModelCodeContext, names: readonly NodeNames[], kinds: ReadonlyMap<string, { forward: string }>, t: (k: keyof typeof MODEL_TYPES) => string): void {
  const { model } = ctx;
  const value = (r: ValueRef) => (r.node < 0 ? `inputs[${r.index}]!` : `${names[r.node]!.result}.outputs[${r.index}]!`);
  const mask = (r: ValueRef) => (r.node < 0 ? `inputMasks[${r.index}] ?? null` : `${names[r.node]!.result}.masks[${r.index}] ?? null`);
  w.writeLine('/**');
  w.writeLine(` * The forward pass of \`${model.name}\`: each layer in turn, given what the layers before it returned`);
  w.writeLine(" * (rnnc's graph.ts runs any model this way; here it is written out). It returns the model's outputs,");
  w.writeLine(' * their masks, and every call, which the backward pass reads.');
  w.writeLine(' */');
  w.write(
    `function forward(_model: ${t('CheckedModel')}, state: ${t('GraphState')}, inputs: readonly ${t('Tensor')}[], inputMasks: readonly ${t('Mask')}[], training: boolean): ${t('ForwardRun')}`,
  ).block(() => {
    const windowed = (model.train?.truncatedBptt ?? null) !== null;
    model.nodes.forEach((node, n) => {
      const nm = names[n]!;
      w.writeLine(`// ${commentText(node.layer.name)}: ${snippet(ctx.source, node.range)}, ${lineOf(ctx, node.range)}`);
      w.write(`const ${nm.call}: ${t('ForwardArgs')} = `).inlineBlock(() => {
        w.writeLine(`layer: LAYERS.${names[n]!.key},`);
        w.writeLine(`inputs: [${node.inputs.map(value).join(', ')}],`);
        w.writeLine(`masks: [${node.inputs.map(mask).join(', ')}],`);
        w.writeLine(`weights: state.weights[${n}]!,${nm.weights.length ? ` // ${nm.weights.join(', ')}: createWeights, above` : ''}`);
        if (node.initialState) w.writeLine(`initialState: [${node.initialState.map(value).join(', ')}],`);
        else if (isStateful(node.layer) || (windowed && isRecurrent(node.layer))) w.writeLine(`...(state.carried[${n}] ? { initialState: state.carried[${n}] } : {}),`);
        w.writeLine('training,');
        w.writeLine(`rng: state.rngs[${n}]!,`);
      });
      w.write(';').newLine();
      w.writeLine(`const ${nm.result} = ${kinds.get(node.layer.type)!.forward}(${nm.call});`);
    });
    w.write('return ').inlineBlock(() => {
      w.writeLine(`outputs: [${model.outputs.map(value).join(', ')}],`);
      w.writeLine(`outputMasks: [${model.outputs.map(mask).join(', ')}],`);
      w.write('calls: [').newLine();
      w.indent(() => names.forEach((nm) => w.writeLine(`{ args: ${nm.call}, result: ${nm.result} },`)));
      w.writeLine('],');
    });
    w.write(';').newLine();
  });
}

function writeBackward(w: CodeBlockWriter, ctx: ModelCodeContext, names: readonly NodeNames[], kinds: ReadonlyMap<string, { backward: string }>, t: (k: keyof typeof MODEL_TYPES) => string): void {
  const { model } = ctx;
  const regularized = new Set(model.nodes.filter((n) => argumentOf(n.layer, 'activity_regularizer') != null).map((n) => n.id));
  /** Every gradient reaching output `index` of node `node`, in the order graph.ts accumulates them:
   *  the model's outputs, the activity regularizers, then each reader from the last node back. */
  const parts = (node: number, index: number): string[] => {
    const out: string[] = [];
    model.outputs.forEach((r, i) => {
      if (r.node === node && r.index === index) out.push(`dOutputs[${i}] ?? null`);
    });
    if (regularized.has(node)) out.push(`...${t('extraGradients')}(extra, ${node}, ${index})`);
    for (let c = model.nodes.length - 1; c > node; c--) {
      const reader = model.nodes[c]!;
      const back = names[c]!.result;
      reader.inputs.forEach((r, j) => {
        if (r.node === node && r.index === index) out.push(`${back}?.dInputs[${j}] ?? null`);
      });
      reader.initialState?.forEach((r, k) => {
        if (r.node === node && r.index === index) out.push(`${back}?.dInitialState?.[${k}] ?? null`);
      });
    }
    return out;
  };
  const sum = (p: readonly string[]) => (p.length === 0 ? 'null' : p.length === 1 && !p[0]!.startsWith('...') ? p[0]! : `${t('gradientSum')}(${p.join(', ')})`);
  w.writeLine('/**');
  w.writeLine(" * The backward pass: each layer's hand-written backward pass, from the last layer to the first,");
  w.writeLine(' * given the gradients of its outputs — summed, where several layers read one value, in the order');
  w.writeLine(" * graph.ts adds them. A layer no gradient reaches is skipped. Returns each layer's weight gradients.");
  w.writeLine(' */');
  const extraName = regularized.size ? 'extra' : '_extra';
  w.write(
    `function backward(_model: ${t('CheckedModel')}, run: ${t('ForwardRun')}, dOutputs: readonly ${t('Tensor')}[], ${extraName}: readonly ${t('ExtraGradient')}[] = []): (${t('Tensor')} | null)[][]`,
  ).block(() => {
    w.writeLine('const calls = run.calls;');
    for (let n = model.nodes.length - 1; n >= 0; n--) {
      const node = model.nodes[n]!;
      const outputs = Array.from({ length: Math.max(1, node.layer.outputTypes.length) }, (_, i) => sum(parts(n, i)));
      w.writeLine(`// ${commentText(node.layer.name)}, ${lineOf(ctx, node.range)}`);
      w.writeLine(`const ${names[n]!.result} = ${t('backwardThrough')}(${kinds.get(node.layer.type)!.backward}, calls[${n}]!, [${outputs.join(', ')}]);`);
    }
    w.write('return [').newLine();
    w.indent(() => model.nodes.forEach((_, n) => w.writeLine(`${t('weightGradients')}(${names[n]!.result}, calls[${n}]!),`)));
    w.writeLine('];');
  });
}

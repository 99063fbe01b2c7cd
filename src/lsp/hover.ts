// Hover: on a layer, its name, input and output shapes, parameter count and documentation; on an
// argument, its type, default and documentation; on a value (`tanh`, `adam`), what it is; on a
// name of a functional model, the type it stands for; on a model's name, its inputs, outputs and
// parameter total.

import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { CheckedLayer, CheckedModel } from '../compiler/ir.ts';
import { decodeSetting } from '../compiler/decode-spec.ts';
import { lookupLayer } from '../compiler/layers/registry.ts';
import { formatType, type ValueType } from '../compiler/tensor-type.ts';
import { lookup, type Vocab } from '../compiler/vocab/index.ts';
import type { Expr, Identifier } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
import type { Analysis } from './analysis.ts';
import { argMarkdown, entryMarkdown, layerMarkdown } from './docs.ts';
import { recordKeyHover } from './io-names.ts';
import { valueTypes } from './model-index.ts';
import { enclosingCall, pathAt, type AstNode } from './syntax.ts';
import { argNamed, positionalArg, resolveCallee, trainSetting, vocabOf, vocabWhat, type Callee } from './vocabulary.ts';

const count = (n: number): string => n.toLocaleString('en-US');

export function types(ts: readonly ValueType[]): string {
  return ts.length === 0 ? '?' : ts.map((t) => `\`${formatType(t)}\``).join(', ');
}

export function layerHover(layer: CheckedLayer, owner?: CheckedLayer): string {
  const def = lookupLayer(layer.type);
  const known = layer.outputTypes.some((t) => t.kind === 'tensor');
  const shapes = known ? `${types(layer.inputTypes)} → ${types(layer.outputTypes)}` : 'output shape unknown until the errors before it are fixed';
  const { trainable, nonTrainable } = layer.params;
  const params = known ? `${count(trainable + nonTrainable)} parameters${nonTrainable ? ` (${count(nonTrainable)} non-trainable)` : ''}` : '';
  const inside = owner ? ` inside ${owner.name} (${owner.type})` : '';
  return [`**${layer.name}** (${layer.type})${inside}`, `${shapes}${params ? `  \n${params}` : ''}`, '---', def ? layerMarkdown(def) : ''].join('\n\n');
}

function modelHover(model: CheckedModel): string {
  const inputs = model.inputs.map((i) => `\`${formatType(i.type)}\``).join(', ') || '?';
  const { trainable, nonTrainable } = model.params;
  return [
    `**model ${model.name}** (${model.kind}, ${model.nodes.length} ${model.nodes.length === 1 ? 'layer' : 'layers'})`,
    `${inputs} → ${types(model.outputTypes)}  \n${count(trainable + nonTrainable)} parameters${nonTrainable ? ` (${count(nonTrainable)} non-trainable)` : ''}`,
  ].join('\n\n');
}

function md(value: string, r: Range, a: Analysis): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: a.range(r) };
}

function valueHover(name: string, vocab: Vocab | undefined, r: Range, a: Analysis): Hover | null {
  const entry = vocab && lookup(vocab, name);
  return entry && vocab ? md(entryMarkdown(entry, vocabWhat(vocab)), r, a) : null;
}

function calleeHover(callee: Callee, a: Analysis, callRange: Range, idRange: Range): Hover | null {
  if (callee.kind === 'entry') return md(entryMarkdown(callee.entry, callee.what), idRange, a);
  const site = a.layers().find((s) => s.layer.range.start === callRange.start);
  if (site) return md(layerHover(site.layer, site.owner), idRange, a);
  const input = a.result.models.flatMap((m) => m.inputs).find((i) => i.range.start === callRange.start);
  const head = input ? `**input** \`${input.name}\`: ${types([input.type])}\n\n---\n\n` : '';
  return md(head + layerMarkdown(callee.def), idRange, a);
}

export function hover(a: Analysis, offset: number): Hover | null {
  const path = pathAt(a.result.parse.file, offset);
  const decl = path[0];
  const leaf = path[path.length - 1];
  const parent = path[path.length - 2];
  if (!decl || !leaf) return null;

  if (leaf.kind === 'Identifier' && parent) {
    const h = identifierHover(a, path, leaf, parent);
    if (h !== undefined) return h;
  }
  if (leaf.kind === 'Name') {
    if (decl.kind === 'Model') {
      // A name stands for a tensor unless it is a layer's setting (`activation=relu`).
      const call = enclosingCall(path);
      const t = !call || call.applied ? valueTypes(a, decl, leaf) : undefined;
      if (t) return md(`\`${leaf.name}\`: ${types(t)}`, leaf.range, a);
    }
    const h = argValueHover(a, path, leaf);
    if (h) return h;
  }
  // Anywhere else inside a layer's call: the layer.
  const site = a.layerAt(offset);
  return site ? md(layerHover(site.layer, site.owner), site.layer.range, a) : null;
}

/** undefined: nothing special here, fall back to the enclosing layer. */
function identifierHover(a: Analysis, path: AstNode[], id: Identifier, parent: AstNode): Hover | null | undefined {
  const decl = path[0]!;
  switch (parent.kind) {
    case 'Call': {
      if (parent.callee !== id) return undefined;
      const callee = resolveCallee(id.name, expectedVocab(path, path.length - 2));
      return callee ? calleeHover(callee, a, parent.range, id.range) : null;
    }
    case 'Arg': {
      const at = enclosingCall(path);
      if (!at) return undefined;
      if (at.applied) {
        return id.name === 'initial_state' ? md('`initial_state=[…]` — the starting states of a recurrent layer: `[h]`, or `[h, c]` for an LSTM.', id.range, a) : null;
      }
      const callee = resolveCallee(at.call.callee.name, expectedVocab(path, path.indexOf(at.call)));
      const spec = callee && argNamed(callee, id.name);
      return spec && callee ? md(argMarkdown(spec, callee.kind === 'layer' ? callee.def.name : callee.entry.name), id.range, a) : null;
    }
    case 'Entry': {
      if (decl.kind === 'Decode' && path[1] === parent) {
        const spec = decodeSetting(id.name);
        return spec ? md(`\`${spec.name}\` (decode block): ${spec.doc}  \nValue: ${spec.value}${spec.default === undefined ? '' : `; default: ${spec.default}`}`, id.range, a) : null;
      }
      const named = recordKeyHover(a, path, path.indexOf(parent));
      if (named) return md(named, id.range, a);
      const setting = decl.kind === 'Train' && path[1] === parent ? trainSetting(id.name) : undefined;
      return setting ? md(`\`${setting.name}\` (train block): ${setting.doc}`, id.range, a) : null;
    }
    case 'Model':
    case 'Train':
    case 'Decode': {
      const model = a.result.models.find((m) => m.name === id.name);
      return model ? md(modelHover(model), id.range, a) : null;
    }
    case 'BindStmt': {
      if (decl.kind !== 'Model') return null;
      const t = valueTypes(a, decl, { kind: 'Name', name: id.name, range: id.range });
      return t ? md(`\`${id.name}\`: ${types(t)}`, id.range, a) : null;
    }
    default:
      return undefined;
  }
}

/**
 * The vocabulary a call at path[index] is expected to come from, so `orthogonal(…)` as an
 * initializer and `optimizer = adam` find the right entry.
 */
function expectedVocab(path: readonly AstNode[], index: number): Vocab | undefined {
  const holder = path[index - 1];
  const decl = path[0];
  if (holder?.kind === 'Entry' || (holder?.kind === 'List' && path[index - 2]?.kind === 'Entry')) {
    const entry = (holder.kind === 'Entry' ? holder : path[index - 2]) as { key: Identifier };
    return decl?.kind === 'Train' ? trainSetting(entry.key.name)?.vocab : undefined;
  }
  if (holder?.kind === 'Arg') {
    const at = enclosingCall(path.slice(0, index));
    const owner = at && !at.applied ? resolveCallee(at.call.callee.name) : undefined;
    const spec = owner && specOfArg(owner, at!.call.args.args, holder);
    return spec ? vocabOf(spec.type) : undefined;
  }
  return undefined;
}

function specOfArg(callee: Callee, args: readonly { name?: Identifier }[], arg: { name?: Identifier }) {
  if (arg.name) return argNamed(callee, arg.name.name);
  const positionalIndex = args.filter((x) => !x.name).indexOf(arg);
  return positionalArg(callee, positionalIndex);
}

/** A bare value given to an argument or a train setting: `tanh`, `adam`, `accuracy`. */
function argValueHover(a: Analysis, path: AstNode[], name: Expr & { kind: 'Name' }): Hover | null {
  const i = path.length - 1;
  const holder = path[i - 1];
  const listHolder = holder?.kind === 'List' ? path[i - 2] : holder;
  if (listHolder?.kind === 'Entry' && path[0]?.kind === 'Train') {
    return valueHover(name.name, trainSetting(listHolder.key.name)?.vocab, name.range, a);
  }
  if (holder?.kind === 'Arg') {
    const at = enclosingCall(path);
    if (!at || at.applied) return null;
    const callee = resolveCallee(at.call.callee.name, expectedVocab(path, path.indexOf(at.call)));
    const spec = callee && specOfArg(callee, at.call.args.args, holder);
    return spec ? valueHover(name.name, vocabOf(spec.type), name.range, a) : null;
  }
  return null;
}

// What both back ends of `rnnc build` (the TypeScript program and the PyTorch one) check before they
// write anything: the names and strings of the model that may not enter a program, whatever its
// language (E0901, see text.ts, unsafeCharacter), and a train block to train with (E0514).

import { configEntries, isFn, isLayerValue, isTuple, type ConfigValue } from '../compiler/config-value.ts';
import { isNamedEntry, wrappedLayers, type CheckedModel, type CheckedValue } from '../compiler/ir.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Range, SourceText } from '../source/text.ts';
import { unsafeCharacter } from './text.ts';

/** A program's text, or why none was written. */
export type EmitResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Why no program can be written for the model at all, whatever the target; empty when one can. */
export function refusedModel(model: CheckedModel, source: SourceText): Diagnostic[] {
  const unsafe = unsafeStrings(model, source);
  if (unsafe.length) return unsafe;
  if (model.train) return [];
  return [
    diagnostic('E0514', model.nameRange, `model \`${model.name}\` has no train block, so a program for it would have nothing to train with`, {
      hint: 'add `train { loss = mean_squared_error }` after the model',
    }),
  ];
}

/** E0901 for every name or string of the model that holds a control or bidirectional character. */
function unsafeStrings(model: CheckedModel, source: SourceText): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const check = (text: string, what: string, range: Range) => {
    const bad = unsafeCharacter(text);
    if (!bad || seen.has(`${what}\0${text}`)) return;
    seen.add(`${what}\0${text}`);
    out.push(
      diagnostic('E0901', narrowest(source, range, text[bad.offset]!), `${what} ${JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)} holds ${bad.name}, which cannot go into the program`, {
        hint: 'remove the character: names and paths have no use for it',
      }),
    );
  };
  const walk = (v: CheckedValue | ConfigValue | undefined, what: string, range: Range) => {
    if (typeof v === 'string') check(v, what, range);
    else if (isTuple(v)) for (const x of v) walk(x, what, range);
    else if (isFn(v)) for (const [k, a] of Object.entries(v.args)) walk(a, `the argument \`${k}\` of ${v.name}`, range);
  };
  const layer = (l: CheckedModel['nodes'][number]['layer'], range: Range) => {
    check(l.name, 'the layer name', range);
    for (const [k, v] of configEntries<CheckedValue>(l.config)) if (!isLayerValue(v)) walk(v, `the argument \`${k}\``, range);
    for (const inner of wrappedLayers(l)) layer(inner, range);
  };
  for (const node of model.nodes) layer(node.layer, node.layer.range);
  for (const input of model.inputs) check(input.name, 'the input name', input.range);
  const t = model.train;
  if (t) {
    for (const [k, v] of [...Object.entries(t.data), ...Object.entries(t.validationData)]) {
      if (!isNamedEntry(v)) {
        walk(v, `the data entry \`${k}\``, t.range);
        continue;
      }
      for (const [name, path] of Object.entries(v)) {
        check(name, 'the input or output name', t.range);
        check(path, `the data entry \`${k}.${name}\``, t.range);
      }
    }
    for (const fn of [t.loss, ...t.losses, t.optimizer, ...t.callbacks]) walk(fn, fn.name, t.range);
    for (const m of t.metrics) check(m, 'the metric', t.range);
  }
  return out;
}

/** The character itself when it stands in the source as it is, else the whole range. */
function narrowest(source: SourceText, range: Range, ch: string): Range {
  const at = source.text.slice(range.start, range.end).indexOf(ch);
  return at < 0 ? range : { start: range.start + at, end: range.start + at + ch.length };
}

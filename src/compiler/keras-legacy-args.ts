// Arguments a Keras listing passes to a layer that rnnc spells differently: Keras 2's
// `batch_input_shape=(batch, ...)`, `input_dim=n` and `batch_size=b` on the first layer of a
// Sequential model (keras/src/layers/layer.py in Keras 2 allowed them on any layer; Keras 3 keeps
// only `input_shape`, which rnnc accepts as an alias of `input`). A student copying a listing from
// the course notes gets E0202 with the rnnc spelling as a fix, not a bare "no argument".

import type { Arg, CallExpr, Expr } from '../parser/ast.ts';
import type { Range, SourceText } from '../source/text.ts';
import type { Fix } from '../diagnostics/diagnostic.ts';

/** What E0202 says instead of "unknown argument" for a name a Keras listing uses. */
export interface UnknownArgAdvice {
  readonly label: string;
  readonly hint: string;
  readonly fixes?: readonly Fix[];
}

/** The advice for `arg`, an argument `call` does not take, or undefined for any other name. */
export function kerasLegacyArg(call: CallExpr, arg: Arg, removal: Range, source: SourceText): UnknownArgAdvice | undefined {
  const name = arg.name?.name;
  const text = (e: Expr) => source.text.slice(e.range.start, e.range.end);
  // A layer applied in a functional model (`LSTM(8, …)(x)`) takes its shape from `x`.
  const functional = call.apply !== undefined;
  if (name === 'batch_input_shape') {
    const dims = arg.value.kind === 'Tuple' && arg.value.items.length >= 2 ? arg.value.items : undefined;
    if (!dims) return { label: 'Keras 2’s argument', hint: 'give the shape without the batch axis as `input=(steps, features)`' };
    const shape = tupleText(dims.slice(1).map(text));
    const batch = dims[0]!;
    const fixedBatch = batch.kind !== 'None';
    if (functional) {
      return {
        label: 'Keras 2’s argument',
        hint: `a functional model takes its shapes from its inputs: \`x = Input(shape=${shape}${fixedBatch ? `, batch_size=${text(batch)}` : ''})\``,
      };
    }
    if (!fixedBatch) {
      return {
        label: 'Keras 2’s argument',
        hint: `the batch axis is never written in rnnc: write \`input=${shape}\``,
        fixes: [{ title: `write \`input=${shape}\``, edits: [{ range: arg.range, newText: `input=${shape}` }] }],
      };
    }
    // A fixed batch size (stateful layers need one) belongs to the model's Input.
    const input = `Input(shape=${shape}, batch_size=${text(batch)})`;
    return {
      label: 'Keras 2’s argument',
      hint: `a fixed batch size is the model’s: start the model with \`${input}\``,
      fixes: [{ title: `start the model with \`${input}\``, edits: [{ range: removal, newText: '' }, lineAbove(call, input, source)] }],
    };
  }
  if (name === 'input_dim') {
    const shape = `(${text(arg.value)},)`;
    if (functional) return { label: 'Keras 2’s argument', hint: `a functional model takes its shapes from its inputs: \`x = Input(shape=${shape})\`` };
    return {
      label: 'Keras 2’s argument',
      hint: `\`input_dim=n\` is the shape \`(n,)\`: write \`input=${shape}\``,
      fixes: [{ title: `write \`input=${shape}\``, edits: [{ range: arg.range, newText: `input=${shape}` }] }],
    };
  }
  if (name === 'batch_size') {
    return { label: 'Keras 2’s argument', hint: 'a fixed batch size is the model’s: start the model with `Input(shape=(…), batch_size=n)`' };
  }
  return undefined;
}

/** The advice for an argument `Input(…)` does not take: Keras 3's `batch_shape=(b, ...)`. */
export function kerasInputArg(arg: Arg, source: SourceText): UnknownArgAdvice | undefined {
  if (arg.name?.name !== 'batch_shape' || arg.value.kind !== 'Tuple' || arg.value.items.length < 2) return undefined;
  const text = (e: Expr) => source.text.slice(e.range.start, e.range.end);
  const [batch, ...dims] = arg.value.items;
  const shape = `shape=${tupleText(dims.map(text))}${batch!.kind === 'None' ? '' : `, batch_size=${text(batch!)}`}`;
  return {
    label: 'Keras’s `batch_shape`',
    hint: `rnnc gives the batch size apart: write \`${shape}\``,
    fixes: [{ title: `write \`${shape}\``, edits: [{ range: arg.range, newText: shape }] }],
  };
}

/** Python's spelling of a tuple: `(5, 1)`, and `(5,)` for one item. */
function tupleText(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** An edit that puts `statement` on a line of its own above the line `call` starts on. */
function lineAbove(call: CallExpr, statement: string, source: SourceText) {
  const text = source.text;
  const lineStart = text.lastIndexOf('\n', call.range.start - 1) + 1;
  const before = text.slice(lineStart, call.range.start);
  if (/^[ \t]*$/.test(before)) {
    return { range: { start: lineStart, end: lineStart }, newText: `${before}${statement}\n` };
  }
  // The layer shares its line with the model's `{`: start a line of its own for the Input.
  const indent = /^[ \t]*/.exec(before)![0];
  return { range: { start: call.range.start, end: call.range.start }, newText: `${statement}\n${indent}  ` };
}

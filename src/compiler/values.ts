// Converting an argument's expression into a ConfigValue of the type its ArgSpec asks for, with
// E0204 (wrong type), E0205 (out of range) and E0206 (unknown value) pointing at the value itself.

import type { CallExpr, Expr } from '../parser/ast.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { ConfigValue, FnValue, LayerValue } from './config-value.ts';
import type { ArgSpec, ArgType, VocabName } from './layers/layer-def.ts';
import { bindArgs, describeType } from './args.ts';
import { suggest } from './suggest.ts';

/** What a vocabulary entry offers the checker. */
export interface VocabEntryLike {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly doc: string;
  readonly args?: readonly ArgSpec[];
}

export interface ValueContext {
  readonly report: (d: Diagnostic) => void;
  /** The entries of a vocabulary. */
  readonly vocab: (name: VocabName) => readonly VocabEntryLike[];
  /** Check a layer given as an argument (`Bidirectional(LSTM(64))`). */
  readonly checkInnerLayer: (call: CallExpr, recurrentOnly: boolean, owner: string) => LayerValue | undefined;
  /** Accept bare names for strings (`monitor=val_loss` in a train block's callbacks). */
  readonly bareStrings?: boolean;
}

/** The same context, accepting bare names for strings (the train block's). */
export function withBareStrings(ctx: ValueContext): ValueContext {
  return new BareStrings(ctx);
}

// A wrapper rather than a spread copy (which would lose a class instance's methods) or an object
// inheriting from the context (which turns the context into a slower prototype object).
class BareStrings implements ValueContext {
  readonly bareStrings = true;
  readonly report: ValueContext['report'];
  readonly vocab: ValueContext['vocab'];

  constructor(private readonly inner: ValueContext) {
    this.report = inner.report;
    this.vocab = inner.vocab;
  }

  checkInnerLayer(call: CallExpr, recurrentOnly: boolean, owner: string): LayerValue | undefined {
    return this.inner.checkInnerLayer(call, recurrentOnly, owner);
  }
}

/** Which argument a value belongs to, for messages. */
export interface Site {
  readonly argName?: string;
  readonly owner?: string;
}

/** How a message names the value: `units`, or "the value". */
function subjectOf(site: Site): string {
  return site.argName ? `\`${site.argName}\`` : 'the value';
}

export function convertValue(expr: Expr, type: ArgType, ctx: ValueContext, site: Site = {}): ConfigValue | undefined {
  if (expr.kind === 'Missing') return undefined;
  // No closure here, and the words for messages (`subject`) are made only for a message: this
  // runs for every argument.

  switch (type.kind) {
    case 'optional':
      if (expr.kind === 'None') return null;
      return convertValue(expr, type.inner, ctx, site);
    case 'int': {
      if (expr.kind !== 'Number') return reportWrongType(expr, type, site, ctx);
      if (!expr.isInteger || !Number.isSafeInteger(expr.value)) {
        return reportWrongType(expr, type, site, ctx, Number.isInteger(expr.value) ? `write \`${Math.trunc(expr.value)}\`` : undefined);
      }
      return checkRange(expr, expr.value, type.min, type.max, false, false, site, ctx);
    }
    case 'float': {
      if (expr.kind !== 'Number') return reportWrongType(expr, type, site, ctx);
      return checkRange(expr, expr.value, type.min, type.max, type.minExclusive ?? false, type.maxExclusive ?? false, site, ctx);
    }
    case 'bool': {
      if (expr.kind === 'Bool') return expr.value;
      if (expr.kind === 'Number' && (expr.value === 0 || expr.value === 1)) {
        const word = expr.value === 1 ? 'true' : 'false';
        ctx.report(
          diagnostic('E0204', expr.range, `${subjectOf(site)} must be \`true\` or \`false\`, but is ${expr.raw}`, {
            label: 'expected `true` or `false`',
            hint: `write \`${word}\``,
            fixes: [{ title: `write \`${word}\``, edits: [{ range: expr.range, newText: word }] }],
          }),
        );
        return undefined;
      }
      return reportWrongType(expr, type, site, ctx);
    }
    case 'string': {
      if (expr.kind === 'String') return expr.value;
      if (expr.kind === 'Name' && ctx.bareStrings) return expr.name;
      if (expr.kind === 'Name') {
        ctx.report(
          diagnostic('E0204', expr.range, `${subjectOf(site)} must be a string, but is the bare name \`${expr.name}\``, {
            label: 'expected a string',
            hint: `put it in quotes: "${expr.name}"`,
            fixes: [{ title: 'put it in quotes', edits: [{ range: expr.range, newText: JSON.stringify(expr.name) }] }],
          }),
        );
        return undefined;
      }
      return reportWrongType(expr, type, site, ctx);
    }
    case 'vocab':
      return convertVocab(expr, type.vocab, ctx, site, type);
    case 'shape':
      return convertShape(expr, site, ctx, type);
    case 'ints': {
      if (expr.kind !== 'Tuple' && expr.kind !== 'List') return reportWrongType(expr, type, site, ctx);
      const out: number[] = [];
      for (const item of expr.items) {
        if (hasGap(item)) return undefined;
        if (item.kind !== 'Number' || !item.isInteger || (item.value < 1 && item.value !== -1)) {
          ctx.report(
            diagnostic('E0309', item.range, `each entry of ${subjectOf(site)} must be a positive whole number or -1`, {
              label: 'not a positive whole number',
            }),
          );
          return undefined;
        }
        out.push(item.value);
      }
      return out;
    }
    case 'int_or_tuple': {
      const inner = (expr.kind === 'Tuple' || expr.kind === 'List') && expr.items.length === 1 ? expr.items[0]! : expr;
      if (inner.kind !== 'Number' || !inner.isInteger) return reportWrongType(expr, type, site, ctx);
      return checkRange(inner, inner.value, type.min, undefined, false, false, site, ctx);
    }
    case 'layer': {
      if (expr.kind !== 'Call') {
        if (hasGap(expr)) return undefined;
        ctx.report(
          diagnostic('E0210', expr.range, `${site.owner ?? 'this wrapper'} needs ${describeType(type)}, but gets ${describeExpr(expr)}`, {
            label: 'not a layer',
            hint: type.recurrentOnly ? `write it as \`${site.owner ?? 'Bidirectional'}(LSTM(64))\`` : undefined,
          }),
        );
        return undefined;
      }
      return ctx.checkInnerLayer(expr, type.recurrentOnly, site.owner ?? 'wrapper');
    }
  }
}

function checkRange(
  expr: Expr,
  value: number,
  min: number | undefined,
  max: number | undefined,
  minExclusive: boolean,
  maxExclusive: boolean,
  site: Site,
  ctx: ValueContext,
): number | undefined {
  const tooLow = min !== undefined && (minExclusive ? value <= min : value < min);
  const tooHigh = max !== undefined && (maxExclusive ? value >= max : value > max);
  if (!tooLow && !tooHigh) return value;
  const bound =
    min !== undefined && max !== undefined
      ? `lie in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`
      : min !== undefined
        ? minExclusive
          ? `be greater than ${min}`
          : `be at least ${min}`
        : `be at most ${max}`;
  ctx.report(
    diagnostic('E0205', expr.range, `${subjectOf(site)} must ${bound}, but is ${describeNumber(expr)}`, {
      label: `must ${bound}`,
    }),
  );
  return undefined;
}

const NONE_MEANS: Partial<Record<VocabName, ConfigValue>> = {
  activation: 'linear', // Keras: activation=None applies no activation
  regularizer: null,
  constraint: null,
  merge_mode: null,
};

function convertVocab(
  expr: Expr,
  vocab: VocabName,
  ctx: ValueContext,
  site: Site,
  type: ArgType,
): ConfigValue | undefined {
  if (expr.kind === 'None') {
    if (Object.hasOwn(NONE_MEANS, vocab)) return NONE_MEANS[vocab]!;
    return reportWrongType(expr, type, site, ctx);
  }
  let nameText: string;
  let nameRange = expr.range;
  let call: CallExpr | undefined;
  if (expr.kind === 'Name') nameText = expr.name;
  else if (expr.kind === 'String') nameText = expr.value;
  else if (expr.kind === 'Call' && !expr.apply) {
    call = expr;
    nameText = expr.callee.name;
    nameRange = expr.callee.range;
  } else return reportWrongType(expr, type, site, ctx);

  const entries = ctx.vocab(vocab);
  const entry = lookupEntry(entries, nameText);
  if (!entry) {
    const names = entries.flatMap((e) => [e.name, ...(e.aliases ?? [])]);
    const [best] = suggest(nameText, names);
    const what = vocab.replace('_', ' ');
    ctx.report(
      diagnostic('E0206', nameRange, `unknown ${what} \`${nameText}\``, {
        label: best ? `did you mean \`${best}\`?` : `not a known ${what}`,
        hint: best
          ? `did you mean \`${best}\`?`
          : `known: ${entries.slice(0, 8).map((e) => e.name).join(', ')}${entries.length > 8 ? ', …' : ''}`,
        ...(best
          ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: expr.kind === 'String' ? innerRange(expr.range) : nameRange, newText: best }] }] }
          : {}),
      }),
    );
    return undefined;
  }
  if (vocab === 'activation' || vocab === 'merge_mode' || vocab === 'padding' || vocab === 'dtype') {
    if (call && call.args.args.length) {
      return reportWrongType(expr, type, site, ctx, `${entry.name} takes no arguments here; write \`${entry.name}\``);
    }
    return entry.name;
  }
  return fnValue(entry, call, ctx);
}

// The value of each entry written bare, built once: checked values are read-only, and a name like
// `he_normal` or `accuracy` recurs on many lines. Null: the entry has a required argument.
const bareValues = new WeakMap<VocabEntryLike, FnValue | null>();

function bareValue(entry: VocabEntryLike): FnValue | undefined {
  let v = bareValues.get(entry);
  if (v === undefined) {
    const args: Record<string, ConfigValue> = {};
    v = { kind: 'fn', name: entry.name, args };
    for (const s of entry.args ?? []) {
      if (s.default === undefined) {
        v = null;
        break;
      }
      args[s.name] = s.default;
    }
    bareValues.set(entry, v);
  }
  return v ?? undefined;
}

export function fnValue(entry: VocabEntryLike, call: CallExpr | undefined, ctx: ValueContext): FnValue | undefined {
  // A parameterised entry used bare, such as `constant` without its value, gives undefined: the
  // caller asks for the value.
  if (!call) return bareValue(entry);
  const specs = entry.args ?? [];
  const bound = bindArgs({ what: entry.name, callee: call.callee, specs }, call.args, ctx);
  if (!bound.ok) return undefined;
  return { kind: 'fn', name: entry.name, args: bound.config };
}

interface EntryIndex {
  readonly exact: ReadonlyMap<string, VocabEntryLike>;
  readonly folded: ReadonlyMap<string, VocabEntryLike>;
}

// Vocabularies are long-lived arrays: index each once, on first use.
const entryIndexes = new WeakMap<readonly VocabEntryLike[], EntryIndex>();

/** The entry named `name` (or an alias), exactly or else ignoring case; the first one that fits. */
export function lookupEntry<E extends VocabEntryLike>(entries: readonly E[], name: string): E | undefined {
  let index = entryIndexes.get(entries);
  if (index === undefined) {
    const exact = new Map<string, VocabEntryLike>();
    const folded = new Map<string, VocabEntryLike>();
    for (const e of entries) {
      for (const spelling of [e.name, ...(e.aliases ?? [])]) {
        if (!exact.has(spelling)) exact.set(spelling, e);
        const key = spelling.toLowerCase();
        if (!folded.has(key)) folded.set(key, e);
      }
    }
    entryIndexes.set(entries, (index = { exact, folded }));
  }
  return (index.exact.get(name) ?? index.folded.get(name.toLowerCase())) as E | undefined;
}

function convertShape(
  expr: Expr,
  site: Site,
  ctx: ValueContext,
  type: ArgType,
): ConfigValue | undefined {
  if (expr.kind === 'Number') {
    if (expr.isInteger && expr.value >= 1) return [expr.value];
    ctx.report(diagnostic('E0309', expr.range, `${subjectOf(site)} must be a positive whole number or a tuple of them`, { label: 'not a valid dimension' }));
    return undefined;
  }
  if (expr.kind === 'None') return [null];
  if (expr.kind !== 'Tuple' && expr.kind !== 'List') return reportWrongType(expr, type, site, ctx);
  const dims: (number | null)[] = [];
  for (const item of expr.items) {
    if (hasGap(item)) return undefined;
    if (item.kind === 'None') dims.push(null);
    else if (item.kind === 'Number' && item.isInteger && item.value >= 1) dims.push(item.value);
    else {
      ctx.report(
        diagnostic('E0309', item.range, `each dimension of ${subjectOf(site)} must be a positive whole number or None, but one is ${describeExpr(item)}`, {
          label: 'not a valid dimension',
          hint: 'shapes leave out the batch axis: `input=(steps, features)`, with None for a length that varies',
        }),
      );
      return undefined;
    }
  }
  if (dims.length === 0) {
    ctx.report(diagnostic('E0309', expr.range, `${subjectOf(site)} must have at least one dimension`, { label: 'empty shape', hint: 'for example `(5, 1)` or `(None,)`' }));
    return undefined;
  }
  return dims;
}

function innerRange(r: { start: number; end: number }): { start: number; end: number } {
  return { start: r.start + 1, end: Math.max(r.start + 1, r.end - 1) };
}

function describeNumber(expr: Expr): string {
  return expr.kind === 'Number' ? expr.raw : describeExpr(expr);
}

export function describeExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'Number':
      return expr.raw;
    case 'String':
      return `the string ${expr.raw}`;
    case 'Bool':
      return `\`${expr.raw}\``;
    case 'None':
      return '`None`';
    case 'Name':
      return `\`${expr.name}\``;
    case 'Tuple':
      return 'a tuple';
    case 'List':
      return 'a list';
    case 'Record':
      return 'a record';
    case 'Call':
      return `a call to \`${expr.callee.name}\``;
    case 'Missing':
      return 'missing';
  }
}

/**
 * Whether the parser left a gap in this value or skipped part of it (a Missing node anywhere
 * inside). It has reported that already; a verdict on the whole value (a tuple where a number
 * belongs, say) would be a second diagnostic for the same mistake, so the checker gives none.
 */
export function hasGap(expr: Expr): boolean {
  switch (expr.kind) {
    case 'Missing':
      return true;
    case 'Tuple':
    case 'List':
      return expr.items.some(hasGap);
    case 'Record':
      return expr.entries.some((e) => hasGap(e.value));
    case 'Call':
      return expr.args.args.some((a) => hasGap(a.value)) || (expr.apply?.args.some((a) => hasGap(a.value)) ?? false);
    default:
      return false;
  }
}

function reportWrongType(expr: Expr, type: ArgType, site: Site, ctx: ValueContext, hint?: string): undefined {
  if (hasGap(expr)) return undefined;
  ctx.report(
    diagnostic('E0204', expr.range, `${subjectOf(site)} must be ${describeType(type)}, but is ${describeExpr(expr)}`, {
      label: `expected ${describeType(type)}`,
      ...(hint ? { hint } : {}),
    }),
  );
  return undefined;
}

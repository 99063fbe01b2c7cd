// Arguments: binding a call's arguments to a list of ArgSpecs (a layer's, an initializer's, an
// optimizer's, a callback's) — positional and keyword arguments, duplicates, unknown names with
// "did you mean", required arguments — and converting each expression into a plain ConfigValue
// of the type its ArgSpec asks for, with E0204 (wrong type), E0205 (out of range) and E0206
// (unknown value) pointing at the value itself, and every default filled in. One module because
// the two recurse into each other: a value such as `l2(0.01)` is a call whose arguments are bound.

import type { Arg, ArgList, CallExpr, Expr, Identifier } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Diagnostic, Fix } from '../diagnostics/diagnostic.ts';
import type { ConfigValue, FnValue, LayerValue } from './config-value.ts';
import type { ArgSpec, ArgType, VocabName } from './layers/layer-def.ts';
import { suggest } from './suggest.ts';
import type { UnknownArgAdvice } from './keras-legacy-args.ts';

export interface BoundArgs {
  /** Every spec's value: given, or its default. Required-but-missing specs are absent. */
  readonly config: Record<string, ConfigValue>;
  /** False when something could not be bound: later phases should not trust the config. */
  readonly ok: boolean;
  /** Where a given argument's value stands, by canonical name, for pointing diagnostics at it. */
  valueRange(name: string): Range | undefined;
  /** Where a given argument stands as a whole (`units=0`). */
  argRange(name: string): Range | undefined;
}

/**
 * The arguments given, by the canonical name each was bound to: one short list beside the call's
 * own arguments (`names[i]` for `args[i]`, undefined for one that bound nothing) — cheaper to
 * build for every call than a Map, or than a second list of the arguments. Searched only when a
 * diagnostic needs a range.
 */
class Given implements BoundArgs {
  private readonly names: (string | undefined)[];
  ok = true;

  constructor(
    readonly config: Record<string, ConfigValue>,
    private readonly args: readonly Arg[],
  ) {
    this.names = args.length === 0 ? NO_NAMES : new Array<string | undefined>(args.length);
  }

  /** Records that `args[at]` gave the argument `name`. */
  add(at: number, name: string): void {
    this.names[at] = name;
  }

  get(name: string): Arg | undefined {
    for (let i = 0; i < this.names.length; i++) if (this.names[i] === name) return this.args[i];
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  valueRange(name: string): Range | undefined {
    return this.get(name)?.value.range;
  }

  argRange(name: string): Range | undefined {
    return this.get(name)?.range;
  }
}

const NO_NAMES: (string | undefined)[] = [];

export interface BindTarget {
  /** What is being called, for messages: `LSTM`, `Adam`, `random_normal`. */
  readonly what: string;
  readonly callee: Identifier;
  readonly specs: readonly ArgSpec[];
  /** What to say of an argument the specs do not name, where the caller knows better than
   *  "did you mean" (a Keras 2 spelling, say); `removal` deletes it with its comma. */
  advise?(arg: Arg, removal: Range): UnknownArgAdvice | undefined;
}

export function bindArgs(target: BindTarget, list: ArgList, ctx: ValueContext): BoundArgs {
  const { specs, what } = target;
  const index = specIndex(specs);
  const config = index.makeDefaults();
  const given = new Given(config, list.args);
  const positional = index.positional;
  let positionalIndex = 0;
  let keywordSeen: Arg | undefined;
  // Arguments rejected below fill no spec, yet each may be the user's attempt at a required one:
  // while there are any, no argument is called missing.
  let rejected = 0;
  let gap = false; // an argument the parser left without a value

  const args = list.args;
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    let spec: ArgSpec | undefined;
    if (arg.value.kind === 'Missing') gap = true;
    if (!arg.name) {
      if (arg.value.kind === 'Missing') continue; // the parser reported the gap
      if (keywordSeen) {
        ctx.report(
          diagnostic('E0208', arg.range, `an argument without a name cannot follow a named one`, {
            label: 'positional argument',
            related: [{ range: keywordSeen.range, message: 'named argument before it' }],
            hint: 'put arguments without a name first, or give this one its name',
          }),
        );
        given.ok = false;
        rejected++;
        continue;
      }
      spec = positional[positionalIndex++];
      if (!spec) {
        const names = positional.map((s) => `\`${s.name}\``).join(', ');
        ctx.report(
          diagnostic('E0209', arg.range, `${what} takes ${countWords(positional.length)} without a name, but gets more`, {
            label: 'extra argument',
            hint: positional.length
              ? `only ${names} may be given by position; name this one, e.g. \`activation=…\``
              : `name this argument, e.g. \`${specs[0]?.name ?? 'name'}=…\``,
          }),
        );
        given.ok = false;
        rejected++;
        continue;
      }
    } else {
      keywordSeen = arg;
      spec = index.byName.get(arg.name.name);
      if (!spec) {
        reportUnknownArg(target, arg, removalRange(list, at), given, ctx);
        given.ok = false;
        rejected++;
        continue;
      }
    }
    const earlier = given.get(spec.name);
    if (earlier) {
      ctx.report(
        diagnostic('E0207', arg.name?.range ?? arg.range, `\`${spec.name}\` is given twice`, {
          label: 'second time',
          related: [{ range: earlier.range, message: 'first given here' }],
          hint: 'keep one of them',
          fixes: [{ title: `remove the second \`${spec.name}\``, edits: [{ range: removalRange(list, at), newText: '' }] }],
        }),
      );
      given.ok = false;
      continue;
    }
    given.add(at, spec.name);
    const value = convertArg(arg.value, spec, what, ctx);
    if (value === undefined) given.ok = false;
    else config[spec.name] = value;
  }

  for (const spec of index.required) {
    if (given.has(spec.name)) continue;
    given.ok = false;
    // A gap the parser filled (`LSTM(`) was reported already; do not pile on.
    if (rejected > 0 || gap) continue;
    ctx.report(
      diagnostic('E0203', target.callee.range, `${what} needs \`${spec.name}\``, {
        label: `missing \`${spec.name}\``,
        hint: `${spec.doc.replace(/\.$/, '')}; give it${spec.positional ? ' first, by position or' : ''} as \`${spec.name}=…\``,
      }),
    );
  }
  return given;
}

function convertArg(expr: Expr, spec: ArgSpec, what: string, ctx: ValueContext): ConfigValue | undefined {
  if (expr.kind === 'Missing') return undefined;
  return convertValue(expr, spec.type, ctx, { argName: spec.name, owner: what });
}

export function findSpec(specs: readonly ArgSpec[], name: string): ArgSpec | undefined {
  return specIndex(specs).byName.get(name);
}

interface SpecIndex {
  readonly positional: readonly ArgSpec[];
  /** The specs without a default, in order. */
  readonly required: readonly ArgSpec[];
  /** A fresh object holding every default, built by a literal so V8 gives it one fast shape. */
  readonly makeDefaults: () => Record<string, ConfigValue>;
  readonly byName: ReadonlyMap<string, ArgSpec>;
}

// Spec lists are long-lived (one per layer or vocabulary entry): index each once.
const indexes = new WeakMap<readonly ArgSpec[], SpecIndex>();

function specIndex(specs: readonly ArgSpec[]): SpecIndex {
  let index = indexes.get(specs);
  if (!index) {
    const byName = new Map<string, ArgSpec>();
    for (const s of specs) for (const a of s.aliases ?? []) byName.set(a, s);
    for (const s of specs) byName.set(s.name, s);
    index = { positional: specs.filter((s) => s.positional), required: specs.filter((s) => s.default === undefined), byName, makeDefaults: defaultsFactory(specs) };
    indexes.set(specs, index);
  }
  return index;
}

function reportUnknownArg(target: BindTarget, arg: Arg, removal: Range, given: Given, ctx: ValueContext): void {
  const name = arg.name!;
  const advice = target.advise?.(arg, removal);
  if (advice) {
    ctx.report(diagnostic('E0202', name.range, `${target.what} has no argument \`${name.name}\``, { label: advice.label, hint: advice.hint, ...(advice.fixes ? { fixes: advice.fixes } : {}) }));
    return;
  }
  const candidates = target.specs.flatMap((s) => [s.name, ...(s.aliases ?? [])]);
  const [best] = suggest(name.name, candidates);
  const fixes = best ? [{ title: `change to \`${best}\``, edits: [{ range: name.range, newText: best }] }] : undefined;
  const unused = target.specs.filter((s) => !given.has(s.name) && !s.positional).map((s) => s.name);
  ctx.report(
    diagnostic('E0202', name.range, `${target.what} has no argument \`${name.name}\``, {
      label: best ? `did you mean \`${best}\`?` : 'unknown argument',
      hint: best
        ? `did you mean \`${best}\`?`
        : `${target.what} takes ${unused.slice(0, 6).map((n) => `\`${n}\``).join(', ')}${unused.length > 6 ? ', …' : ''}`,
      ...(fixes ? { fixes } : {}),
    }),
  );
}

/** The range that removes an argument and the comma that separates it from its neighbour. */
/** The range that removes argument `i` with its comma (by index: an indexOf per argument is
 *  quadratic in a call with thousands of them). */
function removalRange(list: ArgList, i: number): Range {
  const arg = list.args[i]!;
  const prev = list.args[i - 1];
  if (prev) return { start: prev.range.end, end: arg.range.end };
  const next = list.args[i + 1];
  if (next) return { start: arg.range.start, end: next.range.start };
  return arg.range;
}

function countWords(n: number): string {
  return n === 0 ? 'no arguments' : n === 1 ? 'one argument' : `${n} arguments`;
}

export function describeType(t: ArgType): string {
  switch (t.kind) {
    case 'int':
      return 'a whole number';
    case 'float':
      return 'a number';
    case 'bool':
      return '`true` or `false`';
    case 'string':
      return 'a string';
    case 'vocab':
      return `the name of ${article(t.vocab.replace('_', ' '))}`;
    case 'shape':
      return 'a shape such as `(5, 1)` or `(None,)`';
    case 'ints':
      return 'a tuple of whole numbers such as `(4, 8)`';
    case 'floats':
      return 'a number or a tuple of numbers such as `(0.5, 2.0)`';
    case 'float_or_schedule':
      return 'a number or a schedule such as `ExponentialDecay(0.01, decay_steps=100, decay_rate=0.9)`';
    case 'int_or_tuple':
      return 'a whole number';
    case 'layer':
      return t.recurrentOnly ? 'a recurrent layer such as `LSTM(64)`' : 'a layer such as `Dense(1)`';
    case 'optional':
      return `${describeType(t.inner)} or None`;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

export type { Diagnostic };

/**
 * Every layer call starts from its defaults (a recurrent layer has about thirty). Copying a
 * thirty-key object key by key leaves V8 with a slow dictionary-mode object; an object literal
 * with the keys written out gets a fixed shape that later updates keep. The keys are the
 * registry's own argument names (identifiers), never user text.
 */
function defaultsFactory(specs: readonly ArgSpec[]): () => Record<string, ConfigValue> {
  const withDefault = specs.filter((s) => s.default !== undefined);
  if (!withDefault.every((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name))) {
    return () => Object.fromEntries(withDefault.map((s) => [s.name, s.default!]));
  }
  const body = `return { ${withDefault.map((s, i) => `${s.name}: d[${i}]`).join(', ')} };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the body is built from spec names, not user text; a literal gives V8 one object shape
  const make = new Function('d', body) as (d: readonly ConfigValue[]) => Record<string, ConfigValue>;
  const values = withDefault.map((s) => s.default!);
  return () => make(values);
}

// ---- values ----------------------------------------------------------------------------------

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
      if (expr.kind !== 'Number') return reportWrongType(expr, type, site, ctx, parenthesizedNumber(expr));
      if (!expr.isInteger || !Number.isSafeInteger(expr.value)) {
        return reportWrongType(expr, type, site, ctx, Number.isInteger(expr.value) ? `write \`${Math.trunc(expr.value)}\`` : undefined);
      }
      return checkRange(expr, expr.value, type.min, type.max, false, false, site, ctx);
    }
    case 'float': {
      if (expr.kind !== 'Number') return reportWrongType(expr, type, site, ctx, parenthesizedNumber(expr));
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
    case 'floats': {
      if (expr.kind === 'Number') return checkRange(expr, expr.value, type.min, undefined, false, false, site, ctx);
      if (expr.kind !== 'Tuple' && expr.kind !== 'List') return reportWrongType(expr, type, site, ctx);
      const out: number[] = [];
      for (const item of expr.items) {
        if (hasGap(item)) return undefined;
        if (item.kind !== 'Number') return reportWrongType(item, { kind: 'float' }, site, ctx);
        if (checkRange(item, item.value, type.min, undefined, false, false, site, ctx) === undefined) return undefined;
        out.push(item.value);
      }
      if (out.length === 0) {
        ctx.report(diagnostic('E0204', expr.range, `${subjectOf(site)} must hold at least one number`, { label: 'empty tuple', hint: 'write one number, or one per feature' }));
        return undefined;
      }
      return out;
    }
    case 'float_or_schedule':
      if (expr.kind === 'Number') return checkRange(expr, expr.value, type.min, undefined, type.minExclusive ?? false, false, site, ctx);
      if (expr.kind === 'Name' || expr.kind === 'Call' || expr.kind === 'String') return convertVocab(expr, 'schedule', ctx, site, type);
      return reportWrongType(expr, type, site, ctx, parenthesizedNumber(expr));
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
  if (vocab === 'activation' || vocab === 'merge_mode' || vocab === 'padding' || vocab === 'dtype' || vocab === 'standardize' || vocab === 'split' || vocab === 'output_mode' || vocab === 'text_replace') {
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

function reportWrongType(expr: Expr, type: ArgType, site: Site, ctx: ValueContext, advice?: string | Advice): undefined {
  if (hasGap(expr)) return undefined;
  const { hint, fix } = typeof advice === 'string' ? { hint: advice, fix: undefined } : (advice ?? {});
  ctx.report(
    diagnostic('E0204', expr.range, `${subjectOf(site)} must be ${describeType(type)}, but is ${describeExpr(expr)}`, {
      label: `expected ${describeType(type)}`,
      ...(hint ? { hint } : {}),
      ...(fix ? { fixes: [fix] } : {}),
    }),
  );
  return undefined;
}

/**
 * A number in parentheses, `(1)`, where a number belongs: Python reads it as the number (a
 * listing's `LSTM((1), …)`), rnnc as a tuple of one. The hint and fix that say so, or nothing.
 */
function parenthesizedNumber(expr: Expr): Advice | undefined {
  if (expr.kind !== 'Tuple' || expr.items.length !== 1 || expr.items[0]!.kind !== 'Number') return undefined;
  const n = expr.items[0].raw;
  return {
    hint: `parentheses make a tuple in rnnc, even around one number (in Python \`(${n})\` is the number ${n}): write \`${n}\``,
    fix: { title: `write \`${n}\``, edits: [{ range: expr.range, newText: n }] },
  };
}

interface Advice {
  readonly hint?: string;
  readonly fix?: Fix;
}

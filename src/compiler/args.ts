// Binding a call's arguments to a list of ArgSpecs (a layer's, an initializer's, an
// optimizer's, a callback's): positional and keyword arguments, duplicates, unknown names with
// "did you mean", required arguments, type and range checks, and conversion of each expression
// into a plain ConfigValue with every default filled in.

import type { Arg, ArgList, Expr, Identifier } from '../parser/ast.ts';
import type { Range } from '../parser/source.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ConfigValue } from './config-value.ts';
import type { ArgSpec, ArgType } from './layers/layer-def.ts';
import { convertValue, type ValueContext } from './values.ts';
import { suggest } from './suggest.ts';

export interface BoundArgs {
  /** Every spec's value: given, or its default. Required-but-missing specs are absent. */
  readonly config: Record<string, ConfigValue>;
  /** Where each given argument's value stands, for pointing diagnostics at it. */
  readonly valueRanges: RangeLookup;
  /** Where each given argument stands as a whole (`units=0`). */
  readonly argRanges: RangeLookup;
  /** False when something could not be bound: later phases should not trust the config. */
  readonly ok: boolean;
}

/** The range of a given argument (or of its value) by the argument's canonical name. */
export class RangeLookup {
  constructor(
    private readonly given: ReadonlyMap<string, Arg>,
    private readonly valueOnly: boolean,
  ) {}

  get(name: string): Range | undefined {
    const arg = this.given.get(name);
    return arg && (this.valueOnly ? arg.value.range : arg.range);
  }
}

export interface BindTarget {
  /** What is being called, for messages: `LSTM`, `Adam`, `random_normal`. */
  readonly what: string;
  readonly callee: Identifier;
  readonly specs: readonly ArgSpec[];
}

export function bindArgs(target: BindTarget, list: ArgList, ctx: ValueContext): BoundArgs {
  const { specs, what } = target;
  const index = specIndex(specs);
  const config = index.makeDefaults();
  const given = new Map<string, Arg>();
  let ok = true;
  const positional = index.positional;
  let positionalIndex = 0;
  let keywordSeen: Arg | undefined;
  // Arguments rejected below fill no spec, yet each may be the user's attempt at a required one:
  // while there are any, no argument is called missing.
  let rejected = 0;

  for (const arg of list.args) {
    let spec: ArgSpec | undefined;
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
        ok = false;
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
        ok = false;
        rejected++;
        continue;
      }
    } else {
      keywordSeen = arg;
      spec = findSpec(specs, arg.name.name);
      if (!spec) {
        reportUnknownArg(target, arg.name, given, ctx);
        ok = false;
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
          fixes: [{ title: `remove the second \`${spec.name}\``, edits: [{ range: removalRange(list, arg), newText: '' }] }],
        }),
      );
      ok = false;
      continue;
    }
    given.set(spec.name, arg);
    const value = convertArg(arg.value, spec, what, ctx);
    if (value === undefined) ok = false;
    else config[spec.name] = value;
  }

  for (const spec of specs) {
    if (given.has(spec.name)) continue;
    if (spec.default === undefined) {
      // A gap the parser filled (`LSTM(`) was reported already; do not pile on.
      if (rejected === 0 && !list.args.some((a) => a.value.kind === 'Missing')) {
        ctx.report(
          diagnostic('E0203', target.callee.range, `${what} needs \`${spec.name}\``, {
            label: `missing \`${spec.name}\``,
            hint: `${spec.doc.replace(/\.$/, '')}; give it${spec.positional ? ' first, by position or' : ''} as \`${spec.name}=…\``,
          }),
        );
      }
      ok = false;
    }
  }
  return { config, valueRanges: new RangeLookup(given, true), argRanges: new RangeLookup(given, false), ok };
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
    index = { positional: specs.filter((s) => s.positional), byName, makeDefaults: defaultsFactory(specs) };
    indexes.set(specs, index);
  }
  return index;
}

function reportUnknownArg(target: BindTarget, name: Identifier, given: Map<string, Arg>, ctx: ValueContext): void {
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
function removalRange(list: ArgList, arg: Arg): Range {
  const i = list.args.indexOf(arg);
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
  const make = new Function('d', body) as (d: readonly ConfigValue[]) => Record<string, ConfigValue>;
  const values = withDefault.map((s) => s.default!);
  return () => make(values);
}

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
  /** False when something could not be bound: later phases should not trust the config. */
  readonly ok: boolean;
  /** Where a given argument's value stands, by canonical name, for pointing diagnostics at it. */
  valueRange(name: string): Range | undefined;
  /** Where a given argument stands as a whole (`units=0`). */
  argRange(name: string): Range | undefined;
}

/**
 * The arguments given, in order, as two short parallel lists sized for the call's arguments (a
 * handful): cheaper to build for every call than a Map, or than lists grown by push, which keep
 * room for 17. Searched only when a diagnostic needs a range.
 */
class Given implements BoundArgs {
  private readonly names: string[];
  private readonly args: Arg[];
  private size = 0;
  ok = true;

  constructor(
    readonly config: Record<string, ConfigValue>,
    room: number,
  ) {
    this.names = new Array<string>(room);
    this.args = new Array<Arg>(room);
  }

  add(name: string, arg: Arg): void {
    this.names[this.size] = name;
    this.args[this.size++] = arg;
  }

  get(name: string): Arg | undefined {
    for (let i = 0; i < this.size; i++) if (this.names[i] === name) return this.args[i];
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
  const given = new Given(config, list.args.length);
  const positional = index.positional;
  let positionalIndex = 0;
  let keywordSeen: Arg | undefined;
  // Arguments rejected below fill no spec, yet each may be the user's attempt at a required one:
  // while there are any, no argument is called missing.
  let rejected = 0;
  let gap = false; // an argument the parser left without a value

  for (const [at, arg] of list.args.entries()) {
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
        reportUnknownArg(target, arg.name, given, ctx);
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
    given.add(spec.name, arg);
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

function reportUnknownArg(target: BindTarget, name: Identifier, given: Given, ctx: ValueContext): void {
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

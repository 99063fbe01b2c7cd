// .rnn programs for the fuzz targets: the formatter's random valid programs (test/format/
// gen-source.ts), the examples, the same with identifiers renamed to the names every JavaScript
// object has, and any of them mutated: spans deleted or duplicated, fragments of the language,
// garbage, deep brackets, long names and odd characters inserted.

import fc from 'fast-check';
import { tokenize } from '../../src/parser/index.ts';
import { messySource } from '../format/gen-source.ts';
import { exampleSources, FRAGMENTS } from './lsp-edits.ts';

/** Keys every plain object answers to: a lookup by user text must not find them. */
export const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'toLocaleString', '__defineGetter__', 'propertyIsEnumerable'];

/** `text` with its `which`-th identifiers (counted round the names it has) renamed to `to`. */
function rename(text: string, which: readonly number[], to: readonly string[]): string {
  const names = tokenize(text).filter((t) => t.kind === 'name');
  if (names.length === 0) return text;
  const picks = new Map(which.map((w, i) => [names[w % names.length]!, to[i % to.length]!]));
  let out = '';
  let at = 0;
  for (const t of names) {
    const name = picks.get(t);
    if (name === undefined) continue;
    out += text.slice(at, t.range.start) + name;
    at = t.range.end;
  }
  return out + text.slice(at);
}

/** A valid program (the formatter's generator or an example), some names renamed to prototype keys. */
export const validProgram: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: messySource },
  { weight: 1, arbitrary: fc.constantFrom(...exampleSources) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(messySource, fc.constantFrom(...exampleSources)), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom(...PROTOTYPE_NAMES), { minLength: 1, maxLength: 3 }))
      .map(([text, which, to]) => rename(text, which, to)),
  },
);

const insertion: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS, ...PROTOTYPE_NAMES) },
  { weight: 3, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((n) => '('.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 5000 }).map((n) => 'n'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('\uFEFF', '\u202E', '\u2028', '\r', '\u0000', '\t\t', '😀', '\udc00') },
);

type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertion }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }), to: fc.nat() }) },
);

export function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate': {
      const piece = text.slice(at, at + m.length);
      const to = m.to % (text.length + 1);
      return text.slice(0, to) + piece + text.slice(to);
    }
  }
}

/** A program with one to four mutations: mostly broken, sometimes still valid. */
export const mutatedProgram: fc.Arbitrary<string> = fc
  .tuple(validProgram, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([text, ms]) => ms.reduce(mutate, text));

/** Anything a user could hand rnnc as a .rnn file. */
export const anyProgram: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: validProgram },
  { weight: 6, arbitrary: mutatedProgram },
  { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
);

// Names and strings from a .rnn file cannot change what an emitted program does. A property test
// writes models whose layer names, data path, callback argument and model name are drawn from
// hostile pieces — comment ends, quotes, template holes, backslashes, keywords, `__proto__`,
// emoji, control and bidirectional characters — and checks that either the build refuses them with
// E0901 (control and bidirectional characters) or the program has exactly the syntax tree of the
// same model with plain names, each hostile string standing, exactly, in a string literal.
// The tools it is built from are tested on their own below.

import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { hasErrors } from '../../src/diagnostics/diagnostic.ts';
import { emitProgram } from '../../src/emit/emit-program.ts';
import { commentText, identifierFor, isPlainIdentifier, literal, stringLiteral, templateLiteral, unsafeCharacter } from '../../src/emit/text.ts';

interface Names {
  readonly model: string;
  readonly first: string;
  readonly second: string;
  readonly path: string;
  readonly monitor: string;
}

function source(n: Names): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    `model ${n.model} {`,
    `  GRU(3, return_sequences=true, name=${q(n.first)}, input=(4, 2))`,
    `  Dense(1, name=${q(n.second)})`,
    '}',
    'train {',
    '  loss = mse',
    `  callbacks = [EarlyStopping(monitor=${q(n.monitor)})]`,
    `  data = { x = ${q(n.path)}, y = "y.npy" }`,
    '}',
  ].join('\n');
}

function emit(n: Names) {
  const result = check(source(n), 'hostile.rnn');
  if (hasErrors(result.diagnostics)) return undefined;
  return emitProgram(result.models[0]!, result.parse.source, { rnnPath: 'hostile.rnn', programName: 'hostile.ts' });
}

/** The program's syntax tree as node kinds, and the values of its string literals. */
function shape(text: string): { kinds: string; strings: Set<string>; syntaxErrors: number } {
  const file = ts.createSourceFile('p.ts', text, ts.ScriptTarget.ES2022, true);
  const kinds: number[] = [];
  const strings = new Set<string>();
  const visit = (node: ts.Node) => {
    kinds.push(node.kind);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  const syntaxErrors = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  return { kinds: kinds.join(','), strings, syntaxErrors };
}

/** Pieces that are code, comments or escapes somewhere, and characters outside ASCII. */
const SAFE_PIECES = ['*/', '/*', '//', "'", '"', '`', '${', '}', '\\', '\\u0041', ' ', '<!--', '-->', 'é', '😀', '\ud800', 'process.exit(1)', '__proto__', 'constructor', 'x'];
/** Characters no name may hold. */
const UNSAFE_PIECES = ['\n', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u202e', '\u2066', '\u200f', '\u2028'];
const safe = fc.oneof(fc.array(fc.constantFrom(...SAFE_PIECES), { minLength: 1, maxLength: 6 }).map((p) => p.join('')), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }));
const unsafe = fc.tuple(safe, fc.constantFrom(...UNSAFE_PIECES), safe).map(([a, b, c]) => a + b + c);
const hostile = fc.oneof({ weight: 12, arbitrary: safe }, { weight: 1, arbitrary: unsafe });
const modelName = fc.constantFrom('m', 'class', 'constructor', '__proto__', 'function', 'tf', 'MODEL', 'main', 'forward', 'LAYERS', 'await', 'let', 'x1');

const PLAIN: Names = { model: 'm', first: 'a', second: 'b', path: 'x.npy', monitor: 'val_loss' };

describe('hostile names and strings', () => {
  const baseline = emit(PLAIN);
  if (!baseline?.ok) throw new Error('the plain model does not build');
  const plain = shape(baseline.text);

  it('are refused with E0901, or change nothing but the strings they stand in', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(modelName, hostile, hostile, hostile, hostile, (model, first, second, path, monitor) => {
        // The path's ending picks the data reader the program carries; all before it is hostile.
        const names = { model, first, second, path: `${path}.npy`, monitor };
        const emitted = emit(names);
        fc.pre(emitted !== undefined && first !== second); // the checker's own refusals are not the emitter's
        const unsafe = [first, second, names.path, monitor].some((s) => unsafeCharacter(s));
        if (unsafe) {
          expect(emitted.ok).toBe(false);
          if (!emitted.ok) expect(new Set(emitted.diagnostics.map((d) => d.code))).toEqual(new Set(['E0901']));
          return;
        }
        expect(emitted.ok).toBe(true);
        if (!emitted.ok) return;
        const s = shape(emitted.text);
        expect(s.syntaxErrors).toBe(0);
        expect(s.kinds === plain.kinds, 'the same syntax tree as with plain names').toBe(true);
        for (const text of [model, first, second, names.path, monitor]) expect(s.strings.has(text), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 25, seed: 20240517 },
    );
  });

  it('point E0901 at the character itself when it stands in the source', () => {
    const text = source({ ...PLAIN, first: 'a\u202eb' });
    const result = check(text, 'hostile.rnn');
    const emitted = emitProgram(result.models[0]!, result.parse.source, { rnnPath: 'hostile.rnn', programName: 'hostile.ts' });
    expect(emitted.ok).toBe(false);
    if (emitted.ok) return;
    const [d] = emitted.diagnostics;
    expect(d?.code).toBe('E0901');
    expect(text.slice(d!.range.start, d!.range.end)).toBe('\u202e');
    expect(d!.message).toContain('\\u202e');
    expect(d!.message).not.toMatch(/[^\x20-\x7e]/);
  });
});

describe('the emitter’s text tools', () => {
  /** The value TypeScript reads from a literal expression. */
  const value = (code: string) => {
    const file = ts.createSourceFile('v.ts', `(${code});`, ts.ScriptTarget.ES2022);
    const expr = ((file.statements[0] as ts.ExpressionStatement).expression as ts.ParenthesizedExpression).expression;
    return ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) ? expr.text : undefined;
  };

  it('write string and template literals that hold exactly the text, in printable ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        for (const lit of [stringLiteral(s), templateLiteral(s)]) {
          expect(value(lit)).toBe(s);
          expect(lit.replace(/\n/g, '')).toMatch(/^[\x20-\x7e]*$/);
        }
      }),
    );
  });

  it('write comment text on one printable line that closes no comment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const c = commentText(s);
        expect(c).toMatch(/^[\x20-\x7e]*$/);
        expect(c).not.toContain('*/');
        const file = ts.createSourceFile('c.ts', `/* ${c} */ // ${c}\nconst ok = 1;`, ts.ScriptTarget.ES2022);
        expect(file.statements.length).toBe(1);
      }),
    );
  });

  it('choose identifiers that are plain, unreserved and new', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('class', 'tf', '__proto__', 'a', 'a_2', '1x', ''))), (names) => {
        const taken = new Set(['tf', 'LAYERS']);
        const chosen = names.map((n) => identifierFor(n, taken, 'layer'));
        expect(new Set(chosen).size).toBe(chosen.length);
        for (const id of chosen) {
          expect(isPlainIdentifier(id), id).toBe(true);
          expect(['tf', 'LAYERS']).not.toContain(id);
        }
      }),
    );
    expect(identifierFor('lstm_1', new Set(), 'layer')).toBe('lstm_1');
    expect(identifierFor('my layer', new Set(), 'layer')).toBe('layer_my_layer');
  });

  it('write values as literals TypeScript reads back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const file = ts.createSourceFile('v.ts', `const v = ${literal(v)};`, ts.ScriptTarget.ES2022);
        expect((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
      }),
    );
    expect(literal(Object.fromEntries([['__proto__', 1], ['a b', [1, -0, 1e-7]], ['ok', null]]))).toBe("{ ['__proto__']: 1, 'a b': [1, -0, 1e-7], ok: null }");
  });

  it('find control and bidirectional characters, and nothing else', () => {
    expect(unsafeCharacter('plain é 😀 */ ${x}')).toBeUndefined();
    expect(unsafeCharacter('a\u202eb')).toEqual({ offset: 1, name: 'the invisible formatting character U+202E' });
    expect(unsafeCharacter('a\nb')?.name).toBe('a line break');
    expect(unsafeCharacter('\u2066')?.offset).toBe(0);
  });
});

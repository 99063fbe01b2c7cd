// A random-program generator for the formatter's property tests. It is independent of the
// formatter: it builds token sequences straight from the grammar (LANGUAGE.md §3) and joins them
// with random whitespace, line breaks and comments, so every input is valid but laid out badly.

import fc from 'fast-check';

type Tokens = readonly string[];

const KEYWORDS = new Set(['model', 'train', 'output', 'true', 'false', 'True', 'False', 'None']);

export const name: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('x', 'h', 'c', 'src', 'tanh', 'val_loss', 'LSTM', 'Dense', 'a1', '_b', 'model_1'),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/),
    // Long names make long lines, so that line breaking meets comments and nesting.
    fc.constantFrom('recurrent_initializer', 'a_rather_long_binding_name', 'TimeDistributedEmbedding'),
  )
  .filter((n) => !KEYWORDS.has(n) && n !== '_');

const number = fc.oneof(
  fc.constantFrom('0', '3', '-1', '0.5', '.5', '1e-3', '1E+10', '-2.50', '64', '1e5', '-0.0', '1.0'),
  fc.integer({ min: -1000, max: 100_000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
);

const stringPiece = (quote: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('a', 'x.npy', ' ', 'é', '—', '😀', '#', '{', ')', quote === '"' ? "'" : '"') },
    fc.constantFrom('\\"', "\\'", '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\u00e9'),
  );

const string = fc
  .constantFrom('"', "'")
  .chain((q) => fc.array(stringPiece(q), { maxLength: 6 }).map((ps) => q + ps.join('') + q));

const literal: fc.Arbitrary<Tokens> = fc
  .oneof(number, string, fc.constantFrom('true', 'false', 'True', 'False', 'None'))
  .map((t) => [t]);

function commaList(items: readonly Tokens[], trailingComma: boolean): string[] {
  const out: string[] = [];
  items.forEach((it, i) => {
    if (i > 0) out.push(',');
    out.push(...it);
  });
  if (trailingComma && items.length > 0) out.push(',');
  return out;
}

const { expr, args } = fc.letrec<{
  expr: Tokens;
  tuple: Tokens;
  list: Tokens;
  record: Tokens;
  call: Tokens;
  args: Tokens;
}>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 3, arbitrary: literal },
    { weight: 3, arbitrary: name.map((n) => [n]) },
    tie('tuple'),
    tie('list'),
    tie('record'),
    { weight: 2, arbitrary: tie('call') },
  ),
  tuple: fc.oneof(
    tie('expr').map((e) => ['(', ...e, ',', ')']),
    fc
      .tuple(fc.array(tie('expr'), { minLength: 2, maxLength: 3 }), fc.boolean())
      .map(([items, tc]) => ['(', ...commaList(items, tc), ')']),
  ),
  list: fc
    .tuple(fc.array(tie('expr'), { maxLength: 3 }), fc.boolean())
    .map(([items, tc]) => ['[', ...commaList(items, tc), ']']),
  record: fc
    .tuple(fc.array(fc.tuple(name, tie('expr')), { maxLength: 3 }), fc.boolean())
    .map(([entries, tc]) => ['{', ...commaList(entries.map(([k, v]) => [k, '=', ...v]), tc), '}']),
  call: fc
    .tuple(name, tie('args'), fc.option(tie('args'), { nil: undefined }))
    .map(([callee, a, apply]) => [callee, ...a, ...(apply ?? [])]),
  args: fc
    .tuple(
      fc.array(tie('expr'), { maxLength: 3 }),
      fc.array(fc.tuple(name, tie('expr')), { maxLength: 3 }),
      fc.boolean(),
    )
    .map(([positional, keyword, tc]) => [
      '(',
      ...commaList([...positional, ...keyword.map(([k, v]) => [k, '=', ...v])], tc),
      ')',
    ]),
}));

const call: fc.Arbitrary<Tokens> = fc
  .tuple(name, args, fc.option(args, { nil: undefined }))
  .map(([callee, a, apply]) => [callee, ...a, ...(apply ?? [])]);

const stmt: fc.Arbitrary<Tokens> = fc.oneof(
  call,
  fc
    .tuple(fc.array(fc.oneof(name, fc.constant('_')), { minLength: 1, maxLength: 3 }), expr)
    .map(([targets, value]) => [...commaList(targets.map((t) => [t]), false), '=', ...value]),
  fc.array(expr, { minLength: 1, maxLength: 3 }).map((values) => ['output', ...commaList(values, false)]),
);

const model: fc.Arbitrary<Tokens> = fc
  .tuple(name, fc.array(stmt, { maxLength: 5 }))
  .map(([n, body]) => ['model', n, '{', ...body.flat(), '}']);

const train: fc.Arbitrary<Tokens> = fc
  .tuple(fc.option(name, { nil: undefined }), fc.array(fc.tuple(name, expr), { maxLength: 4 }))
  .map(([n, entries]) => [
    'train',
    ...(n === undefined ? [] : [n]),
    '{',
    ...entries.flatMap(([k, v]) => [k, '=', ...v]),
    '}',
  ]);

export const fileTokens: fc.Arbitrary<Tokens> = fc
  .array(fc.oneof(model, train), { maxLength: 3 })
  .map((decls) => decls.flat());

const commentChar = fc.constantFrom('a', 'b', ' ', '\t', '#', '(', ')', '{', '}', ',', '=', '"', "'", 'é', '—', '😀', '\\');
export const commentText: fc.Arbitrary<string> = fc
  .array(commentChar, { maxLength: 12 })
  .map((cs) => '#' + cs.join(''));

const plainSeparator: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: fc.constantFrom('\n', '\n\n', '\n\n\n', '  ', '\t', '\r\n', ' \n  \n ') },
);

const separator: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.constant(' ') },
  { weight: 4, arbitrary: fc.constantFrom('\n', '\n\n', '\n\n\n', '  ', '\t', '\r\n', ' \n  \n ', '\r\n\r\n') },
  { weight: 2, arbitrary: commentText.map((c) => ` ${c}\n`) },
  { weight: 1, arbitrary: commentText.map((c) => `\n\n${c}\n`) },
  { weight: 1, arbitrary: fc.tuple(commentText, commentText).map(([a, b]) => `\n${a}\n\n${b}\n  `) },
);

const wordEnd = /[A-Za-z0-9_.]$/;
const wordStart = /^[A-Za-z0-9_.]/;

/** Join tokens with the given separators (one before each token and one at the end). */
export function layOut(tokens: Tokens, separators: readonly string[]): string {
  let out = '';
  tokens.forEach((tok, i) => {
    let sep = separators[i] ?? ' ';
    if (sep === '' && wordEnd.test(out) && wordStart.test(tok)) sep = ' ';
    out += sep + tok;
  });
  return out + (separators[tokens.length] ?? '');
}

/**
 * A valid program, laid out with random whitespace and blank lines, and in most programs
 * comments between random tokens.
 */
export const messySource: fc.Arbitrary<string> = fc
  .tuple(fileTokens, fc.constantFrom(separator, separator, plainSeparator))
  .chain(([tokens, sep]) =>
    fc
      .array(sep, { minLength: tokens.length + 1, maxLength: tokens.length + 1 })
      .map((seps) => layOut(tokens, seps)),
  );

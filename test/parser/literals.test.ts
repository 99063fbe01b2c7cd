// Every literal form, names and keywords, comments, and string escapes.

import { describe, expect, it } from 'vitest';
import type { Expr, ModelDecl, TrainDecl } from '../../src/parser/index.ts';
import { codes, outline, parseChecked } from './helpers.ts';

/** The value of `v = …` in a train block. */
function value(source: string): { expr: Expr; text: string; diagnostics: string[] } {
  const text = `train { v = ${source} }`;
  const r = parseChecked(text);
  const train = r.file.decls[0] as TrainDecl;
  return { expr: train.entries[0]!.value, text, diagnostics: codes(r) };
}

describe('numbers', () => {
  it.each([
    ['3', 3, true],
    ['-1', -1, true],
    ['0', 0, true],
    ['0.5', 0.5, false],
    ['.5', 0.5, false],
    ['-.5', -0.5, false],
    ['1.', 1, false],
    ['1e-3', 0.001, false],
    ['1E3', 1000, false],
    ['-2.5E+4', -25000, false],
    ['007', 7, true],
  ])('%s', (raw, expected, isInteger) => {
    const { expr, text, diagnostics } = value(raw);
    expect(diagnostics).toEqual([]);
    expect(expr).toMatchObject({ kind: 'Number', value: expected, isInteger, raw });
    expect(text.slice(expr.range.start, expr.range.end)).toBe(raw);
  });

  it('keeps the sign with the number: there is no arithmetic', () => {
    const { expr } = value('(-1, 2)');
    expect(expr.kind === 'Tuple' && expr.items.map((i) => i.kind === 'Number' && i.value)).toEqual([-1, 2]);
  });

  it.each(['1e', '1e+', '3x', '2.5e-x', '1_000'])('%s is malformed (E0104) and reads as Missing', (raw) => {
    const { expr, text, diagnostics } = value(raw);
    expect(diagnostics).toEqual([`E0104@${JSON.stringify(raw)}`]);
    expect(expr.kind).toBe('Missing');
    expect(text.slice(expr.range.start, expr.range.end)).toBe(raw);
  });

  it('a lone minus sign is an unexpected character', () => {
    const r = parseChecked('train { v = - 1 }');
    expect(codes(r)).toEqual(['E0101@"-"']);
  });
});

describe('strings', () => {
  it.each([
    ['"tanh"', 'tanh'],
    ["'tanh'", 'tanh'],
    ['""', ''],
    ['"it\'s"', "it's"],
    ["'say \"hi\"'", 'say "hi"'],
    ['"a\\"b"', 'a"b'],
    ["'a\\'b'", "a'b"],
    ['"C:\\\\data\\\\x.npy"', 'C:\\data\\x.npy'],
    ['"a\\/b"', 'a/b'],
    ['"\\b\\f\\n\\r\\t"', '\b\f\n\r\t'],
    ['"\\u0041\\u00e9\\u20AC"', 'Aé€'],
    ['"# not a comment"', '# not a comment'],
    ['"x.npy"', 'x.npy'],
  ])('%s', (raw, decoded) => {
    const { expr, text, diagnostics } = value(raw);
    expect(diagnostics).toEqual([]);
    expect(expr).toMatchObject({ kind: 'String', value: decoded, raw });
    expect(text.slice(expr.range.start, expr.range.end)).toBe(raw);
  });

  it('reports a bad escape at the escape itself (E0103), and keeps the string', () => {
    const { expr, text, diagnostics } = value('"C:\\data\\x.npy"');
    expect(diagnostics).toEqual(['E0103@"\\\\d"', 'E0103@"\\\\x"']);
    expect(expr.kind).toBe('String');
    const r = parseChecked(text);
    const d = r.diagnostics[0]!;
    expect(d.fixes?.[0]?.edits).toEqual([{ range: { start: d.range.start, end: d.range.start + 1 }, newText: '\\\\' }]);
  });

  it('reports a short \\u escape with the digits it has', () => {
    expect(value('"\\u12"').diagnostics).toEqual(['E0103@"\\\\u12"']);
    expect(value('"\\uXYZW"').diagnostics).toEqual(['E0103@"\\\\u"']);
  });

  it('an unterminated string ends at the line break (E0102), and lexing goes on', () => {
    const text = 'train {\n  data = { x = "x.npy }\n  epochs = 3\n}\n';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0102@"\\"x.npy }"']);
    const train = r.file.decls[0] as TrainDecl;
    expect(train.entries.map((e) => e.key.name)).toEqual(['data', 'epochs']);
    const data = train.entries[0]!.value;
    expect(data.kind === 'Record' && data.entries[0]!.value).toMatchObject({ kind: 'String', value: 'x.npy }' });
  });

  it('an unterminated string at the end of the file', () => {
    expect(value("'abc").diagnostics).toContain('E0102@"\'abc }"');
    const r = parseChecked('train { v = "abc');
    expect(codes(r)).toEqual(['E0102@"\\"abc"']);
  });
});

describe('words', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['false', false],
    ['False', false],
  ])('%s', (raw, v) => {
    const { expr, diagnostics } = value(raw);
    expect(diagnostics).toEqual([]);
    expect(expr).toMatchObject({ kind: 'Bool', value: v, raw });
  });

  it('None', () => {
    expect(value('None').expr.kind).toBe('None');
  });

  it.each(['tanh', 'val_loss', '_', 'modelx', 'outputs', 'trainer', 'Trueish', 'None_', 'TRUE', 'none', 'x2'])(
    '%s is a name, not a keyword',
    (word) => {
      const { expr, diagnostics } = value(word);
      expect(diagnostics).toEqual([]);
      expect(expr).toMatchObject({ kind: 'Name', name: word });
    },
  );

  it('keywords used as names are reported', () => {
    const r = parseChecked('model output { Dense(1) }');
    expect(codes(r)[0]).toBe('E0110@5');
    expect(r.diagnostics[0]!.hint).toContain('keyword');
  });
});

describe('tuples, lists and records', () => {
  it('tuples, with and without a trailing comma; (5) is a one-item tuple', () => {
    const text = 'train { a = (5, 1) b = (None,) c = () d = (5) e = (1, 2,) }';
    const r = parseChecked(text);
    expect(r.diagnostics).toEqual([]);
    expect(outline(r.file, text)).toBe(
      [
        'Train (only model) "train { a = (5, 1) b = (None,) c = () d = (5) e = (1, 2,) }"',
        '  a = Tuple "(5, 1)"',
        '    Number 5 int "5"',
        '    Number 1 int "1"',
        '  b = Tuple "(None,)"',
        '    None "None"',
        '  c = Tuple "()"',
        '  d = Tuple "(5)"',
        '    Number 5 int "5"',
        '  e = Tuple "(1, 2,)"',
        '    Number 1 int "1"',
        '    Number 2 int "2"',
      ].join('\n'),
    );
  });

  it('lists and records, nested, with optional commas between entries', () => {
    const text = 'train { m = [accuracy, "mae",] e = [] data = { x = "x.npy", y = "y.npy" } r = { a = [1, (2, 3)] b = {} } }';
    const r = parseChecked(text);
    expect(r.diagnostics).toEqual([]);
    expect(outline(r.file, text)).toBe(
      [
        `Train (only model) ${JSON.stringify(text)}`,
        '  m = List "[accuracy, \\"mae\\",]"',
        '    Name accuracy "accuracy"',
        '    String "mae" "\\"mae\\""',
        '  e = List "[]"',
        '  data = Record "{ x = \\"x.npy\\", y = \\"y.npy\\" }"',
        '    x = String "x.npy" "\\"x.npy\\""',
        '    y = String "y.npy" "\\"y.npy\\""',
        '  r = Record "{ a = [1, (2, 3)] b = {} }"',
        '    a = List "[1, (2, 3)]"',
        '      Number 1 int "1"',
        '      Tuple "(2, 3)"',
        '        Number 2 int "2"',
        '        Number 3 int "3"',
        '    b = Record "{}"',
      ].join('\n'),
    );
  });

  it('commas between train entries are optional, and a trailing one is fine', () => {
    const r = parseChecked('train m { epochs = 3, batch_size = 4, }');
    expect(r.diagnostics).toEqual([]);
    const train = r.file.decls[0] as TrainDecl;
    expect(train.model?.name).toBe('m');
    expect(train.entries.map((e) => e.key.name)).toEqual(['epochs', 'batch_size']);
  });

  it('calls with no arguments, applied calls, trailing commas in arguments', () => {
    const text = 'model m { Flatten() x = Add()(a, b,) Dense(1,) }';
    const r = parseChecked(text);
    expect(r.diagnostics).toEqual([]);
    const body = (r.file.decls[0] as ModelDecl).body;
    expect(body.map((s) => s.kind)).toEqual(['LayerStmt', 'BindStmt', 'LayerStmt']);
    const flatten = body[0]!;
    expect(flatten.kind === 'LayerStmt' && flatten.call.args).toEqual({ args: [], range: { start: 17, end: 19 } });
  });

  it('an applied call as a statement is a LayerStmt with `apply` (the checker rejects it)', () => {
    const r = parseChecked('model m { LSTM(4)(x) }');
    expect(r.diagnostics).toEqual([]);
    const s = (r.file.decls[0] as ModelDecl).body[0]!;
    expect(s.kind === 'LayerStmt' && s.call.apply?.args.length).toBe(1);
  });
});

describe('comments and white space', () => {
  it('collects comments without their line break, in order, with CRLF and at the end of the file', () => {
    const text = '# one\r\nmodel m { # two\n  Dense(1) # three\r\n}\n# four';
    const r = parseChecked(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.comments.map((c) => c.text)).toEqual(['# one', '# two', '# three', '# four']);
    for (const c of r.comments) expect(text.slice(c.range.start, c.range.end)).toBe(c.text);
  });

  it('line breaks are not significant, and a byte order mark is white space', () => {
    const r = parseChecked('\uFEFFmodel\nm\n{\nDense\n(\n1\n,\nactivation\n=\nrelu\n)\n}');
    expect(r.diagnostics).toEqual([]);
  });

  it('an empty file, and one with only comments, is an empty File', () => {
    for (const text of ['', '   \n', '# nothing here\n']) {
      const r = parseChecked(text);
      expect(r.diagnostics).toEqual([]);
      expect(r.file).toEqual({ kind: 'File', decls: [], range: { start: 0, end: text.length } });
    }
  });
});

// Syntax errors: each E01xx code at the narrowest range, one diagnostic per mistake, and a tree
// that keeps everything the mistake did not touch.

import { describe, expect, it } from 'vitest';
import type { ModelDecl, TrainDecl } from '../../src/parser/index.ts';
import { lex } from '../../src/parser/lexer.ts';
import { parser } from '../../src/parser/parser.ts';
import { after, badRanges, codes, outline, parseChecked } from './helpers.ts';

const model = (text: string, i = 0) => parseChecked(text).file.decls[i] as ModelDecl;

describe('E0101 unexpected character', () => {
  it('points at the character, and lexing goes on', () => {
    const text = 'model m { Dense(1) $ Dense(2) }';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0101@"$"']);
    expect((r.file.decls[0] as ModelDecl).body).toHaveLength(2);
  });

  it('reports a run of such characters once', () => {
    expect(codes(parseChecked('model m { @@@ }'))).toEqual(['E0101@"@@@"']);
  });

  it('offers to remove a semicolon', () => {
    const text = 'model m { Dense(1); }';
    const d = parseChecked(text).diagnostics[0]!;
    expect(d.code).toBe('E0101');
    expect(d.fixes?.[0]?.edits).toEqual([{ range: { start: after(text, ')'), end: after(text, ';') }, newText: '' }]);
  });

  it('names characters outside ASCII, whole', () => {
    const r = parseChecked('model café { }');
    expect(codes(r)).toEqual(['E0101@"é"']);
    const emoji = parseChecked('model m { 😀 }');
    expect(codes(emoji)).toEqual(['E0101@"😀"']);
  });
});

describe('E0110 expected a missing token', () => {
  it('a missing `)` is reported at the end of the arguments, with where they were opened and a fix', () => {
    const text = 'model m {\n  LSTM(64, return_sequences=true\n  Dense(1)\n}\n';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, 'true')}`]);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe('expected `)` to close the arguments of LSTM, found `Dense`');
    expect(d.related).toEqual([{ range: { start: after(text, 'LSTM'), end: after(text, 'LSTM(') }, message: 'opened here' }]);
    expect(d.fixes?.[0]?.edits).toEqual([{ range: { start: after(text, 'true'), end: after(text, 'true') }, newText: ')' }]);
    // ...and does not hide the rest of the file
    expect(outline(r.file, text)).toBe(
      [
        'Model m "model m {"…"}"',
        '  Layer Call LSTM "LSTM(64, return_sequences=true"',
        '    args "(64, return_sequences=true"',
        '      Number 64 int "64"',
        '      return_sequences= Bool true "true"',
        '  Layer Call Dense "Dense(1)"',
        '    args "(1)"',
        '      Number 1 int "1"',
      ].join('\n'),
    );
  });

  it('says what was found instead, in words', () => {
    const text = 'model a {\n  LSTM(4\n}\nmodel b { Dense(1) }';
    const r = parseChecked(text);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['expected `)` to close the arguments of LSTM, found `}`']);
    const text2 = 'model a {\n  Dense(1)\nmodel b { Dense(1) }';
    const r2 = parseChecked(text2);
    expect(codes(r2)).toEqual([`E0110@${after(text2, 'Dense(1)')}`]);
    expect(r2.diagnostics[0]!.message).toBe('expected `}` to close model a, found `model`');
    expect(r2.file.decls.map((d) => d.kind === 'Model' && d.name?.name)).toEqual(['a', 'b']);
  });

  it('a missing `]`, `)` of a tuple, `}` of a record, and of applied inputs', () => {
    const cases: [string, string, string][] = [
      ['model m {\n  x = Concatenate()([a, b\n  y = Dense(1)(x)\n}', ', b', '`]` to close the list'],
      ['model m {\n  LSTM(1, input=(5, 1\n  Dense(1)\n}', '5, 1', '`)` to close the tuple'],
      ['train {\n  data = { x = "x.npy"\n  epochs = 3\n}', '"x.npy"', '`}` to close the record'],
      ['model m {\n  y = Dense(1)(x\n  output y\n}', '(x', '`)` to close the inputs given to Dense(…)'],
    ];
    for (const [text, end, what] of cases) {
      const r = parseChecked(text);
      expect(codes(r), text).toEqual([`E0110@${after(text, end)}`]);
      expect(r.diagnostics[0]!.message.startsWith(`expected ${what}, found`), r.diagnostics[0]!.message).toBe(true);
    }
  });

  it('a wrong closing bracket: the fix replaces it', () => {
    const text = 'model m {\n  LSTM(64]\n  Dense(1)\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, '64')}`]);
    expect(r.diagnostics[0]!.message).toBe('expected `)` to close the arguments of LSTM, found `]`');
    expect(r.diagnostics[0]!.fixes?.[0]?.edits).toEqual([{ range: { start: after(text, '64'), end: after(text, ']') }, newText: ')' }]);
    expect(model(text).body).toHaveLength(2);
  });

  it('a missing comma between arguments', () => {
    const text = 'model m { Dense(1 activation=relu) }';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, '(1')}`]);
    expect(r.diagnostics[0]!.message).toBe('expected `,` between the arguments of Dense, found `activation`');
    expect(r.diagnostics[0]!.fixes?.[0]?.edits[0]?.newText).toBe(',');
    const call = model(text).body[0]!;
    expect(call.kind === 'LayerStmt' && call.call.args.args.map((a) => a.name?.name ?? '-')).toEqual(['-', 'activation']);
  });

  it('a missing `=` in a setting is inserted by recovery, never giving a range', () => {
    const text = 'train { epochs 10 }';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, 'epochs')}`]);
    expect(r.diagnostics[0]!.message).toBe('expected `=` after `epochs`, found `10`');
    expect(r.diagnostics[0]!.fixes?.[0]?.edits[0]?.newText).toBe(' =');
    const entry = (r.file.decls[0] as TrainDecl).entries[0]!;
    expect(text.slice(entry.range.start, entry.range.end)).toBe('epochs 10');
    expect(entry.value).toMatchObject({ kind: 'Number', value: 10 });
  });

  it('a missing value is a Missing node with an empty range right after the `=`', () => {
    const text = 'train {\n  epochs =\n  batch_size = 32\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, 'epochs =')}`]);
    expect(r.diagnostics[0]!.message).toBe('expected a value for `epochs`, found `batch_size`');
    const train = r.file.decls[0] as TrainDecl;
    expect(train.entries.map((e) => [e.key.name, e.value.kind])).toEqual([
      ['epochs', 'Missing'],
      ['batch_size', 'Number'],
    ]);
    const gap = after(text, 'epochs =');
    expect(train.entries[0]!.value.range).toEqual({ start: gap, end: gap });
  });

  it('a missing model name (recovery inserts one; the tree has none)', () => {
    const text = 'model {\n  Dense(1)\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0110@5']);
    expect(r.diagnostics[0]!.message).toBe('expected a name after `model`, found `{`');
    const m = r.file.decls[0] as ModelDecl;
    expect(m.name).toBeUndefined();
    expect(m.body).toHaveLength(1);
  });

  it('the tokens Chevrotain inserts during recovery never reach the tree', () => {
    // Recovery does insert a name here (single-token insertion: the `{` that follows fits)...
    const text = 'model {\n  Dense(1)\n}';
    const lexed = lex(text);
    const p = parser();
    p.parseTokens(lexed.tokens);
    expect(p.errors.map((e) => [e.name, e.token.image])).toEqual([['MismatchedTokenException', '{']]);
    // ...but the event stream only names real tokens, so no range can come from the invented one.
    const named = [...p.events.subarray(0, p.eventCount)].filter((e) => e >= 0).map((i) => lexed.tokens[i]!.image);
    expect(named).toEqual(['model', '{', 'Dense', '(', '1', ')', '}']);
    expect(badRanges(parseChecked(text))).toEqual([]);
  });

  it('a missing `{`', () => {
    const text = 'model m\n  Dense(1)\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, 'model m')}`]);
    expect(r.diagnostics[0]!.fixes?.[0]?.edits[0]?.newText).toBe(' {');
    expect(model(text).body).toHaveLength(1);
  });

  it('a name on its own is neither a call nor a binding', () => {
    const text = 'model m {\n  Flatten\n  Dense(1)\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, 'Flatten')}`]);
    expect(r.diagnostics[0]!.message).toBe('expected `(` or `=` after `Flatten`, found `Dense`');
    expect(model(text).body.map((s) => s.kind)).toEqual(['LayerStmt']);
  });

  it('a missing name after a comma in a binding, and a missing value after `output`', () => {
    const a = 'model m { _, = LSTM(1)(x) }';
    expect(codes(parseChecked(a))).toEqual([`E0110@${after(a, '_,')}`]);
    const bind = model(a).body[0]!;
    expect(bind.kind === 'BindStmt' && bind.targets.map((t) => t.name)).toEqual(['_']);
    const b = 'model m { output }';
    expect(codes(parseChecked(b))).toEqual([`E0110@${after(b, 'output')}`]);
    const out = model(b).body[0]!;
    expect(out.kind === 'OutputStmt' && out.values.map((v) => v.kind)).toEqual(['Missing']);
  });
});

describe('E0111 unexpected token', () => {
  it('in a model body, once per run', () => {
    const text = 'model m {\n  Dense(1)\n  64 "x" (5)\n  Dense(2)\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0111@"64 \\"x\\" (5)"']);
    expect(model(text).body).toHaveLength(2);
  });

  it('a stray closing bracket', () => {
    const text = 'model m {\n  LSTM(1))\n  Dense(1)\n}';
    expect(codes(parseChecked(text))).toEqual(['E0111@")"']);
    expect(model(text).body).toHaveLength(2);
  });

  it('a token skipped by recovery, before the bracket that closes the arguments', () => {
    const text = 'model m { LSTM(64 = ) Dense(1) }';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0111@"="']);
    expect(model(text).body).toHaveLength(2);
  });

  it('in a train block', () => {
    const text = 'train { epochs = 3 42 output batch_size = 4 }';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0111@"42 output"']);
    expect((r.file.decls[0] as TrainDecl).entries.map((e) => e.key.name)).toEqual(['epochs', 'batch_size']);
  });

  it('an extra `}` at the top level', () => {
    expect(codes(parseChecked('model m { Dense(1) } }'))).toEqual(['E0111@"}"']);
  });
});

describe('E0112 unclosed bracket at the end of the file', () => {
  it('points at the end, with where the bracket was opened', () => {
    const text = 'model m {\n  Dense(1)\n';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0112@${after(text, 'Dense(1)')}`]);
    expect(r.diagnostics[0]!.message).toBe('expected `}` to close model m, found the end of the file');
    expect(r.diagnostics[0]!.related).toEqual([{ range: { start: 8, end: 9 }, message: 'opened here' }]);
    expect(r.diagnostics[0]!.fixes?.[0]?.edits[0]?.newText).toBe('\n}');
    expect(model(text).body).toHaveLength(1);
  });

  it('the innermost bracket only: one mistake, one diagnostic', () => {
    const text = 'model m {\n  LSTM(4, input=(5, 1';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0112@${text.length}`]);
    expect(r.diagnostics[0]!.message).toBe('expected `)` to close the tuple, found the end of the file');
  });
});

describe('E0113 outside any block', () => {
  it('a layer outside a model: one diagnostic for the run, with a hint', () => {
    const text = 'LSTM(1, input=(5, 1))\nDense(1)\n\nmodel m { Dense(1) }';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0113@"LSTM(1, input=(5, 1))\\nDense(1)"']);
    expect(r.diagnostics[0]!.hint).toBe('wrap layers in `model NAME { … }`');
    expect(r.file.decls).toHaveLength(1);
  });

  it('after a model closed too early, points back at the `}`', () => {
    const text = 'model m {\n  LSTM(4) }\n  Dense(1)\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual(['E0113@"Dense(1)\\n}"']);
    expect(r.diagnostics[0]!.related?.[0]?.message).toBe('model m ends here');
  });

  it('other tokens', () => {
    expect(codes(parseChecked('42 model m { }'))).toEqual(['E0113@"42"']);
  });
});

describe('E0114 brackets nested too deeply', () => {
  it('10,000 `(` do not overflow the stack', () => {
    for (const text of ['('.repeat(10_000), `model m { x = ${'['.repeat(10_000)} }`, `model m { LSTM(${'(['.repeat(5_000)}\nmodel n { Dense(1) }`]) {
      const r = parseChecked(text);
      expect(r.diagnostics.some((d) => d.code === 'E0114')).toBe(true);
    }
  });

  it('reports the first bracket too deep, and parses what comes after the group', () => {
    const text = `model m { x = ${'('.repeat(150)}${')'.repeat(150)} Dense(1) }\nmodel n { }`;
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0114@"("`]);
    // the model's `{` is the first level, so the 100th `(` is the first too deep
    expect(r.diagnostics[0]!.range.start).toBe(text.indexOf('(') + 99);
    expect(model(text).body.map((s) => s.kind)).toEqual(['BindStmt', 'LayerStmt']);
    expect(r.file.decls).toHaveLength(2);
  });
});

describe('recovery', () => {
  it('three independent mistakes: three diagnostics, and the later models are all there', () => {
    const text = [
      'model a {',
      '  LSTM(32, return_sequences=true', // missing )
      '  Dense(1)',
      '}',
      'model b {',
      '  Embedding(100, 8 input=(None,))', // missing ,
      '  64', // stray
      '  LSTM(8)',
      '}',
      'model c {',
      '  GRU(4, input=(3, 2))',
      '}',
      'train c { epochs = 2 }',
    ].join('\n');
    const r = parseChecked(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0110', 'E0110', 'E0111']);
    expect(r.file.decls.map((d) => (d.kind === 'Model' ? `model ${d.name?.name}` : `train ${d.model?.name}`))).toEqual([
      'model a',
      'model b',
      'model c',
      'train c',
    ]);
    expect(r.file.decls.map((d) => (d.kind === 'Model' ? d.body.length : d.entries.length))).toEqual([2, 2, 1, 1]);
  });

  it('one diagnostic per cascade: a missing value at the end of the file closes nothing else loudly', () => {
    const text = 'model m {\n  Dense(1, activation=';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${text.length}`]);
    expect(r.diagnostics[0]!.message).toBe('expected a value for `activation`, found the end of the file');
  });

  it('an unterminated string does not also report the bracket it swallowed', () => {
    const text = 'train {\n  data = { x = "x.npy }\n  epochs = 3\n}';
    expect(codes(parseChecked(text))).toEqual(['E0102@"\\"x.npy }"']);
  });

  it('a missing `)` with a trailing comma, before the next setting at the same indentation', () => {
    const text = 'train {\n  optimizer = Adam(learning_rate=0.01,\n  loss = mse\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, '0.01,')}`]);
    expect((r.file.decls[0] as TrainDecl).entries.map((e) => e.key.name)).toEqual(['optimizer', 'loss']);
  });

  it('arguments continued on an indented line stay arguments', () => {
    const text = 'model m {\n  Dense(8000\n        activation=softmax)\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, '8000')}`]); // the comma, not the `)`
    expect(r.diagnostics[0]!.message).toContain('`,`');
  });

  it('Missing nodes sit right after the last real token before the gap', () => {
    const text = 'model m {\n  x = Dense(1, activation=)\n  output x,\n}';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0110@${after(text, 'activation=')}`, `E0110@${after(text, 'x,')}`]);
    expect(outline(r.file, text)).toBe(
      [
        'Model m "model m {"…"}"',
        '  Bind x "x = Dense(1, activation=)"',
        '    Call Dense "Dense(1, activation=)"',
        '      args "(1, activation=)"',
        '        Number 1 int "1"',
        `        activation= Missing @${after(text, 'activation=')}`,
        '  Output "output x,"',
        '    Name x "x"',
        `    Missing @${after(text, 'x,')}`,
      ].join('\n'),
    );
  });

  it('a layer statement cut short keeps its callee and arguments so far', () => {
    const text = 'model m {\n  LSTM(';
    const r = parseChecked(text);
    expect(codes(r)).toEqual([`E0112@${text.length}`]);
    expect(outline(r.file, text)).toBe(['Model m "model m {"…"  LSTM("', '  Layer Call LSTM "LSTM("', '    args "("'].join('\n'));
  });

  it("Chevrotain's messages never reach the user", () => {
    const texts = ['model', 'model m {', 'train { x = }', 'model m { LSTM(1 2 3', ') ] }', 'model m { a, b c = 1 }', '= = ='];
    for (const text of texts) {
      for (const d of parseChecked(text).diagnostics) {
        expect(d.message, text).not.toMatch(/Expecting|token of type|RParen|LCurly|Identifier|EOF|-->|<|>/);
      }
    }
  });
});

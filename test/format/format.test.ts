// The formatter's API and the rules that are easiest to state as small cases.

import { describe, expect, it } from 'vitest';
import { format, LINE_WIDTH, printFile } from '../../src/format/format.ts';
import { parse } from '../../src/parser/index.ts';

function fmt(text: string): string {
  const result = format(text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.text;
}

describe('format', () => {
  it('refuses a file with a syntax error: diagnostics, no text', () => {
    const result = format('model m {\n  LSTM(64, return_sequences=true\n  Dense(1)\n}\n', 'bad.rnn');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result).not.toHaveProperty('text');
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of result.diagnostics) expect(d.code).toMatch(/^E01\d\d$/);
  });

  it('refuses a file with a lexical error', () => {
    expect(format('model m { LSTM(1); }').ok).toBe(false);
    expect(format('model m { Foo("unterminated) }').ok).toBe(false);
  });

  it('printFile gives the language server the same text as format', () => {
    const text = 'model m{LSTM(1,input=(5,1)) # c\n}\ntrain{epochs=1}';
    const { file, comments, source } = parse(text, 'm.rnn');
    expect(printFile(file, comments, source)).toBe(fmt(text));
    expect(fmt(text)).toBe('model m {\n  LSTM(1, input=(5, 1)) # c\n}\n\ntrain {\n  epochs = 1\n}\n');
  });

  it('prints booleans canonically and every other literal as written', () => {
    expect(fmt('model m { F(True, False, 1E3, .5, "a\\u0041", \'b\') }')).toBe(
      'model m {\n  F(true, false, 1E3, .5, "a\\u0041", \'b\')\n}\n',
    );
  });

  it('puts statements that shared a line on lines of their own', () => {
    expect(fmt('model m { x = Input(shape=(3,)) y = Dense(1)(x) output y }')).toBe(
      'model m {\n  x = Input(shape=(3,))\n  y = Dense(1)(x)\n  output y\n}\n',
    );
  });

  it('keeps a line of exactly the width and breaks one column more', () => {
    const layer = (k: number) => `Dense(${'1, '.repeat(27)}name="${'x'.repeat(k)}")`;
    const k = LINE_WIDTH - `  ${layer(0)}`.length;
    const fits = fmt(`model m { ${layer(k)} }`).split('\n');
    expect(fits[1]!.length).toBe(LINE_WIDTH);
    expect(fits).toHaveLength(4);
    const broken = fmt(`model m { ${layer(k + 1)} }`).split('\n');
    expect(broken[1]).toBe('  Dense(');
    expect(broken[2]).toBe('    1,');
    expect(broken.at(-4)).toBe(`    name="${'x'.repeat(k + 1)}",`);
    expect(broken.at(-3)).toBe('  )');
    expect(broken.at(-2)).toBe('}');
  });

  it('never breaks code because of a long trailing comment', () => {
    const comment = '# ' + 'words '.repeat(30);
    expect(fmt(`model m {\n  LSTM(1, input=(5, 1)) ${comment}\n}\n`)).toBe(
      `model m {\n  LSTM(1, input=(5, 1)) ${comment.trimEnd()}\n}\n`,
    );
  });

  it('breaks only as much as needed: inner lists stay on one line when they fit', () => {
    const out = fmt(
      'model m { x = Foo(Bar(1, 2, 3), Baz(aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbb, ccccccccccccccccccccccccccccccc)) }',
    );
    expect(out).toBe(
      'model m {\n  x = Foo(\n    Bar(1, 2, 3),\n    Baz(aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbb, ccccccccccccccccccccccccccccccc),\n  )\n}\n',
    );
  });

  it('breaks a one-element tuple keeping its comma', () => {
    const long = 'a'.repeat(100);
    expect(fmt(`model m { F(s=(${long},)) }`)).toBe(
      `model m {\n  F(\n    s=(\n      ${long},\n    ),\n  )\n}\n`,
    );
  });

  it('outputs \\n line endings for \\r\\n and \\r input', () => {
    expect(fmt('model m {\r\n  Dense(1)\r\n}\r\n')).toBe('model m {\n  Dense(1)\n}\n');
    expect(fmt('model m {\r  Dense(1) # c\r\r\r  Dense(2)\r}\r')).toBe(
      'model m {\n  Dense(1) # c\n\n  Dense(2)\n}\n',
    );
  });
});

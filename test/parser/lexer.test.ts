// The hand-written scanner against the reference: Chevrotain's lexer built from the token
// patterns in lexer.ts. Same tokens, same comments, same errors, on any input.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceLexer, scan } from '../../src/parser/lexer.ts';
import { tokenize } from '../../src/parser/index.ts';

function viaScan(text: string) {
  const s = scan(text);
  return {
    tokens: s.tokens.map((t) => [t.tokenType.name, t.startOffset, t.image]),
    comments: s.comments.map((t) => [t.startOffset, t.image]),
    errors: s.errors.map((e) => [e.offset, e.length]),
  };
}

function viaReference(text: string) {
  const r = referenceLexer().tokenize(text);
  return {
    tokens: r.tokens.map((t) => [t.tokenType.name, t.startOffset, t.image]),
    comments: (r.groups['comments'] ?? []).map((t) => [t.startOffset, t.image]),
    errors: r.errors.map((e) => [e.offset, e.length]),
  };
}

const PIECES = [
  'a', 'Z', '_', '0', '7', '.', '-', '+', 'e', 'E', 'x', '"', "'", '\\', '\n', '\r', ' ', '\t', '\f', '#',
  '(', ')', '[', ']', '{', '}', ',', '=', '$', ';', 'é', '😀', '\uFEFF', '\u00a0',
  'model', 'modelx', 'train', 'output', 'outputs', 'true', 'True', 'false', 'False', 'None', 'Nonex', '1e', '1e-3',
];

describe('scan', () => {
  it('matches the reference lexer on strings built from the interesting characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(viaScan(text)).toEqual(viaReference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('matches the reference lexer on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(viaScan(text)).toEqual(viaReference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits the usual things as expected', () => {
    expect(viaScan('LSTM(64, x=-1.5e3) # c').tokens.map((t) => `${t[0]}:${t[2]}`)).toEqual([
      'Identifier:LSTM',
      'LParen:(',
      'Number:64',
      'Comma:,',
      'Identifier:x',
      'Equals:=',
      'Number:-1.5e3',
      'RParen:)',
    ]);
  });
});

describe('tokenize (for editors)', () => {
  it('classifies every token and comment, in order', () => {
    const text = 'model m { Dense(1, activation="relu", use_bias=True, x=None) } # end';
    expect(tokenize(text).map((t) => `${t.kind}:${text.slice(t.range.start, t.range.end)}`)).toEqual([
      'keyword:model',
      'name:m',
      'punctuation:{',
      'name:Dense',
      'punctuation:(',
      'number:1',
      'punctuation:,',
      'name:activation',
      'punctuation:=',
      'string:"relu"',
      'punctuation:,',
      'name:use_bias',
      'punctuation:=',
      'bool:True',
      'punctuation:,',
      'name:x',
      'punctuation:=',
      'none:None',
      'punctuation:)',
      'punctuation:}',
      'comment:# end',
    ]);
  });

  it('leaves out the brackets recovery adds', () => {
    const text = 'model m { LSTM(4';
    expect(tokenize(text).map((t) => text.slice(t.range.start, t.range.end))).toEqual(['model', 'm', '{', 'LSTM', '(', '4']);
  });
});

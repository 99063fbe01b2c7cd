// One mistake, one diagnostic: the three rules that keep the checker from piling cascades on a
// real error, each tried beyond the golden case that first showed it.
//  - a name involved in an error is not also reported as unused;
//  - an argument the checker rejected still counts as given for "missing argument";
//  - what the parser skipped or left out gets no verdict from the checker.

import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';

function codes(body: string): string[] {
  return check(`model m {\n${body}\n}\n`, 'm.rnn').diagnostics.map((d) => d.code).sort();
}

const SEQ = '  seq = Input(shape=(24, 3))';

describe('a name involved in an error is not also unused', () => {
  it('every name could be the missing output', () => {
    expect(codes(`${SEQ}\n  a = LSTM(4)(seq)\n  b = GRU(4)(seq)`)).toEqual(['E0403']);
  });

  it('an undefined name without a suggestion may stand for any unused one', () => {
    expect(codes(`${SEQ}\n  h = LSTM(4)(seq)\n  output Dense(1)(zzz)`)).toEqual(['E0401']);
  });

  it('a layer applied to nothing, or standing alone, lacks an input an unused name may be', () => {
    expect(codes(`${SEQ}\n  h = LSTM(4)()\n  output Dense(1)(h)`)).toEqual(['E0406']);
    expect(codes(`${SEQ}\n  LSTM(4)\n  output Dense(1)(seq)`).filter((c) => c === 'W0402')).toEqual([]);
  });

  it('names bound with the wrong count are the ones the error is about', () => {
    expect(codes(`${SEQ}\n  out, h = LSTM(4)(seq)\n  output seq`)).toEqual(['E0405']);
  });

  it('reports E0408 once, at the misplaced output, however many statements follow', () => {
    const r = check(`model m {\n${SEQ}\n  output seq\n  a = Dense(1)(seq)\n  b = Dense(2)(seq)\n}\n`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0408']);
    expect(r.parse.source.slice(r.diagnostics[0]!.range)).toBe('output seq');
  });

  it('still warns about an unused name when the error is unrelated', () => {
    expect(codes(`${SEQ}\n  h = LSTM(4, activation=tanhh)(seq)\n  spare = Dense(2)(seq)\n  output h`)).toEqual(['E0206', 'W0402']);
  });
});

describe('a rejected argument still counts as given', () => {
  it.each([
    ['an unknown name', 'LSTM(unit=4, input=(5, 1))', 'E0202'],
    ['a positional after a named one', 'Embedding(input_dim=10, 4, input=(None,))', 'E0208'],
  ])('%s', (_, layer, code) => {
    expect(codes(`  ${layer}`)).toEqual([code]);
  });

  it('a call without any attempt at the argument is still told it is missing', () => {
    expect(codes('  LSTM(input=(5, 1))')).toEqual(['E0203']);
  });
});

describe('what the parser skipped gets no verdict', () => {
  const deep = `${'('.repeat(120)}1${')'.repeat(120)}`;

  it.each([
    ['a whole number', `Dense(8, input=(4,))\n  RepeatVector(${deep})`],
    ['a shape', `Dense(8, input=(4, ${deep}))`],
    ['a layer', `Dense(8, input=(4,))\n  TimeDistributed(${deep})`],
  ])('a deep group where %s belongs', (_, body) => {
    expect(codes(`  ${body}`)).toEqual(['E0114']);
  });

  it('a deep group where a tensor belongs', () => {
    expect(codes(`${SEQ}\n  output Dense(1)(${deep})`)).toEqual(['E0114']);
  });

  it('a record entry the parser left without a value', () => {
    const r = check('model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  loss = mse\n  data = { x = "x.npy", y = }\n}\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0110']);
  });
});

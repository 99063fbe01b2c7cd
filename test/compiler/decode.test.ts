// The decode block's checker (compiler/decode.ts): the plan it derives, and each mistake as one
// diagnostic with its code, pointing at the offending piece of source.

import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';

const ENCODER = `  src = Input(shape=(None,), dtype=int32)
  _, h, c = LSTM(8, return_state=true)(Embedding(20, 4, mask_zero=true)(src))`;

function translate(decoder: string, block: string, output = 'TimeDistributed(Dense(20, activation=softmax))(dec)'): string {
  return `model tr {\n${ENCODER}\n  tgt = Input(shape=(None,), dtype=int32)\n  dec = ${decoder}\n  output ${output}\n}\ndecode tr { ${block} }\n`;
}

const FINE_DECODER = 'LSTM(8, return_sequences=true)(Embedding(20, 4, mask_zero=true)(tgt), initial_state=[h, c])';

/** Each error as `code: source text at its range`. */
function errors(text: string): string[] {
  return check(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${text.slice(d.range.start, d.range.end)}`);
}

describe('the decode block', () => {
  it('derives the plan: encoder nodes once, the fed path step by step', () => {
    const r = check(translate(FINE_DECODER, 'feed = tgt  start = 1  end = 2  max_length = 7'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.models[0]!.decode).toMatchObject({ feed: 1, start: 1, end: 2, maxLength: 7, vocabulary: 20, scores: 'probabilities', encoderNodes: [0, 1], stepNodes: [2, 3, 4] });
  });

  it('reports each mistake once, at the piece of source that is wrong', () => {
    const cases: [string, string[]][] = [
      [translate(FINE_DECODER, 'feed = tgt  start = 1  temprature = 2'), ['E0540: temprature']],
      [translate(FINE_DECODER, 'feed = tgt  start = 1  start = 2'), ['E0541: start']],
      [translate(FINE_DECODER, 'feed = tgt  start = 1.5  max_length = 0'), ['E0543: 1.5', 'E0543: 0']],
      [translate(FINE_DECODER, 'feed = tg  start = 1'), ['E0544: tg']],
      [translate(FINE_DECODER, 'start = 1'), ['E0544: decode']],
      [translate(FINE_DECODER, 'feed = tgt  start = 0'), ['E0545: 0']],
      [translate(FINE_DECODER, 'feed = tgt  start = 1  end = 20'), ['E0545: 20']],
      [translate(FINE_DECODER, 'feed = tgt'), ['E0546: decode']],
      [translate('LSTM(8, return_sequences=true)(Embedding(21, 4)(tgt), initial_state=[h, c])', 'feed = tgt  start = 1'), ['E0321: Embedding(21, 4)(tgt)']],
      [translate('Bidirectional(LSTM(4, return_sequences=true))(Embedding(20, 4)(tgt))', 'feed = tgt  start = 1'), ['E0324: Bidirectional(LSTM(4, return_sequences=true))(Embedding(20, 4)(tgt))']],
      [translate('LSTM(8, return_sequences=true, go_backwards=true)(Embedding(20, 4)(tgt), initial_state=[h, c])', 'feed = tgt  start = 1'), ['E0324: LSTM(8, return_sequences=true, go_backwards=true)(Embedding(20, 4)(tgt), initial_state=[h, c])']],
      [translate(FINE_DECODER, 'feed = tgt  start = 1', 'TimeDistributed(Dense(20, activation=relu))(dec)'), ['E0323: Dense(20, activation=relu)']],
      [translate('LSTM(8)(Embedding(20, 4)(tgt), initial_state=[h, c])', 'feed = tgt  start = 1', 'Dense(20, activation=softmax)(dec)'), ['E0322: Dense(20, activation=softmax)(dec)']],
      // Feeding the source back puts the encoder on the fed path: it returns no sequence, and the
      // decoder's initial state would change at every step.
      [translate(FINE_DECODER, 'feed = src  start = 1'), ['E0324: LSTM(8, return_state=true)(Embedding(20, 4, mask_zero=true)(src))', `E0324: ${FINE_DECODER}`]],
      [translate('Conv1D(8, 3)(Embedding(20, 4)(tgt))', 'feed = tgt  start = 1'), ['E0324: Conv1D(8, 3)(Embedding(20, 4)(tgt))']],
      [`model lm {\n  Input(shape=(None, 3))\n  LSTM(4, return_sequences=true)\n  Dense(3, activation=softmax)\n}\ndecode { end = 1 }\n`, ['E0320: Input(shape=(None, 3))']],
      [`model a {\n  Embedding(5, 2, input=(None,))\n}\nmodel b {\n  Embedding(5, 2, input=(None,))\n}\ndecode { }\ndecode c { }\n`, ['E0542: decode', 'E0542: c']],
    ];
    for (const [text, expected] of cases) expect(errors(text), text).toEqual(expected);
  });

  it('accepts a language model without feed or start, and a linear output trained from logits', () => {
    const lm = check(`model lm {\n  Embedding(30, 8, input=(None,))\n  GRU(16, return_sequences=true)\n  Dense(30)\n}\ntrain { loss = SparseCategoricalCrossentropy(from_logits=true) }\ndecode { end = 2 }\n`);
    expect(lm.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(lm.models[0]!.decode).toMatchObject({ feed: 0, start: null, end: 2, maxLength: 50, scores: 'logits', encoderNodes: [], stepNodes: [0, 1, 2] });
  });
});

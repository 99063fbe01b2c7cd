// The language server on decode blocks: the keyword at the top level, the block's settings (those
// not yet given), the model's input names after `feed =`, model names after `decode`, hover on a
// setting, and the block in the document outline.

import { describe, expect, it } from 'vitest';
import { Analysis } from '../../src/lsp/analysis.ts';
import { completion } from '../../src/lsp/completion.ts';
import { hover } from '../../src/lsp/hover.ts';
import { documentSymbols } from '../../src/lsp/symbols.ts';
import { DECODE_SETTINGS } from '../../src/compiler/decode-spec.ts';

const MODEL = `model tr {
  src = Input(shape=(None,), dtype=int32)
  tgt = Input(shape=(None,), dtype=int32)
  _, h = GRU(4, return_state=true)(Embedding(9, 3)(src))
  output Dense(9, activation=softmax)(GRU(4, return_sequences=true)(Embedding(9, 3)(tgt), initial_state=[h]))
}
`;

function at(marked: string): { a: Analysis; offset: number } {
  const offset = marked.indexOf('|');
  return { a: new Analysis('file:///t.rnn', 1, marked.slice(0, offset) + marked.slice(offset + 1)), offset };
}

const labels = (marked: string): string[] => {
  const { a, offset } = at(marked);
  return completion(a, offset).map((i) => i.label);
};

describe('decode blocks in the language server', () => {
  it('completes the keyword, the model name, the settings not given and the inputs to feed', () => {
    expect(labels(`${MODEL}|`)).toContain('decode');
    expect(labels(`${MODEL}decode |`)).toEqual(['tr']);
    expect(labels(`${MODEL}decode tr {\n  |\n}`)).toEqual(DECODE_SETTINGS.map((s) => s.name));
    expect(labels(`${MODEL}decode tr {\n  start = 1\n  |\n}`)).toEqual(['feed', 'end', 'max_length']);
    expect(labels(`${MODEL}decode tr {\n  feed = |\n}`)).toEqual(['src', 'tgt']);
  });

  it('hovers a setting with its documentation, and lists the block in the outline', () => {
    const { a, offset } = at(`${MODEL}decode tr {\n  fe|ed = tgt\n  start = 1\n}`);
    const h = hover(a, offset);
    const text = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    expect(text).toContain('`feed` (decode block)');
    expect(text).toContain('teacher forcing');
    expect(documentSymbols(a).map((s) => s.name)).toEqual(['tr', 'decode tr']);
    expect(a.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.result.models[0]!.decode).toMatchObject({ feed: 1, start: 1, end: null, vocabulary: 9, encoderNodes: [0, 1], stepNodes: [2, 3, 4] });
  });

  it('for a fed text input: completes start and end as text tokens, hovers them, and checks the plan with reserved ids', () => {
    const TEXT = `model tt {
  src = Input(shape=(1,), dtype=string)
  tgt = Input(shape=(1,), dtype=string)
  _, h = GRU(4, return_state=true)(Embedding(9, 3)(TextVectorization(max_tokens=9)(src)))
  output Dense(9, activation=softmax)(GRU(4, return_sequences=true)(Embedding(9, 3)(TextVectorization(max_tokens=9)(tgt)), initial_state=[h]))
}
`;
    expect(labels(`${TEXT}decode tt {\n  feed = tgt\n  start = |\n}`)).toEqual(['"[start]"']);
    expect(labels(`${TEXT}decode tt {\n  feed = tgt\n  end = |\n}`)).toEqual(['"[end]"']);
    // A file of id inputs gets no text tokens: its start is an id.
    expect(labels(`${MODEL}decode tr {\n  feed = tgt\n  start = |\n}`)).toEqual([]);
    const { a, offset } = at(`${TEXT}decode tt {\n  feed = tgt\n  sta|rt = "[start]"\n  end = "[end]"\n}`);
    const h = hover(a, offset);
    const text = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    expect(text).toContain('start = "[start]"');
    expect(a.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // "" 0, [UNK] 1, then the reserved [start] 2 and [end] 3.
    expect(a.result.models[0]!.decode).toMatchObject({ feed: 1, start: 2, end: 3, text: { layer: 'text_vectorization_1', start: '[start]', end: '[end]' } });
  });
});

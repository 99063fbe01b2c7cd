// The server's copy of a document must stay the editor's text whatever ranges the edits carry.
// Issue 19: a change on lines past the end of a 4-line document left the text document
// library's index of line starts with 11 lines, and the next ordinary edit garbled the text.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Documents } from '../../src/lsp/documents.ts';
import { applyChanges, type EditorChange } from '../fuzz/editor.ts';
import { editSequence } from '../fuzz/lsp-edits.ts';

const URI = 'file:///d.rnn';

function serverText(start: string, steps: readonly (readonly EditorChange[])[]): string {
  const docs = new Documents();
  docs.open(URI, 1, start);
  steps.forEach((changes, i) => docs.change(URI, i + 2, changes));
  return docs.analysis(URI)!.text;
}

describe('the open documents', () => {
  it('clamp an edit on lines past the end, and the next edit lands where it should', () => {
    const start = 'model m {\n  LSTM(4)\n}\n';
    const past = [{ range: { start: { line: 9, character: 0 }, end: { line: 10, character: 0 } }, text: 'x\n' }];
    const ordinary = [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } }, text: 'GRU' }];
    expect(serverText(start, [past, ordinary])).toBe('model m {\n  GRU(4)\n}\nx\n');
    // The editor's last line, which the corrupted index placed at the start of the text.
    const atEnd = [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '# end' }];
    expect(serverText(start, [past, atEnd])).toBe('model m {\n  LSTM(4)\n}\nx\n# end');
    const docs = new Documents();
    docs.open(URI, 1, start);
    docs.change(URI, 2, past);
    expect(docs.analysis(URI)!.source.lineCount).toBe(5);
  });

  it('take a range given end first, and positions beyond any line, as the editor does', () => {
    const backwards = [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 6 } }, text: 'n' }];
    expect(serverText('model m {\n}\n', [backwards])).toBe('model n\n}\n');
    const far = [{ range: { start: { line: 0, character: 1e9 }, end: { line: 1e9, character: 0 } }, text: '' }];
    expect(serverText('model m {\n}\n', [far])).toBe('model m {');
  });

  it('equal the editor after any sequence of edits', () => {
    fc.assert(
      fc.property(editSequence, ({ start, steps }) => {
        expect(serverText(start, steps)).toBe(steps.reduce((text, changes) => applyChanges(text, changes), start));
      }),
      { seed: 19, numRuns: 500 },
    );
  });
});

// A TextVectorization's `vocabulary=` file: one token per line (Keras's vocabulary path), its path
// relative to the .rnn file. What may stand in it is vocabularyFromLines's (runtime/text); this
// reads the file and reports a problem at its line (E0637).

import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { RnncError } from '../errors.ts';
import { vocabularyFromLines, type VectorizeOptions } from '../text/vocabulary.ts';

export function readVocabularyFile(baseDir: string, layer: string, path: string, options: VectorizeOptions): readonly string[] {
  const file = isAbsolute(path) ? path : join(baseDir, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RnncError('E0637', `cannot read ${file}, the vocabulary of TextVectorization \`${layer}\`: ${code === 'ENOENT' ? 'no such file' : 'it cannot be read'}`, file, 'the path is relative to the .rnn file; the file holds one token per line');
  }
  const v = vocabularyFromLines(text, options);
  if (!Array.isArray(v)) {
    const lines = text.split('\n');
    throw new RnncError('E0637', `line ${v.line} of ${file}: ${v.message}`, { file, line: v.line, column: 1, text: (lines[v.line - 1] ?? '').replace(/\r$/, '') }, v.hint);
  }
  return v;
}

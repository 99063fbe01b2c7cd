// Generation's source texts (generate-run.ts, so `rnnc generate` and a program's `generate`): --text (given once per sentence), or --source FILE.txt (one
// sentence per line) or FILE.jsonl (one JSON object per line, the sentence under the source
// input's name — as in the training data, {"en": "forty two", "fr": …} — or under "x"). A blank
// .txt line, a record without the field or with a non-string there is E0717 at its line.

import { readFileSync } from 'node:fs';
import { RnncError } from '../runtime/errors.ts';

/** Whether --source names a file of texts rather than ids. */
export const isTextSource = (path: string): boolean => /\.(txt|jsonl|ndjson)$/i.test(path);

export function readSourceTexts(path: string, field: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new RnncError('E0701', `cannot read ${path}`, path, 'check the path');
  }
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const json = !path.toLowerCase().endsWith('.txt');
  const texts = lines.map((line, i) => {
    const at = { file: path, line: i + 1, column: 1, text: line };
    const bad = (message: string, hint: string) => new RnncError('E0717', `line ${i + 1} of ${path}: ${message}`, at, hint);
    if (!json) {
      if (line.trim() === '') throw bad('the line is blank', 'one source sentence per line; remove the blank line');
      return line;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw bad('the line is not a JSON object', `write one object per line, such as {"${field}": "forty two"}`);
    }
    const value = typeof record === 'object' && record !== null && !Array.isArray(record) ? (Object.hasOwn(record, field) ? (record as Record<string, unknown>)[field] : (record as Record<string, unknown>)['x']) : undefined;
    if (typeof value !== 'string') {
      const keys = typeof record === 'object' && record !== null ? Object.keys(record).map((k) => `"${k}"`).join(', ') : 'none';
      throw bad(value === undefined ? `the record has no "${field}" (the model's source input) nor "x"` : `"${field}" is not a string`, `give the source sentence as {"${field}": "…"}; the record's keys: ${keys || 'none'}`);
    }
    return value;
  });
  if (texts.length === 0) throw new RnncError('E0717', `${path} holds no source text`, path, 'write one source sentence per line');
  return texts;
}

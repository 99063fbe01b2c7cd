// Golden files: test/format/fixtures/NAME.in.rnn formats to NAME.out.rnn; a NAME.out.rnn
// without an input is already canonical and must come out unchanged.
// UPDATE_FIXTURES=1 rewrites the .out.rnn files from the formatter; review the diff.

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { format } from '../../src/format/format.ts';
import { commentTexts, errorsOf, treeOf } from './tree.ts';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.out.rnn'))
  .map((f) => f.slice(0, -'.out.rnn'.length))
  .sort();

function formatted(text: string, path: string): string {
  const result = format(text, path);
  if (!result.ok) throw new Error(`${path}: ${JSON.stringify(result.diagnostics)}`);
  return result.text;
}

describe('format fixtures', () => {
  it('finds the fixtures', () => {
    expect(names.length).toBeGreaterThan(10);
  });

  for (const name of names) {
    const outPath = join(dir, `${name}.out.rnn`);
    const inPath = join(dir, `${name}.in.rnn`);
    const hasInput = existsSync(inPath);

    it(`${name}: ${hasInput ? 'formats to the expected text' : 'is already canonical'}`, () => {
      const input = readFileSync(hasInput ? inPath : outPath, 'utf8');
      expect(errorsOf(input)).toEqual([]);
      const actual = formatted(input, inPath);
      if (process.env.UPDATE_FIXTURES && hasInput) writeFileSync(outPath, actual);
      expect(actual).toBe(readFileSync(outPath, 'utf8'));
    });

    it(`${name}: is a fixed point and keeps the tree and the comments`, () => {
      const input = readFileSync(hasInput ? inPath : outPath, 'utf8');
      const once = formatted(input, inPath);
      expect(formatted(once, outPath)).toBe(once);
      expect(treeOf(once)).toEqual(treeOf(input));
      expect(commentTexts(once)).toEqual(commentTexts(input));
    });
  }
});

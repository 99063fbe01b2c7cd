// Property tests: random valid programs, laid out badly, format to a fixed point that keeps the
// tree and every comment.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format, LINE_WIDTH } from '../../src/format/format.ts';
import { tokenize } from '../../src/parser/index.ts';
import { messySource } from './gen-source.ts';
import { commentTexts, errorsOf, treeOf } from './tree.ts';

const runs = Number(process.env.FORMAT_PROPERTY_RUNS ?? 400);

function formatted(text: string): string {
  const result = format(text);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.diagnostics)}\n${text}`);
  return result.text;
}

describe('format properties', () => {
  it('the generator makes valid programs', () => {
    fc.assert(
      fc.property(messySource, (src) => {
        expect(errorsOf(src)).toEqual([]);
      }),
      { numRuns: runs },
    );
  });

  it('formats every valid program, to a fixed point', () => {
    fc.assert(
      fc.property(messySource, (src) => {
        const once = formatted(src);
        expect(formatted(once)).toBe(once);
      }),
      { numRuns: runs },
    );
  });

  it('keeps the tree, up to ranges and the spelling of booleans', () => {
    fc.assert(
      fc.property(messySource, (src) => {
        expect(treeOf(formatted(src))).toEqual(treeOf(src));
      }),
      { numRuns: runs },
    );
  });

  it('keeps every comment', () => {
    fc.assert(
      fc.property(messySource, (src) => {
        expect(commentTexts(formatted(src))).toEqual(commentTexts(src));
      }),
      { numRuns: runs },
    );
  });

  it('writes \\n line endings, no trailing whitespace, and one final newline', () => {
    fc.assert(
      fc.property(messySource, (src) => {
        const out = formatted(src);
        expect(out).not.toMatch(/\r/);
        expect(out).not.toMatch(/[ \t]\n/);
        if (out !== '') expect(out).toMatch(/[^\n]\n$/);
      }),
      { numRuns: runs },
    );
  });

  it('leaves a line longer than the width only when no list on it could break', () => {
    fc.assert(
      fc.property(messySource, (src) => {
        const out = formatted(src);
        for (const line of overlongLines(out)) {
          expect(flatListsIn(line), `an unbroken list on an overlong line:\n${line}`).toEqual([]);
        }
      }),
      { numRuns: runs },
    );
  });

  it('never throws on a truncated program: it refuses it with diagnostics, or formats it faithfully', () => {
    fc.assert(
      fc.property(messySource, fc.nat(), (src, cut) => {
        const text = src.slice(0, cut % (src.length + 1));
        const result = format(text);
        if (!result.ok) {
          expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
          return;
        }
        expect(formatted(result.text)).toBe(result.text);
        expect(treeOf(result.text)).toEqual(treeOf(text));
        expect(commentTexts(result.text)).toEqual(commentTexts(text));
      }),
      { numRuns: runs },
    );
  });
  it('on token soup, never throws: it refuses it with diagnostics, or formats it faithfully', () => {
    const piece = fc.constantFrom(
      'model', 'train', 'output', 'm', 'x', '_', 'LSTM', '(', ')', '[', ']', '{', '}', ',', '=',
      '1', '-2.5', '"s"', "'t'", 'True', 'None', ' ', '\n', '# c\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join(' ');
        const result = format(text);
        if (!result.ok) {
          expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
          return;
        }
        expect(formatted(result.text)).toBe(result.text);
        expect(treeOf(result.text)).toEqual(treeOf(text));
        expect(commentTexts(result.text)).toEqual(commentTexts(text));
      }),
      { numRuns: runs },
    );
  });
});

/** Lines whose code (comments take no width) is longer than the width. */
function overlongLines(text: string): string[] {
  return text.split('\n').filter((line) => {
    const code = tokenize(line).filter((t) => t.kind !== 'comment');
    return code.length > 0 && code.at(-1)!.range.end > LINE_WIDTH;
  });
}

/** Non-empty bracketed lists opened and closed on the same line: each could have broken. */
function flatListsIn(line: string): string[] {
  const open: number[] = [];
  const found: string[] = [];
  const tokens = tokenize(line).filter((t) => t.kind !== 'comment');
  tokens.forEach((t, i) => {
    const ch = line.slice(t.range.start, t.range.end);
    if (ch === '(' || ch === '[' || ch === '{') open.push(i);
    else if (ch === ')' || ch === ']' || ch === '}') {
      const start = open.pop();
      if (start !== undefined && start < i - 1) found.push(line.slice(tokens[start]!.range.start, t.range.end));
    }
  });
  return found;
}

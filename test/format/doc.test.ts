// The document printer on its own: groups print flat when the rest of the line fits.

import { describe, expect, it } from 'vitest';
import {
  comment,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  printDoc,
  propagateBreaks,
  softline,
  type Doc,
} from '../../src/format/doc.ts';

function call(name: string, args: readonly Doc[]): Doc {
  return [name, group(['(', indent([softline, join([',', line], args)]), ifBreak(','), softline, ')'])];
}

function print(doc: Doc, width: number): string {
  propagateBreaks(doc);
  return printDoc(doc, width);
}

describe('printDoc', () => {
  it('prints a group flat when it fits exactly', () => {
    expect(print(call('f', ['a', 'b']), 7)).toBe('f(a, b)');
  });

  it('breaks a group one item per line with a trailing comma when it does not fit', () => {
    expect(print(call('f', ['a', 'b']), 6)).toBe('f(\n  a,\n  b,\n)');
  });

  it('breaks the outer group first and keeps inner groups flat when they fit', () => {
    const doc = call('f', [call('g', ['1', '2']), call('h', ['3'])]);
    expect(print(doc, 12)).toBe('f(\n  g(1, 2),\n  h(3),\n)');
  });

  it('of two groups side by side, breaks the later one first', () => {
    const doc = ['f', call('', ['a']), call('', ['bbbbbbbb'])];
    expect(print(doc, 8)).toBe('f(a)(\n  bbbbbbbb,\n)');
  });

  it('counts what follows a group on the same line', () => {
    expect(print([call('f', ['a']), 'xyz'], 6)).toBe('f(\n  a,\n)xyz');
    expect(print([call('f', ['a']), hardline, 'xyzxyzxyz'], 6)).toBe('f(a)\nxyzxyzxyz');
  });

  it('breaks every group around a comment, which takes no width', () => {
    const inner = group(['(', indent([softline, 'a', ' ', comment('# a long comment')]), softline, ')']);
    const doc = call('f', [['g', inner], 'b']);
    expect(print(doc, 80)).toBe('f(\n  g(\n    a # a long comment\n  ),\n  b,\n)');
    expect(print(['x', ' ', comment('# this comment is far wider than the width')], 4)).toBe(
      'x # this comment is far wider than the width',
    );
  });

  it('leaves no trailing whitespace on empty lines', () => {
    expect(print(['{', indent([hardline, 'a', hardline, hardline, 'b']), hardline, '}'], 80)).toBe(
      '{\n  a\n\n  b\n}',
    );
  });
});

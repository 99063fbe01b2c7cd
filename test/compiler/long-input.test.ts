// Issue 19: checking is linear in the input, however it is shaped. Long names used to cost the
// square of their length twice over (the did-you-mean edit distance, and the code frame of their
// line), and every unknown name of a functional model was compared with every bound name and
// marked every binding. These tests hold the parts that made it so; the timeouts only catch a
// true hang (the 1 MB name took over 200 s), speed itself is measured in bench/.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { editDistance, suggest, SuggestBudget } from '../../src/compiler/suggest.ts';
import { renderFrame } from '../../src/diagnostics/render-frame.ts';

/** The plain dynamic programme, O(n·m), as the reference for the banded one. */
function fullDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const sub = a[i - 1] === b[j - 1] ? 0 : a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0.25 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + sub);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function frames(text: string): string[] {
  const r = check(text, 'long.rnn');
  return r.diagnostics.map((d) => renderFrame(d, r.parse.source));
}

describe('did you mean, in linear time', () => {
  it('the banded distance is the full one up to the cap, and above the cap beyond it', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', '_', 'c'), maxLength: 10 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, cap) => {
        const full = fullDistance(a, b);
        expect(editDistance(a, b)).toBe(full);
        if (full <= cap) expect(editDistance(a, b, cap)).toBe(full);
        else expect(editDistance(a, b, cap)).toBeGreaterThan(cap);
      }),
      { seed: 19, numRuns: 3000 },
    );
  });

  it('a budget bounds how many candidates one file looks at', () => {
    const budget = new SuggestBudget(0);
    let pulled = 0;
    function* names() {
      for (let i = 0; ; i++) {
        pulled++;
        yield `name${i}`;
      }
    }
    expect(suggest('qqqqq', names(), 1, budget)).toEqual([]);
    expect(pulled).toBeLessThanOrEqual(200_001);
    expect(budget.remaining).toBeLessThanOrEqual(0);
    expect(suggest('name1', ['name2'], 1, budget)).toEqual([]);
    expect(suggest('nmae1', ['name1'], 1, new SuggestBudget(0))).toEqual(['name1']);
  });

  it('suggests across the length cap only when underscores and case make the names equal', () => {
    expect(suggest('return_sequences', ['returnsequences'])).toEqual(['returnsequences']);
    expect(suggest('a_______b', ['AB'])).toEqual(['AB']);
    expect(suggest('x'.repeat(50_000), ['x', 'xx', 'x'.repeat(50_001)])).toEqual(['x'.repeat(50_001)]);
  });
});

describe('long and many names', () => {
  it('a 95,000-character layer name: E0201, and its frame shows a window of the line', () => {
    const text = `model m {\n  ${'L'.repeat(95_000)}(4, input=(5, 2))\n}\n`;
    const [frame, ...rest] = frames(text);
    expect(rest).toEqual([]);
    expect(frame).toMatch(/^error\[E0201\]/);
    const [, , , code, underline] = frame!.split('\n');
    expect(code!.length).toBeLessThan(200);
    expect(code).toMatch(/^2 \| {3}L+…$/);
    expect(underline).toMatch(/^ {2}\| {3}\^+/);
  }, 30_000);

  it('a functional model that uses a 1 MB name it never bound', () => {
    const text = `model m {\n  x = Input(shape=(5, 2))\n  y = Dense(4)(${'b'.repeat(1_000_000)})\n  output y\n}\n`;
    const all = frames(text);
    expect(all.map((f) => /\[(\w+)\]/.exec(f)![1])).toEqual(['E0401']);
    expect(all[0]!.split('\n').slice(1).every((l) => l.length < 200)).toBe(true);
  }, 30_000);

  it('4,000 unknown names, each beside 4,000 bound ones: one E0401 each, suggestions while the budget lasts', () => {
    const lines = ['model m {', '  x = Input(shape=(5, 2))'];
    for (let i = 0; i < 4000; i++) lines.push(`  y${i} = Dense(4)(yy${i - 1})`);
    lines.push('  output x', '}');
    const r = check(lines.join('\n'), 'many.rnn');
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === 'E0401')).toHaveLength(4000);
    // The bindings after an unknown name are unused, except that any of them may be what a later
    // unknown name meant: only the last one is reported.
    expect(codes.filter((c) => c === 'W0402')).toEqual(['W0402']);
    expect(r.diagnostics.filter((d) => d.code === 'E0401')[1]!.label).toBe('did you mean `y0`?');
  }, 30_000);

  it('100,000 repeated arguments: one E0207 each, whose fix removes that one with its comma', () => {
    const text = `model m { Dense(1, ${'units=1, '.repeat(100_000)}) }`;
    const r = check(text, 'args.rnn');
    const twice = r.diagnostics.filter((d) => d.code === 'E0207');
    expect(twice).toHaveLength(100_000);
    const edit = twice[500]!.fixes![0]!.edits[0]!;
    expect(text.slice(edit.range.start, edit.range.end)).toBe(', units=1');
    expect(edit.range.start).toBe(`model m { Dense(1, ${'units=1, '.repeat(500)}`.length - 2);
  }, 30_000);
});

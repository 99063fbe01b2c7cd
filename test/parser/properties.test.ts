// Properties of parse() on any input: it never throws, every range is valid (never computed
// from a token invented during recovery), an error is never left unreported, and it stays fast.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseDetailed } from '../../src/parser/index.ts';
import { badRanges } from './helpers.ts';
import { TOUR } from './tour.ts';

function check(text: string): void {
  const { result, usedFallback } = parseDetailed(text);
  expect(badRanges(result), JSON.stringify(text)).toEqual([]);
  expect(usedFallback, JSON.stringify(text)).toBe(false);
  for (const c of result.comments) expect(text.slice(c.range.start, c.range.end)).toBe(c.text);
}

// Tokens of the language and a few near-misses, to build token soup from.
const TOKENS = [
  'model', 'train', 'output', 'm', 'x', '_', 'LSTM', 'Dense', 'Input', 'units', 'input', 'activation',
  '(', ')', '[', ']', '{', '}', ',', '=', '64', '-1', '0.5', '.5', '1e-3', '1e', '3x',
  '"tanh"', "'x.npy'", '"a\\q"', '"open', 'true', 'False', 'None', '# note\n', '\n', '\r\n', '  ', ';', '$', 'é',
];

const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join(' '));
const tightSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join(''));

describe('parse never throws and keeps its ranges valid', () => {
  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => check(s)), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => check(s)), { numRuns: 500 });
  });

  it('on token soup', () => {
    fc.assert(fc.property(soup, (s) => check(s)), { numRuns: 2000 });
    fc.assert(fc.property(tightSoup, (s) => check(s)), { numRuns: 1000 });
  });

  it('on every prefix of the tour examples', () => {
    for (const text of Object.values(TOUR)) {
      for (let i = 0; i <= text.length; i++) check(text.slice(0, i));
    }
  });

  it('on the tour examples with a character deleted or a token duplicated anywhere', () => {
    for (const text of Object.values(TOUR)) {
      for (let i = 0; i < text.length; i++) check(text.slice(0, i) + text.slice(i + 1));
    }
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(TOUR)), fc.nat(), fc.constantFrom(...TOKENS), (text, at, tok) => {
        const i = at % (text.length + 1);
        check(text.slice(0, i) + tok + text.slice(i));
      }),
      { numRuns: 2000 },
    );
  });

  it('reports at least one error for an input that is not valid', () => {
    // Cut inside a bracket: the prefix can never be valid.
    for (const text of Object.values(TOUR)) {
      for (let i = 0; i < text.length; i++) {
        const prefix = text.slice(0, i);
        const open = [...prefix.replace(/#[^\n]*/g, '')].filter((c) => '([{'.includes(c)).length;
        const closed = [...prefix.replace(/#[^\n]*/g, '')].filter((c) => ')]}'.includes(c)).length;
        if (open > closed) expect(parse(prefix).diagnostics.length, JSON.stringify(prefix)).toBeGreaterThan(0);
      }
    }
  });
});

describe('garbage does not make recovery explode', () => {
  it('recovers from large random input with a bounded number of diagnostics', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let s = '';
    for (let i = 0; i < 20_000; i++) s += `${TOKENS[Math.floor(rnd() * TOKENS.length)]} `;
    const r = parse(s);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.length).toBeLessThan(20_000);
  });

  it('handles a huge line and binary input', () => {
    check(`model m { x = f(${'a, '.repeat(50_000)}) }`);
    let b = '';
    for (let i = 0; i < 30_000; i++) b += String.fromCharCode((i * 7919) % 256);
    check(b);
  });
});

// The positional JSON walker must agree with JSON.parse on what is valid, or the reader would
// point at a wrong column or none; and it must find every value's start.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, offsetOf } from '../../../src/runtime/data/json-locate.ts';

const parses = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

describe('json-locate', () => {
  it('agrees with JSON.parse on random JSON and on random damage to it', () => {
    const damaged = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', "'", ':', '\\', 'x', ' ', '\n', '1')).map(([s, at, ch]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + ch + s.slice(i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged), (s) => {
        const error = jsonSyntaxError(s);
        expect(error === undefined, s).toBe(parses(s));
        if (error) expect(error.offset).toBeLessThanOrEqual(s.length);
      }),
      { seed: 20261123, numRuns: 3000 },
    );
  });

  it('finds where each value starts', () => {
    const line = '{"x": [[1, 2], [3]], "y": {"a": "s"}}';
    expect(offsetOf(line, [])).toBe(0);
    expect(offsetOf(line, ['x'])).toBe(6);
    expect(offsetOf(line, ['x', 1])).toBe(15);
    expect(offsetOf(line, ['x', 0, 1])).toBe(11);
    expect(offsetOf(line, ['y', 'a'])).toBe(32);
    expect(offsetOf(line, ['z'])).toBe(0);
  });
});

// The parser skips Chevrotain's grammar validations when it starts (they cost a fifth of
// `rnnc check`'s start-up); here they run, so a change that makes the grammar ambiguous or
// left-recursive fails the tests instead of passing unnoticed.

import { describe, expect, it } from 'vitest';
import { validatedParser } from '../../src/parser/parser.ts';

describe('the grammar', () => {
  it("passes Chevrotain's own validations", () => {
    expect(() => validatedParser()).not.toThrow();
  });
});

// Shared by the data-loader tests: fixture paths and an assertion on RnncError's code and place.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { RnncError } from '../../../src/runtime/errors.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function fixture(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, ...parts)));
}

/** Runs `fn`, which must throw an RnncError with this code (and place, when given). */
export function rnncError(fn: () => unknown, code: string, where?: string): RnncError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'throws an RnncError').toBeInstanceOf(RnncError);
  const e = thrown as RnncError;
  expect(e.code).toBe(code);
  if (where !== undefined) expect(e.where).toBe(where);
  expect(e.message, 'names no internals').not.toMatch(/undefined|NaN|\[object/);
  return e;
}

/** The values of a typed array as plain numbers, for toEqual. */
export function values(data: Float32Array | Int32Array): number[] {
  return Array.from(data);
}

// What the train / predict / evaluate tests share: the bundled next-number example and its data,
// small .rnn files that go wrong in one way each, .npy fixtures written with rnnc's own writer
// (never NumPy), and the checks every runtime error must pass.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { readNpy } from '../../src/runtime/data/npy-read.ts';
import type { NdArray } from '../../src/runtime/data/nd-array.ts';
import { EXAMPLES, expectNoCrash, type Run } from './run.ts';

/** examples/next_number.rnn: LSTM(1, input=(5, 1)), mean_absolute_error, 500 epochs, seed 42. */
export const NEXT_NUMBER = join(EXAMPLES, 'next_number.rnn');
export const NEXT_X = join(EXAMPLES, 'data', 'next_number_x.npy');
export const NEXT_Y = join(EXAMPLES, 'data', 'next_number_y.npy');

/** The same model's name with another number of units: a saved next_number model does not fit it. */
export const WIDER_NEXT_NUMBER = `model next_number {
  LSTM(2, input=(5, 1))
}

train {
  loss = mean_absolute_error
}
`;

export const NO_TRAIN_BLOCK = `model plain {
  LSTM(1, input=(5, 1))
}
`;

export const NO_DATA = `model nodata {
  LSTM(1, input=(5, 1))
}

train {
  loss = mean_absolute_error
  epochs = 2
}
`;

/** A model of another name: `--model DIR` of a next_number model is not its saved model. */
export const OTHER_MODEL = `model other {
  GRU(2, input=(5, 1))
  Dense(1)
}

train {
  loss = mean_absolute_error
}
`;

/** `units` 0 on line 2, column 8: a check error (E0205). */
export const BROKEN = `model broken {
  LSTM(0, input=(5, 1))
}

train {
  loss = mean_absolute_error
}
`;

/**
 * A learning rate of 1e30 on the next-number data: the first step throws the Dense weights to
 * ~1e30, so the next batch's squared error overflows float32 and the loss becomes Infinity (E0515).
 * (The bare LSTM(1) of the example under mean_absolute_error only saturates: its output is bounded
 * and the MAE gradient is a sign, so it never reaches NaN.)
 */
export const EXPLODING = `model boom {
  LSTM(4, input=(5, 1))
  Dense(1)
}

train {
  loss = mean_squared_error
  optimizer = SGD(learning_rate=1e30)
  epochs = 5
  seed = 1
}
`;

/** A float32 .npy of `shape` in `dir`, filled with `fill(i)` (0.01·i by default). */
export function npy(dir: string, name: string, shape: readonly number[], fill: (i: number) => number = (i) => 0.01 * i): string {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = fill(i);
  const path = join(dir, name);
  writeFileSync(path, writeNpy({ dtype: 'float32', shape, data }));
  return path;
}

export function readArray(path: string): NdArray {
  return readNpy(new Uint8Array(readFileSync(path)), path);
}

export function meanAbsoluteError(a: NdArray, b: NdArray): number {
  expect(a.shape).toEqual(b.shape);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

/** A number as rnnc prints it (`0.0038`, `3.8071e-4`) and half a unit of its last digit. */
export function printedNumber(text: string): { value: number; halfUlp: number } {
  const m = /^(-?\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a printed number: ${text}`);
  const decimals = m[2]?.length ?? 0;
  const exponent = Number(m[3] ?? 0);
  return { value: Number(text), halfUlp: 0.5 * 10 ** (exponent - decimals) };
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  /** Absent when the train block has no validation_split. */
  readonly val_loss: number;
  readonly [key: string]: number;
}

/** The JSON Lines `--log` wrote, one object per epoch. */
export function readLog(path: string): EpochRecord[] {
  const text = readFileSync(path, 'utf8');
  return text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as EpochRecord);
}

/** Each file of `dir` with its bytes, for comparing a saved model before and after. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

/**
 * A runtime error as rnnc prints it: `error[CODE]: message`, ` --> where` (which must mention
 * `where`; a code frame of the line follows a text file's location), `  = help: hint`, the exit
 * code (1 for data and model errors, 2 for usage), and no stack trace.
 */
export function expectLocatedError(run: Run, code: string, where: string | RegExp, exit = 1): void {
  expect(run.stderr).toMatch(new RegExp(`^error\\[${code}\\]: \\S`, 'm'));
  // The arrow and the help line are indented by the width of the frame's line numbers, if any.
  const location = /^ +--> (.+)$/m.exec(run.stderr)?.[1];
  if (typeof where === 'string') expect(location).toContain(where);
  else expect(location).toMatch(where);
  expect(run.stderr).toMatch(/^ {2,}= help: \S/m);
  expect(run.code).toBe(exit);
  expectNoCrash(run);
}

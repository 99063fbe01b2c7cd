// Data for examples/encoder_decoder.rnn, Keras's addition example (examples/nlp/addition_rnn.py):
// the question "123+45" as 7 characters, each one-hot over the 12 symbols "0123456789+ ", and
// the answer "168" as 4 characters. As in Keras's example the question is reversed ("  54+321"
// read backwards), which puts the digits the answer starts with close to the decoder.
// Every sum a+b with a, b < 1000 appears once at most (a+b and b+a count as one question).
//
//   npx tsx examples/data/make-addition.ts   (writes addition_{x,y}.npy here, as bytes)

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/runtime/rng.ts';
import { npyBytes } from './npy-bytes.ts';

export const SYMBOLS = '0123456789+ ';
export const DIGITS = 3;
export const QUESTION = 2 * DIGITS + 1;
export const ANSWER = DIGITS + 1;
export const COUNT = 12000;

export interface Sums {
  readonly questions: string[];
  readonly answers: string[];
}

/** `count` distinct questions with their answers, padded with spaces to their full length. */
export function additions(count: number, seed = 7): Sums {
  const rng = new Rng(seed);
  const number = () => Math.floor(rng.next() * 10 ** (1 + Math.floor(rng.next() * DIGITS)));
  const seen = new Set<string>();
  const questions: string[] = [];
  const answers: string[] = [];
  while (questions.length < count) {
    const a = number();
    const b = number();
    const key = `${Math.min(a, b)}+${Math.max(a, b)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    questions.push(`${a}+${b}`.padEnd(QUESTION));
    answers.push(String(a + b).padEnd(ANSWER));
  }
  return { questions, answers };
}

/** One-hot bytes [n, length, 12], each string read backwards when `reversed`. */
export function oneHot(strings: readonly string[], length: number, reversed: boolean): Uint8Array {
  const out = new Uint8Array(strings.length * length * SYMBOLS.length);
  strings.forEach((s, i) => {
    const chars = reversed ? [...s].reverse() : [...s];
    chars.forEach((c, t) => (out[(i * length + t) * SYMBOLS.length + SYMBOLS.indexOf(c)] = 1));
  });
  return out;
}

/** The string a row of class probabilities [length, 12] spells, most likely symbol per step. */
export function decode(probabilities: ArrayLike<number>, row: number, length: number): string {
  let s = '';
  for (let t = 0; t < length; t++) {
    let best = 0;
    const at = (row * length + t) * SYMBOLS.length;
    for (let k = 1; k < SYMBOLS.length; k++) if (probabilities[at + k]! > probabilities[at + best]!) best = k;
    s += SYMBOLS[best];
  }
  return s;
}

/** The files this script writes, by name. */
export function additionFiles(): Record<string, Uint8Array> {
  const { questions, answers } = additions(COUNT);
  return {
    'addition_x.npy': npyBytes([COUNT, QUESTION, SYMBOLS.length], oneHot(questions, QUESTION, true)),
    'addition_y.npy': npyBytes([COUNT, ANSWER, SYMBOLS.length], oneHot(answers, ANSWER, false)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const [name, bytes] of Object.entries(additionFiles())) writeFileSync(join(dir, name), bytes);
}

// From JSON values to arrays: each sample is a number or rectangular nested lists of numbers;
// samples may differ in their first axis (time steps), and are then padded at the end to the
// longest with a mask marking the real steps. Keras's pad_sequences pads at the front by
// default; rnnc pads at the end so that a mask's real steps and `lengths` read from step 0,
// which is what masked recurrent layers, and a per-step label sequence aligned with x, need.
// Problems come back as values with the JSON path of the culprit, for the caller to locate.

import type { Code } from '../../diagnostics/codes.ts';
import type { DType } from '../../compiler/tensor-type.ts';
import type { JsonPath } from './json-locate.ts';
import { float32, int32, type NdArray } from './nd-array.ts';

export interface Sample {
  readonly dims: readonly number[];
  readonly values: readonly number[];
}

export interface Problem {
  readonly code: Code;
  readonly path: JsonPath;
  readonly message: string;
  readonly hint: string;
}

const SAME_STEPS = 'within a sample every step needs the same number of values; only the number of steps may differ between samples';
const NUMBERS_ONLY = 'write numbers only: fill a gap with 0, or drop the sample';

export interface Field {
  readonly array: NdArray;
  /** [N, T], 1 for a real step and 0 for padding; only when the samples differ in length. */
  readonly mask?: NdArray;
  readonly lengths?: Int32Array;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const items = (n: number) => (n === 1 ? '1 item' : `${n} items`);

/** A value as a message shows it: JSON, cut to 20 characters. A list or an object is shown by
 *  its first entry only, so a value nested thousands deep costs no more than a flat one. */
function show(v: unknown): string {
  let s: string;
  if (Array.isArray(v)) s = v.length === 0 ? '[]' : `[${Array.isArray(v[0]) || isObject(v[0]) ? '…' : show(v[0])}${v.length > 1 ? ', …' : ''}]`;
  else if (isObject(v)) {
    const [key] = Object.keys(v);
    s = key === undefined ? '{}' : `{${JSON.stringify(key)}: …}`;
  } else s = JSON.stringify(v) ?? String(v);
  return s.length > 20 ? `${s.slice(0, 17)}…` : s;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One sample's dims and values in C order, or the first problem in it. */
export function flattenSample(value: unknown, dtype: DType, path: JsonPath): Sample | Problem {
  const dims: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) dims.push(v.length);
  const values: number[] = [];
  const number = (v: unknown): Omit<Problem, 'path'> | undefined => {
    if (Array.isArray(v)) return { code: 'E0608', message: 'a list stands where the other items hold a number', hint: SAME_STEPS };
    if (typeof v !== 'number') return { code: 'E0609', message: `${show(v)} stands where a number belongs`, hint: NUMBERS_ONLY };
    if (dtype === 'float32' && !Number.isFinite(Math.fround(v))) {
      // JSON has no NaN or Infinity; a number such as 1e39 or 1e999 is what reads as one.
      return { code: 'E0625', message: 'a number beyond ±3.4e38 stands here, which is infinite as float32', hint: 'scale the data to roughly -1…1' };
    }
    if (dtype === 'int32' && !(Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX)) {
      const hint = 'ids are whole numbers from 0 to the vocabulary size; check that this is the right file';
      return { code: 'E0618', message: `${show(v)} is not a whole number, and the model's input takes int32 ids`, hint };
    }
    values.push(v);
    return undefined;
  };
  const list = (v: unknown, axis: number): Omit<Problem, 'path'> | undefined => {
    if (!Array.isArray(v)) return { code: 'E0608', message: `${show(v)} stands where the other items hold a list`, hint: SAME_STEPS };
    if (v.length !== dims[axis]) {
      const message = `this list has ${items(v.length)}, but the first list at the same depth has ${dims[axis]}`;
      return { code: 'E0608', message, hint: SAME_STEPS };
    }
    return undefined;
  };
  if (dims.length === 0) {
    const problem = number(value);
    return problem ? { ...problem, path: [...path] } : { dims, values };
  }
  // Depth first over the nested lists, with a stack of its own rather than the call stack's: a
  // sample may nest lists thousands deep. The indices on the stack are the culprit's path.
  const lists: unknown[][] = [value as unknown[]];
  const at: number[] = [0];
  while (lists.length > 0) {
    const axis = lists.length - 1;
    const current = lists[axis]!;
    const i = at[axis]!;
    if (i === current.length) {
      lists.pop();
      at.pop();
      if (at.length > 0) at[at.length - 1]!++;
      continue;
    }
    const item = current[i];
    const problem = axis + 1 === dims.length ? number(item) : list(item, axis + 1);
    if (problem) return { ...problem, path: [...path, ...at] };
    if (axis + 1 === dims.length) at[axis]!++;
    else {
      lists.push(item as unknown[]);
      at.push(0);
    }
  }
  return { dims, values };
}

export function isProblem(s: Sample | Problem): s is Problem {
  return 'code' in s;
}

/** Why sample `index` cannot stand beside the others; the first non-empty sample sets the rule. */
export type StackProblem = { readonly index: number; readonly message: string; readonly hint: string };

/**
 * Stacks samples into one array [N, …]. All must have the same rank and the same dims after the
 * first; first axes that differ are padded with `padValue`. An empty sequence fits any inner dims.
 */
export function stackSamples(samples: readonly Sample[], dtype: DType, padValue: number): Field | StackProblem {
  const reference = samples.find((s) => s.dims[0] !== 0) ?? samples[0];
  const refDims = reference?.dims ?? [];
  for (let i = 0; i < samples.length; i++) {
    const dims = samples[i]!.dims;
    if (dims.length === 1 && dims[0] === 0 && refDims.length >= 1) continue;
    if (dims.length !== refDims.length) {
      const message = `it nests lists ${dims.length} deep, where other samples nest them ${refDims.length} deep`;
      return { index: i, message, hint: 'every sample needs the same kind of value: all numbers, all lists of numbers, or all lists of steps' };
    }
    for (let axis = 1; axis < dims.length; axis++) {
      if (dims[axis] !== refDims[axis]) {
        const message = `its steps have ${dims.slice(1).join(' × ')} values, where other samples have ${refDims.slice(1).join(' × ')}`;
        return { index: i, message, hint: SAME_STEPS.replace('within a sample every step', 'every step of every sample') };
      }
    }
  }
  const inner = refDims.slice(1);
  const stepSize = inner.reduce((a, b) => a * b, 1);
  const lengths = Int32Array.from(samples, (s) => (refDims.length === 0 ? 1 : (s.dims[0] ?? 0)));
  const longest = lengths.reduce((a, b) => Math.max(a, b), 0);
  const sampleSize = longest * stepSize;
  const data = dtype === 'float32' ? new Float32Array(samples.length * sampleSize) : new Int32Array(samples.length * sampleSize);
  if (padValue !== 0) data.fill(padValue);
  samples.forEach((s, i) => data.set(s.values, i * sampleSize));
  const shape = refDims.length === 0 ? [samples.length] : [samples.length, longest, ...inner];
  const array = dtype === 'float32' ? float32(shape, data as Float32Array) : int32(shape, data as Int32Array);
  if (lengths.every((n) => n === longest)) return { array };
  const mask = new Float32Array(samples.length * longest);
  lengths.forEach((n, i) => mask.fill(1, i * longest, i * longest + n));
  return { array, mask: float32([samples.length, longest], mask), lengths };
}

// JSON Lines: one sample per line, `{"x": …, "y": …}`. x and y are numbers or nested lists; a
// model with several inputs takes `"x": {"src": …, "tgt": …}` keyed by its input names, or a
// record with no "x" keyed by them directly (`{"en": "…", "fr": "…"}`, a translation pair). Ragged
// sequences are padded (ragged.ts). Every mistake is reported at `file:line:column`.

import type { ModelInput } from '../../compiler/ir.ts';
import { formatShape } from '../../compiler/tensor-type.ts';
import type { Code } from '../../diagnostics/codes.ts';
import { RnncError } from '../errors.ts';
import { jsonSyntaxError, offsetOf, type JsonPath } from './json-locate.ts';
import { textArray } from './nd-array.ts';
import { flattenSample, isProblem, stackSamples, type Field, type Sample } from './ragged.ts';

export interface JsonlOptions {
  /** The model's inputs, for their names, dtypes and fixed lengths. */
  readonly inputs: readonly Pick<ModelInput, 'name' | 'type'>[];
  /** Read `"y"` from every line (training, evaluation), not at all (prediction), or when the
   *  first sample has one ('auto'). */
  readonly labels: boolean | 'auto';
  /** What shorter sequences are padded with; 0 by default, the id mask_zero skips. */
  readonly padValue?: number;
}

export interface JsonlData {
  /** One field per model input. */
  readonly x: readonly Field[];
  readonly y?: Field;
}

interface Line {
  readonly number: number;
  readonly text: string;
}

export function readJsonl(text: string, file: string, options: JsonlOptions): JsonlData {
  const { inputs } = options;
  let labels = options.labels;
  const fail = (line: Line, path: JsonPath, code: Code, message: string, hint?: string): never => {
    const column = offsetOf(line.text, path) + 1;
    throw new RnncError(code, `line ${line.number} of ${file}: ${message}`, { file, line: line.number, column, text: line.text }, hint);
  };
  const xPath = (i: number, flat = false): JsonPath => (inputs.length === 1 ? ['x'] : flat ? [inputs[i]!.name] : ['x', inputs[i]!.name]);

  const lines: Line[] = [];
  const xs: Sample[][] = inputs.map(() => []);
  const texts: string[][] = inputs.map(() => []);
  const ys: Sample[] = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, index) => {
    const line = { number: index + 1, text: raw.replace(/\r$/, '') };
    if (line.text.trim() === '') return;
    const obj = parseLine(line, file);
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      fail(line, [], 'E0607', 'the line is not an object with "x" and "y"', 'write one object per line: {"x": [1, 2, 3], "y": 0}');
    }
    const record = obj as Record<string, unknown>;
    const flat = inputs.length > 1 && !Object.hasOwn(record, 'x');
    inputs.forEach((input, i) => {
      const path = xPath(i, flat);
      const value = valueAt(record, path);
      if (value === undefined) {
        const what = inputs.length === 1 ? '"x"' : flat ? `"${input.name}" (nor an "x")` : `"x" with the input "${input.name}"`;
        fail(line, path.slice(0, -1), 'E0607', `the sample has no ${what}`, inputs.length === 1 ? undefined : `this model's inputs are ${inputs.map((n) => `"${n.name}"`).join(', ')}`);
      }
      if (input.type.dtype === 'string') {
        const text = textOf(value);
        if (text === undefined) {
          const where = Array.isArray(value) ? [...path, 0] : path;
          fail(line, where, 'E0635', `${path.join('.')} is ${describeJson(Array.isArray(value) && value.length === 1 ? value[0] : value)}, but the model's input \`${input.name}\` takes text`, 'write the text as a JSON string: {"x": "a fine film", "y": 1}');
        }
        texts[i]!.push(text!);
        return;
      }
      const sample = flattenSample(value, input.type.dtype, path);
      if (isProblem(sample)) return fail(line, sample.path, sample.code, sample.message, sample.hint);
      const fixed = input.type.shape[1];
      if (typeof fixed === 'number' && sample.dims.length > 0 && sample.dims[0] !== fixed) {
        fail(line, path, 'E0617', `x has ${sample.dims[0]} steps, but the model's input ${formatShape(input.type.shape)} takes ${fixed}`, 'give every sample the same length, or make the input length None');
      }
      xs[i]!.push(sample);
    });
    if (labels === 'auto') labels = record['y'] !== undefined;
    if (labels) {
      if (record['y'] === undefined) fail(line, [], 'E0607', 'the sample has no "y"', 'training needs a label on every line: {"x": …, "y": …}');
      const sample = flattenSample(record['y'], 'float32', ['y']);
      if (isProblem(sample)) fail(line, sample.path, sample.code, sample.message, sample.hint);
      ys.push(sample as Sample);
    }
    lines.push(line);
  });

  if (lines.length === 0) throw new RnncError('E0614', `${file} holds no samples`, file, 'write one {"x": …, "y": …} object per line');
  const stack = (samples: Sample[], dtype: 'float32' | 'int32', path: JsonPath): Field => {
    const field = stackSamples(samples, dtype, options.padValue ?? 0);
    if ('array' in field) return field;
    return fail(lines[field.index]!, path, 'E0608', `${path.map(String).join('.')} does not fit the samples before it: ${field.message}`, field.hint);
  };
  const x = inputs.map((input, i) => (input.type.dtype === 'string' ? { array: textArray(texts[i]!, input.type.shape.length) } : stack(xs[i]!, input.type.dtype, xPath(i))));
  return labels === true ? { x, y: stack(ys, 'float32', ['y']) } : { x };
}

/** A text sample: a string, or a list of one string (Keras's [["text"]] for an input (1,)). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length} items`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${JSON.stringify(v)}`;
}

function parseLine(line: Line, file: string): unknown {
  try {
    return JSON.parse(line.text);
  } catch {
    const error = jsonSyntaxError(line.text) ?? { offset: 0, message: 'the line is not valid JSON' };
    throw new RnncError(
      'E0606',
      `line ${line.number} of ${file} is not valid JSON: ${error.message}`,
      { file, line: line.number, column: error.offset + 1, text: line.text },
      'each line must be one complete JSON object, such as {"x": [1, 2], "y": 0}',
    );
  }
}

function valueAt(record: Record<string, unknown>, path: JsonPath): unknown {
  let v: unknown = record;
  for (const key of path) v = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key as string] : undefined;
  return v;
}

// Checks loaded data against the model before any training: one array per input, the same
// number of samples everywhere, each array shaped like its input (the batch axis and None axes
// free), ids that are whole numbers inside the Embedding's vocabulary, and labels that suit the
// output and the loss (fit-labels.ts). Conversions happen here too: int data for a float input,
// whole-number floats for an int32 input. Every mismatch is an E06xx RnncError naming the file.

import type { CheckedModel, ModelInput } from '../../compiler/ir.ts';
import { formatShape } from '../../compiler/tensor-type.ts';
import { RnncError } from '../errors.ts';
import { concreteOutput } from './concrete-shape.ts';
import { fitLabels } from './fit-labels.ts';
import { outputNames } from './named.ts';
import { describe, formatDims, indexOf, int32, reshape, showNumber, toFloat32, type NdArray } from './nd-array.ts';

export interface DataFiles {
  /** The file each x array came from, for messages. */
  readonly x: readonly string[];
  /** The label file, or one per model output. */
  readonly y?: string | readonly string[];
}

export interface FittedData {
  /** One array per model input, in the model's input order, with the input's dtype. */
  readonly x: NdArray[];
  /** The first output's labels. */
  readonly y?: NdArray;
  /** One array of labels per model output. */
  readonly ys?: NdArray[];
}

export function fitToModel(model: CheckedModel, x: NdArray | readonly NdArray[], y: NdArray | readonly NdArray[] | undefined, files: DataFiles): FittedData {
  const xs = Array.isArray(x) ? (x as readonly NdArray[]) : [x as NdArray];
  const fileOf = (i: number) => files.x[i] ?? files.x[0] ?? 'the data';
  const names = model.inputs.map((input) => input.name).join(', ');
  if (xs.length !== model.inputs.length) {
    throw new RnncError(
      'E0616',
      `the model takes ${count(model.inputs.length, 'input')} (${names}), but ${count(xs.length, 'array')} of data ${xs.length === 1 ? 'was' : 'were'} given`,
      fileOf(0),
      `give one file per input by name, x = { ${model.inputs.map((i) => `${i.name} = "${i.name}.npy"`).join(', ')} } (--x ${model.inputs.map((i) => `${i.name}=${i.name}.npy`).join(',')}), or one .npz archive with an array named after each input`,
    );
  }
  const fitted = xs.map((a, i) => fitInput(a, model.inputs[i]!, fileOf(i), model));
  const n = fitted[0]!.shape[0]!;
  fitted.forEach((a, i) => sameCount(a, fileOf(i), n, fileOf(0)));
  if (!y) return { x: fitted };
  const ys = Array.isArray(y) ? (y as readonly NdArray[]) : [y as NdArray];
  const yFiles = files.y === undefined ? [] : typeof files.y === 'string' ? [files.y] : files.y;
  const yFileOf = (i: number) => yFiles[i] ?? yFiles[0] ?? fileOf(0);
  if (ys.length !== model.outputTypes.length) {
    const outputs = outputNames(model);
    throw new RnncError(
      'E0620',
      `the model has ${count(outputs.length, 'output')} (${outputs.map((o) => `\`${o}\``).join(', ')}), but ${count(ys.length, 'label array')} ${ys.length === 1 ? 'was' : 'were'} given`,
      yFileOf(0),
      `give one label file per output by name, y = { ${outputs.map((o) => `${o} = "${o}.npy"`).join(', ')} }, or one .npz archive with an array named after each output`,
    );
  }
  ys.forEach((a, i) => sameCount(a, yFileOf(i), n, fileOf(0)));
  const labels = ys.map((a, i) => fitLabels(model, a, yFileOf(i), concreteOutput(model, fitted.map((f) => f.shape), i), i));
  return { x: fitted, y: labels[0]!, ys: labels };
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function sameCount(a: NdArray, file: string, n: number, firstFile: string): void {
  const m = a.shape[0] ?? 1;
  if (a.shape.length === 0 || m !== n) {
    throw new RnncError(
      'E0615',
      `${firstFile} holds ${count(n, 'sample')}, but ${file} holds ${a.shape.length === 0 ? 'a single number' : count(m, 'sample')}`,
      file,
      'the first axis counts samples and must be the same in every file; check that neither file was cut or filtered alone',
    );
  }
}

function fitInput(a: NdArray, input: ModelInput, file: string, model: CheckedModel): NdArray {
  const want = input.type.shape;
  const label = model.inputs.length === 1 ? "the model's input" : `the model's input \`${input.name}\``;
  if (a.shape.length > 0 && a.shape[0] === 0) throw new RnncError('E0614', `${file} holds no samples: its shape is ${formatDims(a.shape)}`, file, 'training and prediction need at least one sample');
  // Deliberately kinder than Keras: data lacking only a trailing feature axis of 1, such as a
  // (N, T) matrix of series for an input (None, T, 1), is taken as (N, T, 1).
  const shaped = a.shape.length === want.length - 1 && want[want.length - 1] === 1 ? reshape(a, [...a.shape, 1]) : a;
  if (input.type.dtype === 'string') {
    if (!shaped.texts) {
      throw new RnncError('E0636', `${file} holds ${describe(a)} values, but ${label} takes text`, file, 'give the texts as strings: "x": "a fine film" in JSON Lines, or a CSV column of text');
    }
    return shaped;
  }
  const fits = shaped.shape.length === want.length && want.every((d, axis) => axis === 0 || d === null || d === shaped.shape[axis]);
  if (!fits) {
    throw new RnncError('E0617', `${file} holds ${describe(a)} values, but ${label} is ${formatShape(want)}`, file, reshapeHint(a, want));
  }
  if (input.type.dtype === 'float32') return toFloat32(shaped);
  const ids = shaped.dtype === 'int32' ? shaped : wholeNumbers(shaped, file, label);
  checkVocabulary(ids, file, vocabularyOf(model, input));
  return ids;
}

function reshapeHint(a: NdArray, want: readonly (number | null)[]): string {
  const fixed = want.slice(1);
  const size = a.shape.slice(1).reduce((p, d) => p * d, 1);
  if (a.shape.length > 0 && fixed.every((d) => d !== null) && fixed.reduce((p, d) => p * d, 1) === size) {
    return `the values are all there in another arrangement: x.reshape(-1, ${fixed.join(', ')}) in NumPy`;
  }
  return `the first axis counts samples; the others must be ${formatShape(want).replace(/^\(None, ?/, '(')}, with None taking any length`;
}

function wholeNumbers(a: NdArray, file: string, label: string): NdArray {
  const out = new Int32Array(a.data.length);
  for (let i = 0; i < a.data.length; i++) {
    const v = a.data[i]!;
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new RnncError(
        'E0618',
        `${file} holds ${showNumber(v)} at ${indexOf(i, a.shape)}, but ${label} takes int32 ids, which are whole numbers`,
        file,
        'check that this is the file of ids; an Embedding reads word or token numbers, not measurements',
      );
    }
    out[i] = v;
  }
  return int32(a.shape, out, a.fileDtype ?? 'float32');
}

/** input_dim of the Embedding that reads this input directly, if one does. */
function vocabularyOf(model: CheckedModel, input: ModelInput): number | undefined {
  const index = model.inputs.indexOf(input);
  for (const n of model.nodes) {
    if (n.layer.type === 'Embedding' && n.inputs.some((r) => r.node === -1 && r.index === index)) return n.layer.config.input_dim;
  }
  return undefined;
}

function checkVocabulary(a: NdArray, file: string, inputDim: number | undefined): void {
  if (inputDim === undefined) return;
  const bad = a.data.findIndex((v) => v < 0 || v >= inputDim);
  if (bad < 0) return;
  const value = a.data[bad]!;
  let largest = 0;
  for (const v of a.data) largest = Math.max(largest, v);
  throw new RnncError(
    'E0619',
    `${file} holds the id ${value} at ${indexOf(bad, a.shape)}, but Embedding(${inputDim}, …) has rows for ids 0 to ${inputDim - 1} only`,
    file,
    value < 0 ? 'ids count from 0; map negative ids to an out-of-vocabulary id' : `the largest id is ${largest}: make it Embedding(${largest + 1}, …), or map rare words to one out-of-vocabulary id`,
  );
}

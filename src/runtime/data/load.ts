// The front door for data: given the files of a train block or the command line, read them in
// the format their names say, and fit them to the model (fit.ts) before anything runs.
//   x, y    separate files: .npy, .csv (rows as a matrix), IDX (.idx, *-ubyte, gzipped as .gz);
//           for a model with several inputs (outputs) x (y) is one file per input (output),
//           a list in the inputs' order or a record keyed by their names (named.ts)
//   data    one file with both: JSON Lines (.jsonl, .ndjson), a CSV series cut into sliding
//           windows (`column`, `window`, `horizon`), which makes its own labels, or a NumPy .npz
//           archive whose entries are named after the model's inputs and outputs, or a plain
//           text (.txt) cut into windows of characters (`window`, `stride`: text-corpus.ts)
// An x that is JSON Lines or .npz is read like `data`.

import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { CheckedModel } from '../../compiler/ir.ts';
import { RnncError } from '../errors.ts';
import { readCsvMatrix, readCsvSeries, readCsvTexts } from './csv.ts';
import { checkFinite, checkScaled } from './finite.ts';
import { fitToModel, type DataFiles } from './fit.ts';
import { readIdx } from './idx.ts';
import { readJsonl } from './jsonl.ts';
import { archiveArrays, filesByName, isNamedFiles, outputNames, type NamedFiles } from './named.ts';
import { float32, type NdArray } from './nd-array.ts';
import { readNpy } from './npy-read.ts';
import { readNpz } from './npz.ts';
import { corpusWindows, readTextCorpus } from './text-corpus.ts';
import { slidingWindows, windowTarget } from './windows.ts';

export interface DataRequest {
  /** One file, or one per model input: in the inputs' order, or keyed by their names. */
  readonly x?: string | readonly string[] | NamedFiles;
  /** One file, or one per model output keyed by the outputs' names. */
  readonly y?: string | NamedFiles;
  /** A file holding x and y together (the train block's `file`, the command line's --data). */
  readonly data?: string;
  /** The CSV column of the series: a header name or a 0-based position. */
  readonly column?: string | number;
  readonly window?: number;
  /** Steps between the window and the value it predicts; 1 by default. */
  readonly horizon?: number;
  /** A text corpus: characters between the starts of two windows; `window` by default. */
  readonly stride?: number;
  /** A text corpus: the ids of its characters (a saved model's); adapted on the text when absent. */
  readonly vocabulary?: readonly string[];
  /** Multiplies x (1/255 for MNIST's bytes); the result is float32. */
  readonly scale?: number;
  /** What shorter JSON Lines sequences are padded with; 0 by default. */
  readonly padValue?: number;
}

export interface LoadedData {
  /** One array per model input, fitted to it. */
  readonly x: NdArray[];
  /** The labels of a model with one output. */
  readonly y?: NdArray;
  /** The labels, one array per model output, in the outputs' order (y is ys[0]). */
  readonly ys?: readonly NdArray[];
  /** [N, T] for padded JSON Lines sequences of the first input: 1 for a real step, 0 for padding. */
  readonly mask?: NdArray;
  readonly lengths?: Int32Array;
  /** [N, T] for padded label sequences. */
  readonly yMask?: NdArray;
  /** A text corpus: the characters its ids stand for, by id ("" and "[UNK]" first). */
  readonly vocabulary?: readonly string[];
  /** The paths as shown in messages (joined to baseDir). */
  readonly files: DataFiles;
}

/** Whether labels must be there (train, evaluate), are dropped (predict), or are read if given. */
export type LabelNeed = 'required' | 'ignored' | 'auto';

type Format = 'npy' | 'npz' | 'jsonl' | 'csv' | 'idx' | 'txt';

export function formatOf(path: string): Format | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.npy')) return 'npy';
  if (name.endsWith('.npz')) return 'npz';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.txt')) return 'txt';
  if (name.endsWith('.idx') || /-ubyte$|\.idx\d-\w+$/.test(name)) return 'idx';
  return undefined;
}

export function loadData(request: DataRequest, model: CheckedModel, baseDir: string, need: LabelNeed = 'auto'): LoadedData {
  checkOptions(request);
  // A decoder fed raw text learns its targets shifted by one step (runtime/text): the data gives
  // the texts, and rnnc makes the labels.
  const labelsFromText = model.decode?.text !== undefined;
  if (labelsFromText && request.y !== undefined) {
    const y = typeof request.y === 'string' ? request.y : Object.values(request.y).join(', ');
    throw new RnncError('E0645', `labels (${y}) were given, but model \`${model.name}\` makes its own from the target text its decode block feeds`, { context: 'data' }, 'leave out y: the labels are the target\'s token ids shifted by one step, ending with the end token');
  }
  const labels: LabelNeed = labelsFromText ? 'ignored' : need;
  const xPaths = request.data !== undefined ? [request.data] : typeof request.x === 'string' ? [request.x] : isNamedFiles(request.x) ? filesByName(request.x, model.inputs.map((i) => i.name), 'input', 'x') : [...(request.x ?? [])];
  if (xPaths.length === 0) {
    throw new RnncError('E0623', 'no data was given', { context: 'data' }, 'add `data = { x = "x.npy", y = "y.npy" }` to the train block, or pass --x and --y (or --data)');
  }
  const shown = (p: string) => (isAbsolute(p) ? p : join(baseDir, p));
  const xFiles = xPaths.map(shown);
  const yPaths = request.y === undefined || labels === 'ignored' ? [] : typeof request.y === 'string' ? [request.y] : filesByName(request.y, outputNames(model), 'output', 'y');
  const yFiles = yPaths.map(shown);
  const files: DataFiles = yFiles.length === 0 ? { x: xFiles } : { x: xFiles, y: yFiles.length === 1 ? yFiles[0]! : yFiles };
  const formats = xFiles.map((f) => knownFormat(f));
  const together = formats[0] === 'jsonl' || formats[0] === 'npz' || formats[0] === 'txt' || (formats[0] === 'csv' && request.window !== undefined);
  const optionFor = (what: string, file: string, hint: string) => new RnncError('E0624', `${what} does not apply to ${file}`, file, hint);
  const text = formats[0] === 'txt';
  if (text) checkCorpusOptions(request, xFiles[0]!);
  else if ((request.column !== undefined || request.window !== undefined) && !formats.every((f) => f === 'csv')) {
    throw optionFor(request.window !== undefined ? '`window`' : '`column`', xFiles[0]!, '`column`, `window` and `horizon` choose a series from a CSV file; `window` and `stride` cut a text (.txt) into windows of characters');
  }
  if (request.stride !== undefined && !text) throw optionFor('`stride`', xFiles[0]!, '`stride` spaces the windows cut from a text corpus (.txt)');
  if (together && (yFiles.length > 0 || xFiles.length > 1)) {
    throw optionFor(yFiles.length > 0 ? 'a separate y file' : 'a second x file', xFiles[0]!, TOGETHER_HINTS[formats[0]!] ?? '');
  }

  const layout: Layout = formats[0] === 'jsonl' ? 'jsonl' : formats[0] === 'npz' ? 'archive' : text ? 'text' : together ? 'windows' : 'arrays';
  const readLayout = LAYOUTS[layout];
  if (!readLayout) throw notInProgram(xFiles[0]!, LAYOUT_NAMES[layout]);
  const read = readLayout({ xFiles, yFiles, model, request, labels });
  const ys = labels === 'ignored' ? undefined : read.ys;
  if (labels === 'required' && !ys) {
    throw new RnncError('E0623', `${xFiles[0]} gives inputs but no labels to train on`, xFiles[0]!, 'give the labels as a y file, as "y" in each JSON line, as the outputs\' entries of an .npz archive, or as a CSV series with `window`');
  }
  const xShown = read.xFiles ?? xFiles;
  const yShown = read.yFiles ?? yFiles;
  const shownFiles: DataFiles = read.yFiles ? { x: xShown, y: yShown } : read.xFiles ? { ...files, x: xShown } : files;
  read.x.forEach((a, i) => checkFinite(a, xShown[i] ?? xShown[0]!, 'x'));
  ys?.forEach((a, i) => checkFinite(a, yShown[i] ?? xShown[0]!, 'y'));
  const x = request.scale === undefined ? read.x : read.x.map((a, i) => scaledChecked(a, request.scale!, xShown[i] ?? xShown[0]!));
  const fitted = fitToModel(model, x, ys, shownFiles);
  const { xFiles: _x, yFiles: _y, ...rest } = read;
  return { ...rest, x: fitted.x, ...(fitted.ys ? { y: fitted.ys[0], ys: fitted.ys } : { ys: undefined, y: undefined }), files: shownFiles };
}

const TOGETHER_HINTS: Partial<Record<Format, string>> = {
  jsonl: 'a JSON Lines file holds the labels as "y" on each line',
  npz: "an .npz archive holds the labels as entries named after the model's outputs",
  csv: 'a CSV series with `window` makes its own labels from the values that follow each window',
  txt: 'a text corpus makes its own labels: the character after each step',
};

/** A text corpus takes `window` (required) and `stride`, and no CSV option. */
function checkCorpusOptions(request: DataRequest, file: string): void {
  if (request.window === undefined) {
    throw new RnncError('E0624', `${file} is a text corpus: say how many characters each sample reads with \`window\``, file, 'add `window = 100` beside the file (--window 100 on the command line)');
  }
  const other = request.column !== undefined ? '`column`' : request.horizon !== undefined ? '`horizon`' : request.scale !== undefined ? '`scale`' : undefined;
  if (other) throw new RnncError('E0624', `${other} does not apply to the text corpus ${file}`, file, 'a text corpus takes `window` and `stride`');
}

function checkOptions(request: DataRequest): void {
  const whole = (name: 'window' | 'horizon' | 'stride') => {
    const v = request[name];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw new RnncError('E0624', `\`${name}\` must be a whole number of at least 1, not ${v}`, { context: 'data' }, `for example ${name} = ${name === 'window' ? 20 : 1}`);
    }
  };
  whole('window');
  whole('horizon');
  whole('stride');
  if (request.horizon !== undefined && request.window === undefined) {
    throw new RnncError('E0624', '`horizon` needs a `window` to count from', { context: 'data' }, 'add `window = 20` (the number of past values each sample sees)');
  }
  if (request.data !== undefined && request.x !== undefined) {
    const x = typeof request.x === 'string' ? request.x : (Array.isArray(request.x) ? (request.x as readonly string[]) : Object.values(request.x)).join(', ');
    throw new RnncError('E0624', `both a data file (${request.data}) and x (${x}) were given`, { context: 'data' }, 'give either one file holding x and y together, or x (and y) files');
  }
  if (request.scale !== undefined && !Number.isFinite(request.scale)) {
    throw new RnncError('E0624', `\`scale\` must be a number, not ${request.scale}`, { context: 'data' }, 'for example scale = 0.00392156862745098 (1/255) for bytes');
  }
}

function knownFormat(file: string): Format {
  const format = formatOf(file);
  if (format) return format;
  throw new RnncError('E0613', `rnnc does not know the format of ${file} from its name`, file, 'name it .npy, .npz, .jsonl, .ndjson, .csv, .txt (a text corpus), .idx or *-ubyte (optionally .gz)');
}

function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : 'it cannot be read';
    throw new RnncError('E0601', `cannot read ${file}: ${reason}`, file, 'paths in a train block are relative to the .rnn file; on the command line, to the current directory');
  }
}

const readText = (file: string) => new TextDecoder().decode(readBytes(file));

function readArray(file: string, format: Format, request: Pick<DataRequest, 'column'>): NdArray {
  const reader = ARRAY_READERS[format];
  if (reader) return reader(file, request);
  if (format === 'jsonl' || format === 'npz' || format === 'txt') {
    const what = format === 'jsonl' ? 'JSON Lines' : format === 'npz' ? 'an .npz archive' : 'a text corpus';
    throw new RnncError('E0624', `${file} is ${what}, which holds x and y together`, file, 'give it as the data file (`file =` in the train block, --data on the command line)');
  }
  throw notInProgram(file, format === 'idx' ? 'IDX' : format === 'csv' ? 'CSV' : '.npy');
}

/**
 * rnnc reads every format; a program `rnnc build` writes carries the readers of the formats its
 * train block names (the tables below, cut to those), and says so when given another.
 */
function notInProgram(file: string, format: string): RnncError {
  return new RnncError('E0613', `${file} is ${format} data, which this program was not built to read`, file, 'give data in the formats of the train block it was built from, or name this file in the train block and run `rnnc build` again');
}

type ArrayReader = (file: string, request: Pick<DataRequest, 'column'>) => NdArray;

/** The readers of an x or y file, by format. */
const ARRAY_READERS: Readonly<Record<string, ArrayReader>> = {
  npy: (file) => readNpy(readBytes(file), file),
  idx: (file) => readIdx(readBytes(file), file),
  csv: (file, request) => readCsvMatrix(readText(file), file, request.column === undefined ? {} : { column: request.column }),
};

/** How the files hold the samples: x (and y) files of arrays, one JSON Lines file, a CSV series,
 *  an .npz archive of named arrays. */
type Layout = 'arrays' | 'jsonl' | 'windows' | 'archive' | 'text';

const LAYOUT_NAMES: Readonly<Record<Layout, string>> = { arrays: 'array', jsonl: 'JSON Lines', windows: 'a CSV series cut into windows', archive: '.npz', text: 'a text corpus' };

interface LayoutRequest {
  readonly xFiles: readonly string[];
  readonly yFiles: readonly string[];
  readonly model: CheckedModel;
  readonly request: DataRequest;
  readonly labels: LabelNeed;
}

/** What a layout read: the arrays, and where they came from when that is not the files given
 *  (an archive's entries). */
type LayoutData = Omit<LoadedData, 'files' | 'y'> & { readonly xFiles?: readonly string[]; readonly yFiles?: readonly string[] };

const LAYOUTS: Readonly<Record<string, (r: LayoutRequest) => LayoutData>> = {
  arrays: ({ xFiles, yFiles, request, model }) => ({
    x: xFiles.map((f, i) => {
      const input = model.inputs[i]?.type;
      // A CSV file for a text input is a column of texts (csv.ts readCsvTexts).
      if (input?.dtype === 'string' && knownFormat(f) === 'csv') return readCsvTexts(readText(f), f, request.column, input.shape.length);
      return readArray(f, knownFormat(f), request);
    }),
    ...(yFiles.length ? { ys: yFiles.map((f) => readArray(f, knownFormat(f), {})) } : {}),
  }),
  jsonl: ({ xFiles, model, request, labels }) => jsonlData(xFiles[0]!, model, request, labels),
  windows: ({ xFiles, model, request }) => windowData(xFiles[0]!, model, request),
  archive: ({ xFiles, model, labels }) => archiveArrays(readNpz(readBytes(xFiles[0]!), xFiles[0]!), xFiles[0]!, model, labels !== 'ignored'),
  text: ({ xFiles, model, request }) => {
    const { x, y, vocabulary } = corpusWindows(readTextCorpus(readBytes(xFiles[0]!), xFiles[0]!), model, { window: request.window!, ...(request.stride === undefined ? {} : { stride: request.stride }), ...(request.vocabulary ? { vocabulary: request.vocabulary } : {}) }, xFiles[0]!);
    return { x: [x], ys: [y], vocabulary };
  },
};

function jsonlData(file: string, model: CheckedModel, request: DataRequest, labels: LabelNeed): LayoutData {
  const options = { inputs: model.inputs, labels: labels === 'auto' ? ('auto' as const) : labels === 'required', padValue: request.padValue ?? 0 };
  const d = readJsonl(readText(file), file, options);
  const [firstX] = d.x;
  return {
    x: d.x.map((f) => f.array),
    ...(d.y ? { ys: [d.y.array] } : {}),
    ...(firstX?.mask ? { mask: firstX.mask } : {}),
    ...(firstX?.lengths ? { lengths: firstX.lengths } : {}),
    ...(d.y?.mask ? { yMask: d.y.mask } : {}),
  };
}

function windowData(file: string, model: CheckedModel, request: DataRequest): LayoutData {
  const window = request.window!;
  const horizon = request.horizon ?? 1;
  const series = readCsvSeries(readText(file), file, request.column === undefined ? {} : { column: request.column });
  const target = windowTarget(model.outputTypes.length === 1 ? model.outputTypes[0] : undefined, window, horizon, file);
  const { x, y } = slidingWindows(series, window, horizon, target, file);
  return { x: [x], ys: [y] };
}

function scaledChecked(a: NdArray, factor: number, file: string): NdArray {
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a.data[i]! * factor;
  const out = float32(a.shape, data, a.fileDtype);
  checkScaled(out, a, factor, file);
  return out;
}

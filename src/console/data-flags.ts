// Where a command's data comes from: `--x/--y` or `--data` on the command line (paths relative
// to the current directory) or, failing those, `data = { … }` in the train block (paths relative
// to the .rnn file). Flags override the block, as for every other train setting. The held-out
// samples likewise: `--validation-x/--validation-y` or `--validation-data`, else the block's
// `validation_data`. A model with several inputs (outputs) takes one file per name:
// `--x src=src.npy,tgt=tgt.npy`, as the block's `x = { src = "src.npy", tgt = "tgt.npy" }`.

import { dirname } from 'node:path';
import { isNamedEntry, type CheckedModel, type DataEntry } from '../compiler/ir.ts';
import { RnncError } from '../runtime/errors.ts';
import { loadData, type DataRequest, type LabelNeed } from '../runtime/data/load.ts';
import type { Dataset } from '../runtime/train/fit.ts';

export interface DataFlags {
  readonly x?: string;
  readonly y?: string;
  readonly data?: string;
  readonly column?: string;
  readonly window?: number;
  readonly horizon?: number;
  readonly stride?: number;
  readonly validationX?: string;
  readonly validationY?: string;
  readonly validationData?: string;
}

/** Inputs and (unless `labels` is 'ignored') targets for `model`, checked against its types; a
 *  text corpus's characters as `vocabulary` numbers them (a saved model's), else as adapted on it. */
export function datasetFor(model: CheckedModel, file: string, flags: DataFlags, labels: LabelNeed, vocabulary?: readonly string[]): Dataset & { readonly vocabulary?: readonly string[] } {
  const { request, fromFlags } = mainRequest(model, flags);
  // Shown paths stay as the user wrote them: relative to the current directory for flags,
  // joined to the .rnn file's folder for the train block.
  const loaded = loadData(vocabulary ? { ...request, vocabulary } : request, model, fromFlags ? '.' : dirname(file), labels);
  return { x: loaded.x, y: loaded.ys ?? [], ...(loaded.vocabulary ? { vocabulary: loaded.vocabulary } : {}) };
}

/** What training reads: the samples, the held-out ones when the flags or the block give any, and
 *  a text corpus's vocabulary (the held-out text is numbered with the training text's). */
export function trainingDataFor(model: CheckedModel, file: string, flags: DataFlags): Dataset & { readonly vocabulary?: readonly string[] } {
  const data = datasetFor(model, file, flags, 'required');
  const main = mainRequest(model, flags).request;
  const heldOut = validationFor(model, file, flags, data.vocabulary ? { ...main, vocabulary: data.vocabulary } : main);
  return heldOut ? { ...data, validation: heldOut } : data;
}

function mainRequest(model: CheckedModel, flags: DataFlags): { request: DataRequest; fromFlags: boolean } {
  const fromFlags = flags.x !== undefined || flags.data !== undefined;
  const block = fromFlags ? {} : (model.train?.data ?? {});
  return { request: dataRequest(fromFlags ? { x: flags.x, y: flags.y, file: flags.data } : block, flags, block, fromFlags), fromFlags };
}

/** Keras's validation_data: the flags' files, else the block's; undefined when neither gives any. */
function validationFor(model: CheckedModel, file: string, flags: DataFlags, main: DataRequest): Dataset['validation'] {
  const fromFlags = flags.validationX !== undefined || flags.validationData !== undefined;
  if (!fromFlags && flags.validationY !== undefined) {
    throw new RnncError('E0624', '--validation-y was given without --validation-x', { context: 'command line' }, 'held-out labels go with held-out inputs: --validation-x X --validation-y Y');
  }
  const block = model.train?.validationData ?? {};
  if (!fromFlags && Object.keys(block).length === 0) return undefined;
  const given = fromFlags ? { x: flags.validationX, y: flags.validationY, file: flags.validationData } : block;
  // The held-out samples are prepared as the training ones are: the same CSV column, windows and scale.
  const request: DataRequest = definedOnly({ ...dataRequest(given, {}, given, fromFlags), column: main.column, window: main.window, horizon: main.horizon, stride: main.stride, scale: main.scale, vocabulary: main.vocabulary, ...optionsOf(fromFlags ? {} : block) });
  const loaded = loadData(request, model, fromFlags ? '.' : dirname(file), 'required');
  return { x: loaded.x, y: loaded.ys ?? [] };
}

/** A record of files (the block's, or the flags' as one) and the options beside it. */
function dataRequest(files: Readonly<Record<string, DataEntry | undefined>>, flags: DataFlags, options: Readonly<Record<string, DataEntry | undefined>>, fromFlags: boolean): DataRequest {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const paths = (v: DataEntry | undefined, flag: string) => (isNamedEntry(v) ? v : fromFlags && typeof v === 'string' ? namedFlag(v, flag) : str(v));
  return definedOnly({
    x: paths(files['x'], '--x'),
    y: paths(files['y'], '--y'),
    data: str(files['file']),
    column: flags.column ?? optionsOf(options).column,
    window: flags.window ?? optionsOf(options).window,
    horizon: flags.horizon ?? optionsOf(options).horizon,
    stride: flags.stride ?? optionsOf(options).stride,
    scale: optionsOf(options).scale,
  });
}

function optionsOf(record: Readonly<Record<string, DataEntry | undefined>>): Pick<DataRequest, 'column' | 'window' | 'horizon' | 'stride' | 'scale'> {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const column = record['column'];
  return definedOnly({ column: typeof column === 'string' || typeof column === 'number' ? column : undefined, window: num(record['window']), horizon: num(record['horizon']), stride: num(record['stride']), scale: num(record['scale']) });
}

/** `src=src.npy,tgt=tgt.npy` as one path per name; any other value is one path. */
function namedFlag(value: string, flag: string): string | Readonly<Record<string, string>> {
  if (!/^[A-Za-z_]\w*=/.test(value)) return value;
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const m = /^([A-Za-z_]\w*)=(.+)$/.exec(part);
    if (!m) {
      throw new RnncError('E0703', `${flag} ${value}: \`${part}\` is not NAME=FILE`, { context: 'command line' }, `one file per input or output name, separated by commas: ${flag} src=src.npy,tgt=tgt.npy`);
    }
    out[m[1]!] = m[2]!;
  }
  return out;
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

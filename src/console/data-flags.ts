// Where a command's data comes from: `--x/--y` or `--data` on the command line (paths relative
// to the current directory) or, failing those, `data = { … }` in the train block (paths relative
// to the .rnn file). Flags override the block, as for every other train setting.

import { dirname } from 'node:path';
import type { CheckedModel } from '../compiler/ir.ts';
import { loadData, type DataRequest, type LabelNeed } from '../runtime/data/load.ts';
import type { Dataset } from '../runtime/train/fit.ts';

export interface DataFlags {
  readonly x?: string;
  readonly y?: string;
  readonly data?: string;
  readonly column?: string;
  readonly window?: number;
  readonly horizon?: number;
}

/** Inputs and (unless `labels` is 'ignored') targets for `model`, checked against its types. */
export function datasetFor(model: CheckedModel, file: string, flags: DataFlags, labels: LabelNeed): Dataset {
  const fromFlags = flags.x !== undefined || flags.data !== undefined;
  const block = fromFlags ? {} : (model.train?.data ?? {});
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const request: DataRequest = definedOnly({
    x: fromFlags ? flags.x : str(block['x']),
    y: fromFlags ? flags.y : str(block['y']),
    data: fromFlags ? flags.data : str(block['file']),
    column: flags.column ?? str(block['column']) ?? num(block['column']),
    window: flags.window ?? num(block['window']),
    horizon: flags.horizon ?? num(block['horizon']),
    scale: num(block['scale']),
  });
  // Shown paths stay as the user wrote them: relative to the current directory for flags,
  // joined to the .rnn file's folder for the train block.
  const loaded = loadData(request, model, fromFlags ? '.' : dirname(file), labels);
  return { x: loaded.x, y: loaded.y ? [loaded.y] : [] };
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// A short, seeded run of an example: its .rnn file and the data its train block names, cut to
// the first `limit` samples, for a few epochs. The examples' full runs take minutes; these take
// seconds and still show whether each one learns.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFor } from '../../src/console/data-flags.ts';
import { compile, type RnnModel } from '../../src/runtime/api.ts';
import type { Logs } from '../../src/runtime/train/callbacks.ts';
import type { Dataset } from '../../src/runtime/train/fit.ts';
import { firstRows } from '../../examples/script.ts';

export const EXAMPLES = join(import.meta.dirname, '../../examples');

export interface ShortRun {
  readonly model: RnnModel;
  readonly epochs: readonly Logs[];
  readonly data: Dataset;
}

export async function exampleModel(file: string, seed = 1): Promise<RnnModel> {
  const path = join(EXAMPLES, file);
  return compile(readFileSync(path, 'utf8'), { path, seed });
}

export function exampleData(model: RnnModel, file: string, limit?: number): Dataset {
  const data = datasetFor(model.model, join(EXAMPLES, file), {}, 'required');
  return { x: data.x.map((a) => firstRows(a, limit)), y: data.y.map((a) => firstRows(a, limit)) };
}

/** Train `file`'s model on its own data (or `data`) for `epochs` epochs; the caller disposes. */
export async function shortRun(file: string, options: { epochs: number; limit?: number; batchSize?: number; data?: Dataset; seed?: number }): Promise<ShortRun> {
  const model = await exampleModel(file, options.seed ?? 1);
  const data = options.data ?? exampleData(model, file, options.limit);
  const history = await model.fit(data, { epochs: options.epochs, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
  return { model, epochs: history.epochs, data };
}

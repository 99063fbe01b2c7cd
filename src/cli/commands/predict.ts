// rnnc predict FILE --model DIR --x X [-o OUT.npy] and rnnc evaluate FILE --model DIR --x X --y Y:
// rebuild the model from its .rnn file, load the weights `rnnc train --out DIR` saved, and run
// it on data checked against the model's input (and output) types first.

import type { CheckedModel } from '../../compiler/ir.ts';
import { RnnModel } from '../../runtime/api.ts';
import { writeNpy } from '../../runtime/data/npy-write.ts';
import { initBackend, type BackendName } from '../../runtime/tf.ts';
import { formatValue } from '../../console/epoch-line.ts';
import { EXIT, writeFileAtomic } from '../io.ts';
import { modelForSavedDir } from './saved-model.ts';
import { datasetFor, type DataFlags } from '../../console/data-flags.ts';

export interface PredictFlags extends DataFlags {
  /** The directory `rnnc train --out` wrote. */
  readonly model: string;
  readonly output?: string;
  readonly batchSize?: number;
  readonly backend: BackendName;
}

async function restore(file: string, flags: PredictFlags): Promise<{ rnn: RnnModel; model: CheckedModel } | number> {
  const chosen = modelForSavedDir(file, flags.model);
  if (typeof chosen === 'number') return chosen;
  const { model } = chosen;
  await initBackend(flags.backend);
  const rnn = new RnnModel(model, 0);
  await rnn.load(flags.model);
  return { rnn, model };
}

export async function runPredict(file: string, flags: PredictFlags): Promise<number> {
  const restored = await restore(file, flags);
  if (typeof restored === 'number') return restored;
  const { rnn, model } = restored;
  const data = datasetFor(model, file, flags, 'ignored');
  const [out] = rnn.predict(data.x, flags.batchSize);
  rnn.dispose();
  if (!out) return EXIT.errors;
  if (flags.output) {
    writeFileAtomic(flags.output, writeNpy(out));
    process.stdout.write(`wrote ${flags.output}: ${out.shape.join('×')} float32\n`);
  } else {
    const row = out.shape.slice(1).reduce((a, b) => a * b, 1);
    for (let i = 0; i < out.shape[0]!; i++) {
      process.stdout.write(Array.from(out.data.subarray(i * row, (i + 1) * row), (v) => formatValue(v)).join(' ') + '\n');
    }
  }
  return EXIT.ok;
}

export async function runEvaluate(file: string, flags: PredictFlags): Promise<number> {
  const restored = await restore(file, flags);
  if (typeof restored === 'number') return restored;
  const { rnn, model } = restored;
  const data = datasetFor(model, file, flags, 'required');
  const logs = rnn.evaluate(data, flags.batchSize);
  rnn.dispose();
  process.stdout.write(Object.entries(logs).map(([k, v]) => `${k}: ${formatValue(v)}`).join(' - ') + '\n');
  return EXIT.ok;
}

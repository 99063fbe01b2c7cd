// rnnc predict FILE --model DIR --x X [-o OUT.npy | -o OUT.npz, one array per output] and rnnc evaluate FILE --model DIR --x X --y Y:
// rebuild the model from its .rnn file, load the weights `rnnc train --out DIR` saved, and run
// it on data checked against the model's input (and output) types first.

import type { CheckedModel } from '../../compiler/ir.ts';
import { RnnModel } from '../../runtime/api.ts';
import { outputNames } from '../../runtime/data/named.ts';
import { writeNpy } from '../../runtime/data/npy-write.ts';
import { writeNpz } from '../../runtime/data/npz.ts';
import { RnncError } from '../../runtime/errors.ts';
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
  const names = outputNames(model);
  const archive = flags.output !== undefined && flags.output.toLowerCase().endsWith('.npz');
  if (flags.output !== undefined && names.length > 1 && !archive) {
    throw new RnncError('E0707', `the model has ${names.length} outputs (${names.join(', ')}), and ${flags.output} is one .npy array`, { context: 'command line' }, `write them to one .npz archive, one array per output: -o ${flags.output.replace(/\.npy$/i, '')}.npz`);
  }
  const data = datasetFor(model, file, flags, 'ignored', rnn.textVocabulary);
  const outs = rnn.predict(data.x, flags.batchSize);
  rnn.dispose();
  if (!outs.length) return EXIT.errors;
  if (flags.output && archive) {
    // numpy.load(path)[name] reads each output, named as Keras's model.output_names.
    writeFileAtomic(flags.output, writeNpz(new Map(outs.map((o, i) => [names[i]!, o]))));
    process.stdout.write(`wrote ${flags.output}: ${outs.map((o, i) => `${names[i]} ${o.shape.join('×')}`).join(', ')} float32\n`);
  } else if (flags.output) {
    const out = outs[0]!;
    writeFileAtomic(flags.output, writeNpy(out));
    process.stdout.write(`wrote ${flags.output}: ${out.shape.join('×')} float32\n`);
  } else {
    outs.forEach((out, k) => {
      if (outs.length > 1) process.stdout.write(`# ${names[k]}\n`);
      const row = out.shape.slice(1).reduce((a, b) => a * b, 1);
      for (let i = 0; i < out.shape[0]!; i++) {
        process.stdout.write(Array.from(out.data.subarray(i * row, (i + 1) * row), (v) => formatValue(v)).join(' ') + '\n');
      }
    });
  }
  return EXIT.ok;
}

export async function runEvaluate(file: string, flags: PredictFlags): Promise<number> {
  const restored = await restore(file, flags);
  if (typeof restored === 'number') return restored;
  const { rnn, model } = restored;
  const data = datasetFor(model, file, flags, 'required', rnn.textVocabulary);
  const logs = rnn.evaluate(data, flags.batchSize);
  rnn.dispose();
  process.stdout.write(Object.entries(logs).map(([k, v]) => `${k}: ${formatValue(v)}`).join(' - ') + '\n');
  return EXIT.ok;
}

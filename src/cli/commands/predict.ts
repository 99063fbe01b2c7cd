// rnnc predict FILE --model DIR --x X [-o OUT.npy] and rnnc evaluate FILE --model DIR --x X --y Y:
// rebuild the model from its .rnn file, load the weights `rnnc train --out DIR` saved, and run
// it on data checked against the model's input (and output) types first.

import { check } from '../../compiler/check.ts';
import type { CheckedModel } from '../../compiler/ir.ts';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { RnnModel, savedModelName } from '../../runtime/api.ts';
import { writeNpy } from '../../runtime/data/npy-write.ts';
import { initBackend, type BackendName } from '../../runtime/tf.ts';
import { formatValue } from '../../console/epoch-line.ts';
import { EXIT, printDiagnostics, readSource, writeFileAtomic } from '../io.ts';
import { datasetFor, type DataFlags } from '../../console/data-flags.ts';
import { RnncError } from '../../runtime/errors.ts';

export interface PredictFlags extends DataFlags {
  /** The directory `rnnc train --out` wrote. */
  readonly model: string;
  readonly output?: string;
  readonly batchSize?: number;
  readonly backend: BackendName;
}

async function restore(file: string, flags: PredictFlags): Promise<{ rnn: RnnModel; model: CheckedModel } | number> {
  const source = readSource(file);
  const result = check(source.text, source.path);
  if (hasErrors(result.diagnostics)) {
    printDiagnostics(result.diagnostics, result.parse.source, process.stderr);
    return EXIT.errors;
  }
  // The saved model records which of the file's models it is; with one model in the file, that
  // one is loaded and a mismatch is the loader's to report (E08xx, at the directory).
  const saved = savedModelName(flags.model);
  const model =
    (saved !== null ? result.models.find((m) => m.name === saved) : undefined) ??
    (result.models.length === 1 ? result.models[0] : undefined);
  if (!model) {
    const names = result.models.map((m) => m.name).join(', ') || 'none';
    throw new RnncError('E0804', saved ? `${flags.model} holds model \`${saved}\`, which ${file} does not define` : `cannot tell which of ${file}'s models ${flags.model} holds`, flags.model, `the file defines: ${names}`);
  }
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
  const [out] = rnn.predict(data.x, flags.batchSize ?? 32);
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

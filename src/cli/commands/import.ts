// rnnc import FILE -o model.rnn: a TensorFlow.js model.json, a Keras 3 .keras archive or a legacy
// Keras .h5 file as a formatted .rnn file and, beside it, rnnc's saved model of its weights (the
// directory `rnnc predict --model` reads). Anything that would import as a different model is a
// diagnostic naming the file and the layer (E082x), and then nothing is written.

import { defaultWeightsDir, importModel, writeImported } from '../../runtime/import-model.ts';
import { EXIT } from '../io.ts';

export interface ImportFlags {
  readonly output: string;
  /** The weights directory (default: the .rnn file's name without .rnn). */
  readonly weights?: string;
  /** The model's name in the .rnn file. */
  readonly name?: string;
  readonly force?: boolean;
}

export async function runImport(file: string, flags: ImportFlags): Promise<number> {
  const imported = await importModel(file, { rnnPath: flags.output, ...(flags.name === undefined ? {} : { name: flags.name }) });
  const dir = flags.weights ?? defaultWeightsDir(flags.output);
  await writeImported(imported, flags.output, dir, flags.force ?? false);
  const params = imported.weights.reduce((n, w) => n + w.data.length, 0);
  process.stdout.write(`imported ${file} (${imported.from}): model ${imported.model.name}, ${imported.model.nodes.length} layers, ${params.toLocaleString('en-US')} parameters\nwrote ${flags.output} and ${dir}/ (rnnc predict ${flags.output} --model ${dir})\n`);
  return EXIT.ok;
}

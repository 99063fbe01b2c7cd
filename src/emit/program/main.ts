// An emitted program's main: what `rnnc train FILE` does (src/cli/commands/train.ts), for the one
// model the program carries. It reads the flags, then runs rnnc's training driver
// (src/console/train-run.ts) with the generated `train`, Keras's fit() written out for the train
// block, on the WASM backend — each step with rnnc's own code, in rnnc's order, so that the same
// seed gives the same numbers and lines as `rnnc train`.
//
// What a program does beside training — load an Embedding's pre-trained table, read a
// TextVectorization's vocabulary file from the .rnn file's folder, write ONNX after training — is
// `extras`, a function rnnc build writes for the programs that need it (src/emit/extras-code.ts):
// a program that needs none carries none of that code.

import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printLocatedError } from '../../console/report.ts';
import { runTraining, type TrainingRun } from '../../console/train-run.ts';
import { RnncError } from '../../runtime/errors.ts';
import { parseFlags, usage, type ProgramFlags } from './command-line.ts';
import { FLAGS, MODEL, RNN_PATH, SOURCE, train } from './generated.ts';

export async function main(argv: readonly string[], extras?: (flags: ProgramFlags, say: (line: string) => void) => Pick<TrainingRun, 'prepare' | 'afterTraining'>): Promise<number> {
  const say = (line: string) => process.stdout.write(line + '\n');
  const here = fileURLToPath(import.meta.url);
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      say(usage(basename(here)));
      return 0;
    }
    // The train block's paths are relative to the .rnn file, as for `rnnc train`.
    const file = relative(process.cwd(), join(dirname(here), RNN_PATH));
    await runTraining({ model: { ...MODEL, train: MODEL.train! }, file, source: SOURCE, flags, flagTable: FLAGS, backend: 'wasm', fit: train, say, ...extras?.(flags, say) });
    return 0;
  } catch (e) {
    if (!(e instanceof RnncError)) throw e;
    printLocatedError(e);
    return e.code.startsWith('E07') ? 2 : 1;
  }
}

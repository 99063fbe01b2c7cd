// rnnc generate FILE --model DIR [--source ids.npy | --prompt IDS|TEXT] [--vocab vocab.json]
// [--temperature T] [--top-k K] [--beam W] [--max-length N] [--seed S] [--json]: rebuild the
// model from its .rnn file and generate with the weights `rnnc train --out DIR` saved, as its
// decode block says — from each row of source ids (a model with an encoder), or continuing a
// prompt (a language model). The driver, src/console/generate-run.ts, is the one the programs
// `rnnc build` writes run too; this command adds only the .rnn file and --backend.

import { generationOptions, runGeneration, type GenerateRunFlags } from '../../console/generate-run.ts';
import type { BackendName } from '../../runtime/tf.ts';
import { EXIT } from '../io.ts';
import { modelForSavedDir } from './saved-model.ts';

export interface GenerateFlags extends GenerateRunFlags {
  readonly backend: BackendName;
}

export async function runGenerate(file: string, flags: GenerateFlags): Promise<number> {
  generationOptions(flags); // the options' mistakes first, before the model loads
  const chosen = modelForSavedDir(file, flags.model);
  if (typeof chosen === 'number') return chosen;
  await runGeneration({ model: chosen.model, flags, backend: flags.backend });
  return EXIT.ok;
}
